package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionsTest {

  private static final long MS = 1_000_000L;

  /** Records what the timers did, as "retransmit n" and "timeout n" with the transaction's number. */
  private static final class Recorder implements Transactions.Timers {
    final List<String> events = new ArrayList<>();
    final Transactions transactions;

    Recorder(Transactions transactions) {
      this.transactions = transactions;
    }

    @Override
    public void retransmit(int slot) {
      events.add("retransmit " + transactions.number(slot));
    }

    @Override
    public void timedOut(int slot) {
      events.add("timeout " + transactions.number(slot));
    }
  }

  @Test
  void nonInviteRequestsAreResentAfterT1DoublingUpToT2UntilTimerF() {
    assertThat(Transactions.TIMETABLE).containsExactly(500 * MS, 1500 * MS, 3500 * MS, 7500 * MS, 11500 * MS,
        15500 * MS, 19500 * MS, 23500 * MS, 27500 * MS, 31500 * MS, 32000 * MS);
  }

  @Test
  void aTransactionWithoutAnswerIsResentOnScheduleThenTimesOut() {
    Transactions t = new Transactions(16);
    Recorder timers = new Recorder(t);
    long start = 1_000 * MS;
    long number = t.begin(start, 3, 0, 0, null);

    t.fire(start + 499 * MS, timers);
    assertThat(timers.events).isEmpty();
    t.fire(start + 500 * MS, timers);
    assertThat(timers.events).containsExactly("retransmit " + number);
    t.fire(start + 3600 * MS, timers);
    assertThat(timers.events).hasSize(3);
    t.fire(start + 31_999 * MS, timers);
    assertThat(timers.events).hasSize(10).doesNotContain("timeout " + number);
    t.fire(start + 32_000 * MS, timers);
    assertThat(timers.events).hasSize(11).endsWith("timeout " + number);
    assertThat(t.outstanding()).isZero();
    assertThat(t.slotOf(number)).isEqualTo(-1);
    assertThat(t.retransmissions()).isEqualTo(10);
  }

  @Test
  void anAnsweredTransactionIsNeitherResentNorTimedOut() {
    Transactions t = new Transactions(16);
    Recorder timers = new Recorder(t);
    long answered = t.begin(0, 1, 5, 6, "x");
    long silent = t.begin(10 * MS, 1, 7, 8, null);

    int slot = t.slotOf(answered);
    assertThat(t.ref(slot)).isEqualTo(5);
    assertThat(t.seq(slot)).isEqualTo(6);
    assertThat(t.extra(slot)).isEqualTo("x");
    t.complete(slot);
    t.fire(40_000 * MS, timers);

    assertThat(timers.events).doesNotContain("retransmit " + answered, "timeout " + answered)
        .contains("retransmit " + silent, "timeout " + silent);
    assertThat(t.outstanding()).isZero();
  }

  @Test
  void aFullTableRefusesNewTransactionsUntilOneEnds() {
    Transactions t = new Transactions(16);
    List<Long> numbers = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      numbers.add(t.begin(0, 1, i, i, null));
    }
    assertThat(numbers).doesNotContain(-1L);

    assertThat(t.begin(0, 1, 0, 0, null)).isEqualTo(-1);
    t.complete(t.slotOf(numbers.get(0)));
    long reused = t.begin(0, 1, 0, 0, null);

    assertThat(reused).isEqualTo(32);
    assertThat(t.slotOf(numbers.get(0))).as("the old number no longer resolves").isEqualTo(-1);
    assertThat(t.slotOf(reused)).isNotNegative();
  }

  @Test
  void capacityCoversEveryTransactionThatCanBeUnderWayAtARate() {
    assertThat(Transactions.capacityFor(1000, 0)).isGreaterThanOrEqualTo(32_000);
    assertThat(Transactions.capacityFor(1, 50_000)).isEqualTo(50_000);
  }
}
