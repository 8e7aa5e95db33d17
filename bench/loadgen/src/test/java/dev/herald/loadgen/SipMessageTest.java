package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipMessageTest {

  private static SipMessage parse(String text) {
    SipMessage message = new SipMessage();
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(message.parse(bytes, bytes.length)).as("parsed").isTrue();
    return message;
  }

  private static boolean parses(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return new SipMessage().parse(bytes, bytes.length);
  }

  @Test
  void readsTheStatusBranchTagsEntityTagAndExpiresOfAResponse() {
    SipMessage m = parse("SIP/2.0 200 OK\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.1:5070;rport=5070;branch=z9hG4bKabc.17;received=10.0.0.1\r\n"
        + "From: <sip:load-1@example.com>;tag=run-5\r\n"
        + "To: <sip:load-1@example.com;user=phone>;tag=f00d\r\n"
        + "Call-ID: run-p5@10.0.0.1\r\n"
        + "CSeq: 1 PUBLISH\r\n"
        + "SIP-ETag: 3.abcdef\r\n"
        + "Expires: 3600\r\n"
        + "Content-Length: 0\r\n\r\n");

    assertThat(m.isResponse()).isTrue();
    assertThat(m.status).isEqualTo(200);
    assertThat(m.text(m.branchStart, m.branchEnd)).isEqualTo("z9hG4bKabc.17");
    assertThat(m.text(m.fromTagStart, m.fromTagEnd)).isEqualTo("run-5");
    assertThat(m.text(m.toTagStart, m.toTagEnd)).isEqualTo("f00d");
    assertThat(m.text(m.callIdStart, m.callIdEnd)).isEqualTo("run-p5@10.0.0.1");
    assertThat(m.cseq).isEqualTo(1);
    assertThat(m.cseqMethodIs("PUBLISH")).isTrue();
    assertThat(m.etag()).isEqualTo("3.abcdef");
    assertThat(m.expires).isEqualTo(3600);
    assertThat(m.hasRetryAfter()).isFalse();
    assertThat(m.body()).isEmpty();
  }

  @Test
  void aTagInsideTheAngleBracketsIsAUriParameterNotTheTag() {
    SipMessage m = parse("SIP/2.0 200 OK\r\nTo: <sip:a@b;tag=no>\r\nCall-ID: c\r\nCSeq: 1 SUBSCRIBE\r\n\r\n");

    assertThat(m.toTagStart).isEqualTo(-1);
  }

  @Test
  void readsCompactHeaderNamesInAnyCase() {
    SipMessage m = parse("SIP/2.0 503 Service Unavailable\r\n"
        + "v: SIP/2.0/UDP h:1;branch=z9hG4bKx.1\r\n"
        + "f: <sip:a@b>;tag=1\r\n"
        + "t: <sip:a@b>;TAG=2\r\n"
        + "i: id-1\r\n"
        + "cseq: 3 SUBSCRIBE\r\n"
        + "RETRY-AFTER: 5\r\n"
        + "l: 0\r\n\r\n");

    assertThat(m.status).isEqualTo(503);
    assertThat(m.text(m.branchStart, m.branchEnd)).isEqualTo("z9hG4bKx.1");
    assertThat(m.text(m.toTagStart, m.toTagEnd)).isEqualTo("2");
    assertThat(m.text(m.callIdStart, m.callIdEnd)).isEqualTo("id-1");
    assertThat(m.cseq).isEqualTo(3);
    assertThat(m.hasRetryAfter()).isTrue();
  }

  @Test
  void takesTheBodyByContentLengthAndTheBranchOfTheTopVia() {
    String body = "<presence/>";
    SipMessage m = parse("NOTIFY sip:w@10.0.0.1:5070 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.9:5080;branch=z9hG4bKtop\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.8:5060;branch=z9hG4bKsecond\r\n"
        + "From: <sip:load-1@example.com>;tag=srv\r\n"
        + "To: <sip:watcher-1@example.com>;tag=run-1\r\n"
        + "Call-ID: run-w1@10.0.0.1\r\n"
        + "CSeq: 7 NOTIFY\r\n"
        + "Subscription-State: terminated;reason=timeout\r\n"
        + "Content-Type: application/pidf+xml\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body + "trailing junk");

    assertThat(m.isMethod("NOTIFY")).isTrue();
    assertThat(m.text(m.branchStart, m.branchEnd)).isEqualTo("z9hG4bKtop");
    assertThat(m.vias).isEqualTo(2);
    assertThat(m.body()).isEqualTo(body);
    assertThat(m.subscriptionTerminated()).isTrue();
    assertThat(m.cseq).isEqualTo(7);
  }

  @Test
  void acceptsBareLineFeedsAndAMissingFinalEmptyLine() {
    SipMessage m = parse("SIP/2.0 200 OK\nCall-ID: x\nCSeq: 2 PUBLISH\n");

    assertThat(m.status).isEqualTo(200);
    assertThat(m.text(m.callIdStart, m.callIdEnd)).isEqualTo("x");
    assertThat(m.cseq).isEqualTo(2);
  }

  @Test
  void rejectsWhatIsNotAUsableSipMessage() {
    assertThat(parses("")).isFalse();
    assertThat(parses("hello")).isFalse();
    assertThat(parses("SIP/2.0 2x0 OK\r\nCall-ID: x\r\nCSeq: 1 A\r\n\r\n")).isFalse();
    assertThat(parses("SIP/2.0 200 OK\r\nCSeq: 1 A\r\n\r\n")).as("no Call-ID").isFalse();
    assertThat(parses("SIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n")).as("no CSeq").isFalse();
  }

  @Test
  void oneInstanceParsesOneDatagramAfterAnotherWithoutLeftovers() {
    SipMessage m = new SipMessage();
    byte[] first = "SIP/2.0 200 OK\r\nCall-ID: a\r\nCSeq: 1 PUBLISH\r\nSIP-ETag: e1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] second = "SIP/2.0 412 Nope\r\nCall-ID: b\r\nCSeq: 1 PUBLISH\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    m.parse(first, first.length);
    m.parse(second, second.length);

    assertThat(m.status).isEqualTo(412);
    assertThat(m.etag()).isNull();
  }
}
