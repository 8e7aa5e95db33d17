package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GapsTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1000 * MS;

  @Test
  void aGapRunsFromTheFirstUnservedRequestToTheNext2xx() {
    Gaps gaps = new Gaps(1, 2 * S, S);
    gaps.demand(0, 0);
    gaps.served(0, 5 * MS, false);
    gaps.demand(0, 50 * MS);
    gaps.demand(0, 100 * MS);
    gaps.served(0, 3100 * MS, true);
    gaps.served(0, 3150 * MS, false);

    Gaps.Summary s = gaps.summary();
    assertThat(s.longest()).isEqualTo(new Gaps.Gap(0, 50 * MS, 3050 * MS, true));
    assertThat(s.longestRecovered()).isEqualTo(s.longest());
    assertThat(s.gaps()).isEqualTo(3);
    assertThat(s.atLeastThreshold()).isEqualTo(1);
    assertThat(s.unrecovered()).isZero();
  }

  @Test
  void aServedAnswerWithOthersStillOutstandingStartsTheNextGapThen() {
    Gaps gaps = new Gaps(1, 2 * S, S);
    gaps.demand(0, 0);
    gaps.demand(0, 10 * MS);
    gaps.served(0, 20 * MS, true);
    gaps.served(0, 1520 * MS, false);

    assertThat(gaps.summary().longest()).isEqualTo(new Gaps.Gap(0, 20 * MS, 1500 * MS, true));
  }

  @Test
  void failuresDoNotEndAGapButAQuietSpellAfterThemDoes() {
    Gaps gaps = new Gaps(1, 2 * S, S);
    // Requests answered 503 at once, one every 100 ms, for 3 s: no service all along.
    for (long t = 0; t < 3000 * MS; t += 100 * MS) {
      gaps.demand(0, t);
      gaps.failed(0, t + MS, false);
    }
    gaps.demand(0, 3000 * MS);
    gaps.served(0, 3005 * MS, false);
    assertThat(gaps.summary().longest()).isEqualTo(new Gaps.Gap(0, 0, 3005 * MS, true));

    // A last failure, then nothing asked for 30 s: the gap ends at the failure, unrecovered.
    gaps.demand(0, 4000 * MS);
    gaps.failed(0, 4500 * MS, false);
    gaps.demand(0, 34_500 * MS);
    gaps.served(0, 34_501 * MS, false);
    Gaps.Summary s = gaps.summary();
    assertThat(s.longest().lengthNanos()).isEqualTo(3005 * MS);
    assertThat(s.unrecovered()).isEqualTo(1);
  }

  @Test
  void aFailureWhileOthersAreOutstandingKeepsTheGapOpen() {
    Gaps gaps = new Gaps(1, 2 * S, S);
    gaps.demand(0, 0);
    gaps.demand(0, 10 * MS);
    gaps.failed(0, 20 * MS, true);
    // Timer F of the other one, 32 s later: no quiet spell before it.
    gaps.failed(0, 32_010 * MS, false);
    gaps.finish(40_000 * MS);

    assertThat(gaps.summary().longest()).isEqualTo(new Gaps.Gap(0, 0, 32_010 * MS, false));
  }

  @Test
  void finishEndsOpenGapsUnrecoveredAndSlotsAreCountedOnce() {
    Gaps gaps = new Gaps(3, Long.MAX_VALUE, S);
    gaps.demand(0, 0);
    gaps.served(0, 2 * S, false);
    gaps.demand(0, 3 * S);
    gaps.served(0, 5 * S, false);
    gaps.demand(1, 0);
    gaps.served(1, 10 * MS, false);
    gaps.demand(2, S);
    gaps.finish(11 * S);

    Gaps.Summary s = gaps.summary();
    assertThat(s.longest()).isEqualTo(new Gaps.Gap(2, S, 10 * S, false));
    assertThat(s.longestRecovered()).isEqualTo(new Gaps.Gap(0, 0, 2 * S, true));
    assertThat(s.atLeastThreshold()).isEqualTo(3);
    assertThat(s.slotsAtLeastThreshold()).isEqualTo(2);
    assertThat(s.unrecovered()).isEqualTo(1);
    assertThat(gaps.isOpen(2)).isFalse();
  }

  @Test
  void noDemandNoGap() {
    Gaps gaps = new Gaps(1, S, S);
    gaps.served(0, 5 * S, false);
    gaps.finish(10 * S);
    assertThat(gaps.summary().longest()).isNull();
    assertThat(gaps.summary().gaps()).isZero();
  }
}
