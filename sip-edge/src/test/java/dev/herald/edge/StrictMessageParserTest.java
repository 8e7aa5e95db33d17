package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.junit.jupiter.api.Test;

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
}
