package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.junit.jupiter.api.Test;

class BadRequestsTest {

  private static SIPRequest parse(String message) throws ParseException {
    return (SIPRequest) new StringMsgParserFactory().createMessageParser(null)
        .parseSIPMessage(message.getBytes(StandardCharsets.UTF_8), true, false, null);
  }

  private static String answer(String request, String source, int port) throws Exception {
    return new String(BadRequests.encode(parse(request), "Missing Call-ID", InetAddress.getByName(source), port),
        StandardCharsets.UTF_8);
  }

  private static final String NO_CALL_ID = "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK.nocid;rport\r\n"
      + "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK.below\r\n"
      + "From: <sip:alice@example.com>;tag=a1\r\n"
      + "To: <sip:bob@example.com>\r\n"
      + "CSeq: 7 SUBSCRIBE\r\n"
      + "Max-Forwards: 70\r\n"
      + "Content-Length: 0\r\n\r\n";

  @Test
  void theStackInternalsTheAnswerIsSentThroughAreThere() {
    assertThat(BadRequests.UDP_PACKET).isNotNull();
    assertThat(BadRequests.UDP_SOCKET).isNotNull();
    assertThat(BadRequests.STREAM_SOCKET).isNotNull();
  }

  @Test
  void the400CopiesWhatParsedAndNamesTheProblemInItsReasonPhrase() throws Exception {
    String response = answer(NO_CALL_ID, "198.51.100.9", 40000);

    assertThat(response).startsWith("SIP/2.0 400 Missing Call-ID\r\n")
        .contains("CSeq: 7 SUBSCRIBE\r\n").contains("From: <sip:alice@example.com>;tag=a1\r\n")
        .contains(",SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK.below\r\n")
        .doesNotContainIgnoringCase("\r\nCall-ID:").endsWith("Content-Length: 0\r\n\r\n");
  }

  @Test
  void withRportTheTopViaGetsTheSourceAddressAndPort() throws Exception {
    // RFC 3581 §4: received even when it equals sent-by, rport set to the source port.
    String response = answer(NO_CALL_ID, "192.0.2.7", 40000);

    assertThat(response)
        .contains("Via: SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK.nocid;rport=40000;received=192.0.2.7,");
  }

  @Test
  void withoutRportReceivedIsAddedOnlyWhenSentByIsNotTheSource() throws Exception {
    // RFC 3261 §18.2.1
    String plain = NO_CALL_ID.replace(";rport", "");

    assertThat(answer(plain, "192.0.2.7", 40000)).contains("Via: SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK.nocid,");
    assertThat(answer(plain, "198.51.100.9", 40000))
        .contains("Via: SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK.nocid;received=198.51.100.9,");
  }

  @Test
  void theToTagIsTheSameForARetransmission() throws Exception {
    // RFC 3261 §8.2.6.2, §8.2.7
    String first = answer(NO_CALL_ID, "192.0.2.7", 40000);
    String again = answer(NO_CALL_ID, "192.0.2.7", 40000);
    String other = answer(NO_CALL_ID.replace("z9hG4bK.nocid", "z9hG4bK.other"), "192.0.2.7", 40000);

    assertThat(toOf(first)).matches("<sip:bob@example.com>;tag=[0-9a-f]{16}").isEqualTo(toOf(again))
        .isNotEqualTo(toOf(other));
  }

  private static String toOf(String response) {
    return response.lines().filter(l -> l.startsWith("To: ")).findFirst().orElseThrow().substring(4);
  }
}
