package dev.herald.edge;

import java.text.ParseException;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Requests of the edge's unit tests, parsed by JAIN-SIP from their text. */
final class SipRequests {

  static final MessageFactory MESSAGES;
  static final HeaderFactory HEADERS;
  static final AddressFactory ADDRESSES;

  static {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    try {
      MESSAGES = factory.createMessageFactory();
      HEADERS = factory.createHeaderFactory();
      ADDRESSES = factory.createAddressFactory();
    } catch (PeerUnavailableException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private SipRequests() {}

  /** A {@code method} from alice to bob, its transaction named by {@code branch}, with {@code extraHeaders} lines. */
  static Request request(String method, String branch, String... extraHeaders) {
    return parse(method + " sip:bob@example.com SIP/2.0\n"
        + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=" + branch + "\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <sip:bob@example.com>\n"
        + "Call-ID: " + branch + "@192.0.2.10\n"
        + "CSeq: 1 " + method + "\n"
        + "Max-Forwards: 70\n"
        + "Contact: <sip:alice@192.0.2.10:5062>\n"
        + Arrays.stream(extraHeaders).map(header -> header + "\n").collect(Collectors.joining())
        + "Content-Length: 0\n\n");
  }

  /** A SUBSCRIBE to bob's presence. */
  static Request subscribe(String branch, String... extraHeaders) {
    return request(Request.SUBSCRIBE, branch,
        Stream.concat(Stream.of("Event: presence"), Arrays.stream(extraHeaders)).toArray(String[]::new));
  }

  static Request parse(String text) {
    try {
      return MESSAGES.createRequest(text.replace("\n", "\r\n"));
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a request: " + text, e);
    }
  }

  static Response response(Request request, int status) {
    try {
      return MESSAGES.createResponse(status, request);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
