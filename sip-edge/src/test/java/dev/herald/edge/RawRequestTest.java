package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RawRequestTest {

  private static final String PUBLISH = """
      PUBLISH sip:bob@example.com SIP/2.0\r
      Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1;rport\r
      Max-Forwards: 70\r
      From: <sip:bob@example.com>;tag=from-1\r
      To: <sip:bob@example.com>\r
      Call-ID: call-1@192.0.2.10\r
      CSeq: 7 PUBLISH\r
      Event: presence;id=1\r
      Expires: 600\r
      Content-Type: application/pidf+xml\r
      Content-Length: 4\r
      \r
      body""";

  private static Optional<RawRequest> read(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
    return RawRequest.read(bytes, 0, bytes.length);
  }

  private static SIPRequest parsed(String message) throws Exception {
    return (SIPRequest) new StringMsgParser().parseSIPMessage(message.getBytes(StandardCharsets.ISO_8859_1), true,
        false, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1;rport",
      "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1",
      "v: SIP/2.0/udp Phone.Example.COM:5062 ;branch=z9hG4bKabc ; rport",
      "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1, SIP/2.0/UDP 192.0.2.99;branch=z9hG4bK-proxy",
      "Via: SIP/2.0/UDP host.example.com:5060;ttl=3;branch=z9hG4bK.x-y_z"})
  void theTransactionIdIsTheOneTheStackGivesTheParsedRequest(String via) throws Exception {
    String message = PUBLISH.replace("Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1;rport", via);

    RawRequest raw = read(message).orElseThrow();

    assertThat(raw.requestId()).isEqualTo(RequestIds.of(parsed(message)));
    assertThat(raw.method()).isEqualTo("PUBLISH");
    assertThat(raw.eventPackage()).isEqualTo("presence");
  }

  @Test
  void compactHeadersAreRead() throws Exception {
    String message = PUBLISH.replace("From:", "f:").replace("To:", "t:").replace("Call-ID:", "i:")
        .replace("Event:", "o:");

    RawRequest raw = read(message).orElseThrow();

    assertThat(raw.requestId()).isEqualTo(RequestIds.of(parsed(message)));
    assertThat(raw.eventPackage()).isEqualTo("presence");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "OPTIONS sip:bob@example.com SIP/2.0",
      "PUBLISH sip:bob@example.com SIP/3.0",
      "Via: SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK-1",
      "Via: SIP/2.0/TCP 192.0.2.10:5070;branch=z9hG4bK-1",
      "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=1234",
      "Via: SIP/2.0/UDP 192.0.2.10:5070;maddr=224.0.0.1;branch=z9hG4bK-1",
      "Via: SIP/2.0/UDP 192.0.2.10:5070;received=192.0.2.1;branch=z9hG4bK-1",
      "Via: SIP/2.0/UDP 192.0.2.10:50700000;branch=z9hG4bK-1",
      "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1\r\n  ;rport",
      "CSeq: 7 SUBSCRIBE",
      "CSeq: seven PUBLISH",
      "Call-ID: call-1@192.0.2.10\r\ni: again"})
  void whatIsNotInThePlainShapeIsLeftToTheStack(String change) {
    String message = switch (change.substring(0, change.indexOf(' '))) {
      case "OPTIONS", "PUBLISH" -> PUBLISH.replace("PUBLISH sip:bob@example.com SIP/2.0", change);
      case "CSeq:" -> PUBLISH.replace("CSeq: 7 PUBLISH", change);
      case "Call-ID:" -> PUBLISH.replace("Call-ID: call-1@192.0.2.10", change);
      default -> PUBLISH.replace("Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1;rport", change);
    };

    assertThat(read(message)).isEmpty();
  }

  @Test
  void aResponseOrAMessageWithoutItsBlankLineIsLeftToTheStack() {
    assertThat(read("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\n\r\n")).isEmpty();
    assertThat(read(PUBLISH.substring(0, PUBLISH.indexOf("\r\n\r\n")))).isEmpty();
  }

  @Test
  void theRefusalCopiesTheHeadersAResponseCopiesAndAddsTagReceivedRportAndRetryAfter() throws Exception {
    String message = PUBLISH.replace("Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1;rport",
        "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1;rport\r\nVia: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK-p");
    RawRequest raw = read(message).orElseThrow();
    InetAddress source = InetAddress.getByName("198.51.100.7");

    byte[] bytes = raw.serviceUnavailable(source, 40000, 5);

    SIPResponse response = (SIPResponse) new StringMsgParser().parseSIPMessage(bytes, true, false, null);
    SIPRequest request = parsed(message);
    assertThat(response.getStatusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After").toString()).contains("5");
    ViaList vias = response.getViaHeaders();
    assertThat(vias).hasSize(2);
    ViaHeader top = (ViaHeader) vias.getFirst();
    assertThat(top.getBranch()).isEqualTo("z9hG4bK-1");
    assertThat(top.getReceived()).isEqualTo("198.51.100.7");
    assertThat(top.getRPort()).isEqualTo(40000);
    assertThat(((ViaHeader) vias.get(1)).getHost()).isEqualTo("proxy.example.com");
    assertThat(((ToHeader) response.getHeader(ToHeader.NAME)).getTag()).isEqualTo(RequestIds.tagFor(raw.requestId()));
    assertThat(((FromHeader) response.getHeader(FromHeader.NAME)).getTag()).isEqualTo("from-1");
    assertThat(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId())
        .isEqualTo(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
    assertThat(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()).isEqualTo(7);
    assertThat(response.getContentLength().getContentLength()).isZero();
    // RFC 3581 §4: with rport the answer goes to the source address and port.
    assertThat(raw.responseDestination(source, 40000)).isEqualTo(new InetSocketAddress(source, 40000));
  }

  @Test
  void withoutRportTheRefusalGoesToTheSentByPortAndKeepsAnExistingToTag() throws Exception {
    String message = PUBLISH.replace(";rport", "").replace("To: <sip:bob@example.com>",
        "To: <sip:bob@example.com;tag=uri-param>;tag=dialog-1");
    RawRequest raw = read(message).orElseThrow();
    InetAddress source = InetAddress.getByName("192.0.2.10");

    SIPResponse response = (SIPResponse) new StringMsgParser().parseSIPMessage(
        raw.serviceUnavailable(source, 40000, 5), true, false, null);

    assertThat(((ToHeader) response.getHeader(ToHeader.NAME)).getTag()).isEqualTo("dialog-1");
    ViaHeader top = (ViaHeader) response.getViaHeaders().getFirst();
    // RFC 3261 §18.2.1: received only where the sent-by is not the source.
    assertThat(top.getReceived()).isNull();
    assertThat(raw.responseDestination(source, 40000)).isEqualTo(new InetSocketAddress(source, 5070));
  }

  @Test
  void aToWhoseUriAloneHasATagIsUntagged() {
    String message = PUBLISH.replace("To: <sip:bob@example.com>", "To: <sip:bob@example.com;tag=uri-param>");

    assertThat(read(message).orElseThrow().toTagged()).isFalse();
  }

  static Stream<Path> tortureMessages() throws Exception {
    Path dir = Path.of(RawRequestTest.class.getResource("/rfc4475").toURI());
    return Files.list(dir).filter(path -> path.toString().endsWith(".dat")).sorted();
  }

  /** RFC 4475: whatever the socket reads of a torture message is what the stack makes of it, and nothing throws. */
  @ParameterizedTest
  @MethodSource("tortureMessages")
  void aTortureMessageIsLeftToTheStackOrReadAsTheStackReadsIt(Path message) throws Exception {
    byte[] bytes = Files.readAllBytes(message);

    Optional<RawRequest> raw = RawRequest.read(bytes, 0, bytes.length);

    if (raw.isPresent()) {
      SIPRequest parsed = (SIPRequest) new StringMsgParser().parseSIPMessage(bytes, true, false, null);
      assertThat(raw.get().requestId()).isEqualTo(RequestIds.of(parsed));
      assertThat(raw.get().method()).isEqualTo(parsed.getMethod());
      raw.get().serviceUnavailable(InetAddress.getLoopbackAddress(), 5060, 5);
    }
  }
}
