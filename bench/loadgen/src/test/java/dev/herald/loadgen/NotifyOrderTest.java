package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotifyOrderTest {

  @Test
  void risingCseqsAreNewTheSameAgainARepeatALowerOneAViolation() {
    NotifyOrder order = new NotifyOrder(2);

    assertThat(order.see(0, 1)).isEqualTo(NotifyOrder.Seen.NEW);
    assertThat(order.see(0, 3)).isEqualTo(NotifyOrder.Seen.NEW);
    assertThat(order.see(0, 3)).isEqualTo(NotifyOrder.Seen.REPEAT);
    assertThat(order.see(0, 2)).isEqualTo(NotifyOrder.Seen.LOWER);
    assertThat(order.see(0, 1)).isEqualTo(NotifyOrder.Seen.LOWER);
    assertThat(order.see(1, 7)).isEqualTo(NotifyOrder.Seen.NEW);

    assertThat(order.highest(0)).isEqualTo(3);
    assertThat(order.repeats()).isEqualTo(1);
    assertThat(order.violations()).isEqualTo(2);
    assertThat(order.dialogsViolated()).isEqualTo(1);
  }

  @Test
  void aDialogTakenOverStartsAtItsKeptCseqAndAResetOneStartsAfresh() {
    NotifyOrder order = new NotifyOrder(2);
    order.startAt(0, 9);
    assertThat(order.see(0, 9)).isEqualTo(NotifyOrder.Seen.REPEAT);
    assertThat(order.see(0, 4)).isEqualTo(NotifyOrder.Seen.LOWER);
    assertThat(order.see(0, 10)).isEqualTo(NotifyOrder.Seen.NEW);

    order.reset(0);
    assertThat(order.highest(0)).isEqualTo(-1);
    assertThat(order.see(0, 1)).isEqualTo(NotifyOrder.Seen.NEW);
  }
}
