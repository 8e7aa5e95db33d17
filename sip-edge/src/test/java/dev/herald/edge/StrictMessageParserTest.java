package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictMessageParserTest {

  private static final String BODY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
      + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:bob@example.com\"/>\r\n";

  /** A PUBLISH as a softphone sends it over UDP: no Content-Length, an empty Supported. */
  private static final String HEAD = "PUBLISH sip:bob@example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK.Jk2k9DPrk;rport\r\n"
      + "From: <sip:bob@example.com>;tag=vZ4uQq7ib\r\n"
      + "To: <sip:bob@example.com>\r\n"
      + "Call-ID: mAwj1DlHEd\r\n"
      + "CSeq: 20 PUBLISH\r\n"
      + "Max-Forwards: 70\r\n"
      + "Supported:\r\n"
      + "Event: presence\r\n"
      + "Expires: 600\r\n"
      + "SIP-If-Match: 1.8a7a1f9e6c\r\n"
      + "Content-Type: application/pidf+xml\r\n";

  private static SIPRequest parse(String message, boolean datagram) throws ParseException {
    return (SIPRequest) new StrictMessageParser().createMessageParser(null)
        .parseSIPMessage(message.getBytes(StandardCharsets.UTF_8), datagram, false, null);
  }

  @Test
  void overUdpABodyWithoutContentLengthRunsToTheEndOfTheDatagram() throws ParseException {
    SIPRequest request = parse(HEAD + "\r\n" + BODY, true);

    assertThat(new String(request.getRawContent(), StandardCharsets.UTF_8)).isEqualTo(BODY);
    assertThat(request.getContentLength().getContentLength()).isEqualTo(BODY.length());
  }

  @Test
  void overUdpNoBodyAndNoContentLengthIsNoBody() throws ParseException {
    assertThat(parse(HEAD + "\r\n", true).getRawContent()).isNull();
  }

  @Test
  void aContentLengthStillDecides() throws ParseException {
    SIPRequest request = parse(HEAD + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY, true);

    assertThat(new String(request.getRawContent(), StandardCharsets.UTF_8)).isEqualTo(BODY);
  }

  @Test
  void overTcpContentLengthFramesTheMessageAndNoneMeansNoBody() throws ParseException {
    assertThat(parse(HEAD + "\r\n", false).getRawContent()).isNull();
  }

  private static final String SUBSCRIBE = "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK.sub1;rport\r\n"
      + "Max-Forwards: 70\r\n"
      + "From: <sip:alice@example.com>;tag=a1\r\n"
      + "To: <sip:bob@example.com>\r\n"
      + "Call-ID: sub1@192.0.2.7\r\n"
      + "CSeq: 1 SUBSCRIBE\r\n"
      + "Contact: <sip:alice@192.0.2.7>\r\n"
      + "Event: presence\r\n"
      + "Expires: 600\r\n"
      + "Content-Length: 0\r\n\r\n";

  private static String with(String header, String line) {
    String replaced = SUBSCRIBE.replaceFirst("(?m)^" + header + ":[^\r\n]*\r\n", line == null ? "" : line + "\r\n");
    assertThat(replaced).isNotEqualTo(SUBSCRIBE);
    return replaced;
  }

  /** RFC 3261 §8.1.1: every request carries To, From, CSeq and Call-ID; §21.4.1: 400 names what is wrong. */
  @ParameterizedTest
  @CsvSource({"From, Missing From", "To, Missing To", "Call-ID, Missing Call-ID", "CSeq, Missing CSeq",
      "Via, Missing Via"})
  void aRequestWithoutAMandatoryHeaderIsRejectedNamingIt(String header, String reason) {
    assertThatThrownBy(() -> parse(with(header, null), true)).isInstanceOf(ParseException.class).hasMessage(reason);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CSeq | CSeq: abc SUBSCRIBE | Bad CSeq",
      "CSeq | CSeq: 1 | Bad CSeq",
      "To | To: <sip:bob@example.com | Bad To",
      "From | From: <sip:alice@example.com;tag=a1 | Bad From",
      "From | f: <sip:alice@example.com;tag=a1 | Bad From"})
  void aRequestWithAMandatoryHeaderThatDoesNotParseIsRejectedNamingIt(String header, String line, String reason) {
    assertThatThrownBy(() -> parse(with(header, line), true)).isInstanceOf(ParseException.class).hasMessage(reason);
  }

  @Test
  void aRequestWithAViaThatDoesNotParseIsRejectedAsBadViaWithNoViaLeftToAnswerTo() {
    String twoVias = with("Via", "Via: not a via\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK.lower");

    assertThatThrownBy(() -> parse(twoVias, true)).isInstanceOf(ParseException.class).hasMessage("Bad Via");
  }

  /** RFC 3261 §20.19, §25.1: Expires is delta-seconds, 1*DIGIT, 0 to 2^32-1. */
  @ParameterizedTest
  @ValueSource(strings = {"-1", "abc", "60x", "4294967296", "Thu, 01 Dec 2044 16:00:00 GMT"})
  void anExpiresThatIsNotDeltaSecondsIsRejectedAsBadExpires(String value) {
    assertThatThrownBy(() -> parse(with("Expires", "Expires: " + value), false))
        .isInstanceOf(ParseException.class).hasMessage("Bad Expires");
  }

  @Test
  void anExpiresBeyondWhatTheStackHoldsButWithinDeltaSecondsIsKeptAsItsLargest() throws ParseException {
    SIPRequest request = parse(with("Expires", "Expires: 4294967295"), true);

    assertThat(request.getExpires().getExpires()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aWellFormedRequestWithCompactHeadersPasses() throws ParseException {
    String compact = with("Call-ID", "i: sub1@192.0.2.7").replace("From: ", "f: ").replace("To: ", "t: ");

    SIPRequest request = parse(compact, true);

    assertThat(request.getCallId().getCallId()).isEqualTo("sub1@192.0.2.7");
    assertThat(request.getExpires().getExpires()).isEqualTo(600);
  }

  @Test
  void aResponseWithABadCSeqIsStillRefusedByTheStack() {
    String response = "SIP/2.0 200 OK\r\n"
        + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK.r1\r\n"
        + "From: <sip:alice@example.com>;tag=a1\r\n"
        + "To: <sip:bob@example.com>;tag=b1\r\n"
        + "Call-ID: r1@192.0.2.7\r\n"
        + "CSeq: abc NOTIFY\r\n"
        + "Content-Length: 0\r\n\r\n";
    gov.nist.javax.sip.parser.ParseExceptionListener stack = (ex, message, headerClass, header, text) -> {
      throw ex;
    };

    assertThatThrownBy(() -> new StrictMessageParser().createMessageParser(null)
        .parseSIPMessage(response.getBytes(StandardCharsets.UTF_8), true, false, stack))
        .isInstanceOf(ParseException.class);
  }
}
