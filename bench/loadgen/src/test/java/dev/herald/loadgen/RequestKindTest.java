package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kinds of request of the latency and faults modes: their report names and how each is written. */
class RequestKindTest {

  private final SipRequests requests = new SipRequests("r1", "10.0.0.1", 5070, "example.com", "load-");
  private final WatcherDialogs<WatcherDialog> dialogs = new WatcherDialogs<>(4, 2, WatcherDialog::new);
  private final Transactions transactions = new Transactions(16);
  private final SipWriter out = new SipWriter(4096);

  private SipMessage written(RequestKind kind, int ref, long seq, String ifMatch) {
    long number = transactions.begin(0, kind.ordinal(), ref, seq, ifMatch);
    int slot = transactions.slotOf(number);
    assertThat(RequestKind.of(transactions, slot)).isEqualTo(kind);
    kind.write(transactions, slot, out, requests, dialogs, 600);
    return SipTexts.parse(out.toString());
  }

  @Test
  void theFaultsReportCountsTheKindsUnderTheseNamesInThisOrder() {
    assertThat(RequestKind.reportNames())
        .containsExactly("subscribe", "resubscribe", "publish", "publishModify", "unsubscribe", "remove");
  }

  @Test
  void aPublishWithAnEntityTagModifiesThePublication() {
    assertThat(RequestKind.publish(null)).isEqualTo(RequestKind.PUBLISH);
    assertThat(RequestKind.publish("e1")).isEqualTo(RequestKind.MODIFY);
  }

  @Test
  void theSubscribesReferToADialogThePublishesToAPresentity() {
    assertThat(RequestKind.SUBSCRIBE.ofDialog()).isTrue();
    assertThat(RequestKind.RESUBSCRIBE.ofDialog()).isTrue();
    assertThat(RequestKind.UNSUBSCRIBE.ofDialog()).isTrue();
    assertThat(RequestKind.PUBLISH.ofDialog()).isFalse();
    assertThat(RequestKind.MODIFY.ofDialog()).isFalse();
    assertThat(RequestKind.REMOVE.ofDialog()).isFalse();
  }

  @Test
  void aNewSubscribeHasNoRemoteTagARefreshAndTheEndStayInTheDialog() {
    dialogs.get(3).resume("srv", 4);

    SipMessage subscribe = written(RequestKind.SUBSCRIBE, 3, 1, null);
    assertThat(subscribe.toTagStart).isEqualTo(-1);
    assertThat(subscribe.text(subscribe.callIdStart, subscribe.callIdEnd)).isEqualTo("r1-w3@10.0.0.1");
    assertThat(subscribe.expires).isEqualTo(600);
    assertThat(out.toString()).startsWith("SUBSCRIBE sip:load-1@example.com ");

    SipMessage refresh = written(RequestKind.RESUBSCRIBE, 3, 5, null);
    assertThat(refresh.text(refresh.toTagStart, refresh.toTagEnd)).isEqualTo("srv");
    assertThat(refresh.cseq).isEqualTo(5);
    assertThat(refresh.expires).isEqualTo(600);

    SipMessage end = written(RequestKind.UNSUBSCRIBE, 3, 6, null);
    assertThat(end.text(end.toTagStart, end.toTagEnd)).isEqualTo("srv");
    assertThat(end.expires).isZero();
  }

  @Test
  void aPublishCarriesItsMarkerAModificationItsEntityTagARemovalNeither() {
    SipMessage initial = written(RequestKind.PUBLISH, 2, 17, null);
    assertThat(initial.body()).contains("<note>seq-r1-17</note>");
    assertThat(out.toString()).startsWith("PUBLISH sip:load-2@example.com ").doesNotContain("SIP-If-Match");

    SipMessage modify = written(RequestKind.MODIFY, 2, 18, "e1");
    assertThat(modify.body()).contains("<note>seq-r1-18</note>");
    assertThat(modify.expires).isEqualTo(600);
    assertThat(out.toString()).contains("SIP-If-Match: e1\r\n");

    SipMessage removal = written(RequestKind.REMOVE, 2, 40, "e2");
    assertThat(removal.contentLength).isZero();
    assertThat(removal.expires).isZero();
    assertThat(out.toString()).contains("SIP-If-Match: e2\r\n");
  }
}
