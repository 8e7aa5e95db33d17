package dev.herald.notifier;

import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.common.Buffers;
import dev.herald.common.sip.SipHeaders;
import dev.herald.common.sip.TlsContacts;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

/**
 * Builds a NOTIFY from a command alone, without JAIN-SIP dialog objects: the command carries
 * the dialog's identifiers, CSeq and route set.
 */
public final class NotifyRequests {

  private final AddressFactory addresses;
  private final HeaderFactory headers;
  private final MessageFactory messages;

  public NotifyRequests(AddressFactory addresses, HeaderFactory headers, MessageFactory messages) {
    this.addresses = addresses;
    this.headers = headers;
    this.messages = messages;
  }

  /** The NOTIFY for {@code command}, with a Via of {@code via} and the given branch. */
  public Request build(NotifyCommand command, ListeningPoint via, String branch)
      throws ParseException, InvalidArgumentException {
    return build(command, via.getIPAddress(), via.getPort(), via.getTransport(), branch);
  }

  /** The NOTIFY for {@code command}, with a Via of {@code transport} {@code host}:{@code port} and the given branch. */
  public Request build(NotifyCommand command, String host, int port, String transport, String branch)
      throws ParseException, InvalidArgumentException {
    URI requestUri = addresses.createURI(command.getRequestUri());
    CallIdHeader callId = headers.createCallIdHeader(command.getCallId());
    CSeqHeader cseq = headers.createCSeqHeader(command.getCseq(), Request.NOTIFY);
    // RFC 6665 §4.1.2: the notifier is the From side of the dialog, the subscriber the To side.
    FromHeader from = headers.createFromHeader(address(command.getFromUri()), command.getFromTag());
    ToHeader to = headers.createToHeader(address(command.getToUri()), command.getToTag());
    ViaHeader viaHeader = headers.createViaHeader(host, port, transport, branch);
    List<ViaHeader> vias = new ArrayList<>(List.of(viaHeader));
    Request request = messages.createRequest(requestUri, Request.NOTIFY, callId, cseq, from, to, vias,
        headers.createMaxForwardsHeader(70));
    // RFC 3261 §12.2.1.1: the route set, in order, as Route headers (loose routing).
    for (String route : command.getRouteSet()) {
      request.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
    }
    if (command.getContact() != null) {
      request.addHeader(headers.createContactHeader(address(command.getContact())));
      if ("TLS".equalsIgnoreCase(transport)) {
        TlsContacts.pointAtTls(request, null, port, TlsContacts.secure(requestUri));
      }
    }
    // Parsed whole, so that a package such as "dialog;sla" keeps its parameter.
    EventHeader event = (EventHeader) headers.createHeader(EventHeader.NAME, command.getEvent());
    if (command.getEventId() != null) {
      event.setEventId(command.getEventId());
    }
    request.addHeader(event);
    request.addHeader(headers.createHeader("Subscription-State", command.getSubscriptionState()));
    for (Header extra : command.getExtraHeaders()) {
      for (javax.sip.header.Header parsed : SipHeaders.parse(headers, extra.getName(), extra.getValue())) {
        request.addHeader(parsed);
      }
    }
    ByteBuffer body = command.getBody();
    if (body != null && command.getContentType() != null) {
      // Parsed as a whole so that parameters (charset, multipart boundary and type) stay parameters.
      ContentTypeHeader contentType = (ContentTypeHeader) headers.createHeader(ContentTypeHeader.NAME,
          command.getContentType());
      request.setContent(Buffers.copy(body), contentType);
    }
    return request;
  }

  private Address address(String uri) throws ParseException {
    return addresses.createAddress(addresses.createURI(uri));
  }
}
