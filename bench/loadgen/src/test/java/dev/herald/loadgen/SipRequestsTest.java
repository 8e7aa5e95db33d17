package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipRequestsTest {

  private final SipRequests requests = new SipRequests("r1", "10.0.0.1", 5070, "example.com", "load-");
  private final SipWriter out = new SipWriter(4096);

  private static SipMessage parse(SipWriter out) {
    SipMessage message = new SipMessage();
    byte[] copy = java.util.Arrays.copyOf(out.array(), out.length());
    assertThat(message.parse(copy, copy.length)).isTrue();
    return message;
  }

  private static SipMessage parse(String text) {
    SipMessage message = new SipMessage();
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(message.parse(bytes, bytes.length)).isTrue();
    return message;
  }

  @Test
  void aNewSubscribeIsAPresenceSubscriptionWithItsOwnDialogIdentifiers() {
    requests.subscribe(out, 42, 'w', 7, 3, 1, 600, null, 0);

    assertThat(out.toString()).isEqualTo("SUBSCRIBE sip:load-3@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.1:5070;rport;branch=z9hG4bKr1.42\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:watcher-7@example.com>;tag=r1-7\r\n"
        + "To: <sip:load-3@example.com>\r\n"
        + "Call-ID: r1-w7@10.0.0.1\r\n"
        + "CSeq: 1 SUBSCRIBE\r\n"
        + "Contact: <sip:watcher-7@10.0.0.1:5070>\r\n"
        + "Event: presence\r\n"
        + "Accept: application/pidf+xml\r\n"
        + "Expires: 600\r\n"
        + "User-Agent: herald-loadgen\r\n"
        + "Content-Length: 0\r\n\r\n");
  }

  @Test
  void aListSubscribeSaysEventlistAndAcceptsRlmiAndMultipart() {
    requests.listSubscribe(out, 44, 'l', 0, "sip:friends@lists.example.com", 1, 900, null, 0);

    assertThat(out.toString()).isEqualTo("SUBSCRIBE sip:friends@lists.example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.1:5070;rport;branch=z9hG4bKr1.44\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:watcher-0@example.com>;tag=r1-0\r\n"
        + "To: <sip:friends@lists.example.com>\r\n"
        + "Call-ID: r1-l0@10.0.0.1\r\n"
        + "CSeq: 1 SUBSCRIBE\r\n"
        + "Contact: <sip:watcher-0@10.0.0.1:5070>\r\n"
        + "Event: presence\r\n"
        + "Supported: eventlist\r\n"
        + "Accept: application/pidf+xml, application/rlmi+xml, multipart/related\r\n"
        + "Expires: 900\r\n"
        + "User-Agent: herald-loadgen\r\n"
        + "Content-Length: 0\r\n\r\n");
  }

  @Test
  void aListNotifyIsOfTheListDialogByItsCallIdAndTag() {
    SipMessage notify = parse("NOTIFY sip:watcher-0@10.0.0.1:5070 SIP/2.0\r\n"
        + "From: <sip:friends@lists.example.com>;tag=srv\r\n"
        + "To: <sip:watcher-0@example.com>;tag=r1-0\r\n"
        + "Call-ID: r1-l0@10.0.0.1\r\nCSeq: 3 NOTIFY\r\nContent-Length: 0\r\n\r\n");

    assertThat(requests.dialogOf(notify, 'l')).isZero();
    assertThat(requests.dialogOf(notify, 'w')).isEqualTo(-1);
  }

  @Test
  void anUnsubscribeStaysInTheDialogWithTheRemoteTagAndExpiresZero() {
    byte[] tag = "srvtag".getBytes(StandardCharsets.US_ASCII);
    requests.subscribe(out, 43, 'w', 7, 3, 2, 0, tag, tag.length);

    SipMessage m = parse(out);
    assertThat(m.text(m.toTagStart, m.toTagEnd)).isEqualTo("srvtag");
    assertThat(m.text(m.callIdStart, m.callIdEnd)).isEqualTo("r1-w7@10.0.0.1");
    assertThat(m.cseq).isEqualTo(2);
    assertThat(m.expires).isZero();
  }

  @Test
  void anInitialPublishCarriesTheMarkedPidfWithItsLengthAndNoIfMatch() {
    requests.publish(out, 9, 123, 4, 3600, null, 123);

    SipMessage m = parse(out);
    String expectedBody = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:load-4@example.com\">"
        + "<tuple id=\"t1\"><status><basic>open</basic></status><note>seq-r1-123</note></tuple></presence>";
    assertThat(m.body()).isEqualTo(expectedBody);
    assertThat(m.contentLength).isEqualTo(expectedBody.length());
    assertThat(out.toString()).startsWith("PUBLISH sip:load-4@example.com SIP/2.0\r\n")
        .contains("Content-Type: application/pidf+xml\r\n")
        .contains("Event: presence\r\n")
        .contains("Expires: 3600\r\n")
        .doesNotContain("SIP-If-Match");
  }

  @Test
  void aModifyingPublishNamesTheEntityTagAndARemovalHasNoBody() {
    requests.publish(out, 10, 124, 4, 3600, "7.abc", 124);
    assertThat(out.toString()).contains("SIP-If-Match: 7.abc\r\n");

    requests.publish(out, 11, 500, 4, 0, "8.def", -1);
    SipMessage removal = parse(out);
    assertThat(removal.contentLength).isZero();
    assertThat(removal.expires).isZero();
    assertThat(out.toString()).contains("SIP-If-Match: 8.def\r\n").doesNotContain("Content-Type");
  }

  @Test
  void anotherProcessOfTheSameRunHasBranchesOfItsOwn() {
    SipRequests later = new SipRequests("r1", "r1-x7", "10.0.0.1", 5070, "example.com", "load-");
    later.subscribe(out, 42, 'w', 0, 0, 1, 600, null, 0);
    assertThat(out.toString()).contains(";branch=z9hG4bKr1-x7.42\r\n").contains("Call-ID: r1-w0@10.0.0.1\r\n");

    assertThat(later.transactionOf(parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h:1;branch=z9hG4bKr1-x7.987\r\n"
        + "Call-ID: x\r\nCSeq: 1 PUBLISH\r\n\r\n"))).isEqualTo(987);
    assertThat(later.transactionOf(parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h:1;branch=z9hG4bKr1.987\r\n"
        + "Call-ID: x\r\nCSeq: 1 PUBLISH\r\n\r\n"))).isEqualTo(-1);
  }

  @Test
  void theTransactionNumberComesBackFromTheBranchOfThisRunOnly() {
    assertThat(requests.transactionOf(parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h:1;branch=z9hG4bKr1.987\r\n"
        + "Call-ID: x\r\nCSeq: 1 PUBLISH\r\n\r\n"))).isEqualTo(987);
    assertThat(requests.transactionOf(parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h:1;branch=z9hG4bKr2.987\r\n"
        + "Call-ID: x\r\nCSeq: 1 PUBLISH\r\n\r\n"))).isEqualTo(-1);
    assertThat(requests.transactionOf(parse("SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 PUBLISH\r\n\r\n"))).isEqualTo(-1);
  }

  @Test
  void aNotifyBelongsToADialogByCallIdAndOurTagWhicheverPortItCameFrom() {
    assertThat(requests.dialogOf(notify("r1-w15@10.0.0.1", "r1-15"), 'w')).isEqualTo(15);
    assertThat(requests.dialogOf(notify("r1-w15@10.0.0.1", "r1-16"), 'w')).as("another dialog's tag").isEqualTo(-1);
    assertThat(requests.dialogOf(notify("r1-s15@10.0.0.1", "r1-15"), 'w')).as("another kind").isEqualTo(-1);
    assertThat(requests.dialogOf(notify("r9-w15@10.0.0.1", "r9-15"), 'w')).as("another run").isEqualTo(-1);
  }

  @Test
  void findsEveryMarkerOfThisRunInAComposedDocument() {
    SipMessage m = parse("NOTIFY sip:w@h SIP/2.0\r\nCall-ID: c\r\nCSeq: 2 NOTIFY\r\n\r\n"
        + "<presence><tuple id=\"t1\"><note>seq-r1-17</note></tuple><tuple id=\"t1-2\"><note>seq-r1-117</note>"
        + "</tuple><tuple id=\"x\"><note>seq-r2-999</note></tuple><note>seq-r1-</note></presence>");
    List<Long> found = new ArrayList<>();

    requests.markers(m, found::add);

    assertThat(found).containsExactly(17L, 117L);
  }

  @Test
  void theAnswerToANotifyCopiesItsViasFromToCallIdAndCSeq() {
    SipMessage notify = parse("NOTIFY sip:w@h SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.9:5080;branch=z9hG4bKn1\r\n"
        + "v: SIP/2.0/UDP 10.0.0.8:5060;branch=z9hG4bKn0\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:load-1@example.com>;tag=srv\r\n"
        + "To: <sip:watcher-1@example.com>;tag=r1-1\r\n"
        + "Call-ID: r1-w1@10.0.0.1\r\n"
        + "CSeq: 4 NOTIFY\r\n"
        + "Content-Length: 0\r\n\r\n");

    SipRequests.answer(out, notify, 200, "OK");

    assertThat(out.toString()).isEqualTo("SIP/2.0 200 OK\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.9:5080;branch=z9hG4bKn1\r\n"
        + "v: SIP/2.0/UDP 10.0.0.8:5060;branch=z9hG4bKn0\r\n"
        + "From: <sip:load-1@example.com>;tag=srv\r\n"
        + "To: <sip:watcher-1@example.com>;tag=r1-1\r\n"
        + "Call-ID: r1-w1@10.0.0.1\r\n"
        + "CSeq: 4 NOTIFY\r\n"
        + "Content-Length: 0\r\n\r\n");
  }

  @Test
  void anIpv6LocalAddressIsBracketedInViaAndContact() {
    new SipRequests("r1", "::1", 5070, "example.com", "load-").subscribe(out, 1, 'w', 0, 0, 1, 600, null, 0);

    assertThat(out.toString()).contains("Via: SIP/2.0/UDP [::1]:5070;").contains("<sip:watcher-0@[::1]:5070>");
  }

  private static SipMessage notify(String callId, String toTag) {
    return parse("NOTIFY sip:w@h SIP/2.0\r\nFrom: <sip:load-1@example.com>;tag=srv\r\n"
        + "To: <sip:watcher-1@example.com>;tag=" + toTag + "\r\nCall-ID: " + callId + "\r\nCSeq: 1 NOTIFY\r\n\r\n");
  }
}
