package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

  private static final long SECOND = 1_000_000_000L;
  private static final AdmissionLimits LIMITS =
      new AdmissionLimits(5_000, 100, Duration.ofMillis(250), Duration.ofSeconds(1));

  /** Decisions spread evenly over one window, then the window closes. */
  private static void decide(AdmissionControl control, long fromNanos, int count) {
    for (int i = 0; i < count; i++) {
      control.decided(fromNanos + i * (SECOND / count));
    }
  }

  @Test
  void withNoHistoryTheFloorIsAdmitted() {
    AdmissionControl control = new AdmissionControl(LIMITS, 0);

    assertThat(control.admit(99, 0)).isTrue();
    assertThat(control.admit(100, 0)).isFalse();
  }

  @Test
  void theLimitIsTheDecisionRateTimesTheTargetDelay() {
    AdmissionControl control = new AdmissionControl(LIMITS, 0);
    decide(control, 0, 4_000);

    // 4,000 decisions in the last second, 250 ms of queue: 1,000 may wait.
    assertThat(control.admit(999, SECOND)).isTrue();
    assertThat(control.admit(1_000, SECOND)).isFalse();
    assertThat(control.limit()).isEqualTo(1_000);
  }

  @Test
  void theLimitNeverExceedsTheMaximum() {
    AdmissionControl control = new AdmissionControl(LIMITS, 0);
    decide(control, 0, 100_000);

    assertThat(control.admit(4_999, SECOND)).isTrue();
    assertThat(control.admit(5_000, SECOND)).isFalse();
  }

  @Test
  void aStalledProcessorBringsTheLimitBackToTheFloor() {
    AdmissionControl control = new AdmissionControl(LIMITS, 0);
    decide(control, 0, 4_000);
    assertThat(control.admit(500, SECOND)).isTrue();

    // A whole window without one decision.
    assertThat(control.admit(500, 2 * SECOND)).isFalse();
    assertThat(control.limit()).isEqualTo(100);
  }

  @Test
  void theRateIsMeasuredOverTheLastWindowOnly() {
    AdmissionControl control = new AdmissionControl(LIMITS, 0);
    decide(control, 0, 4_000);
    decide(control, SECOND, 800);

    assertThat(control.admit(0, 2 * SECOND)).isTrue();
    assertThat(control.limit()).isEqualTo(200);
  }
}
