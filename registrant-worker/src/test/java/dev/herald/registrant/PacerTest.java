package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacerTest {

  @Test
  void offsetIsStableAndInsideTheWindow() {
    Pacer pacer = new Pacer(10_000, 100);

    for (int i = 0; i < 1000; i++) {
      long offset = pacer.spreadOffsetMs("sip:user" + i + "@example.com");
      assertThat(offset).isBetween(0L, 9_999L);
      assertThat(new Pacer(10_000, 5).spreadOffsetMs("sip:user" + i + "@example.com")).isEqualTo(offset);
    }
  }

  @Test
  void tenThousandSimilarIdsSpreadEvenlyOverTheWindow() {
    Pacer pacer = new Pacer(10_000, 100);
    int[] perSecond = new int[10];

    for (int i = 0; i < 10_000; i++) {
      perSecond[(int) (pacer.spreadOffsetMs("sip:acct-" + i + "@example.com") / 1000)]++;
    }

    // 1000 expected per second; a uniform hash stays within a few standard deviations (about 30).
    for (int count : perSecond) {
      assertThat(count).isBetween(880, 1120);
    }
  }

  @Test
  void noWindowMeansNoOffset() {
    assertThat(new Pacer(0, 10).spreadOffsetMs("sip:a@b")).isZero();
  }

  @Test
  void reservationsDueTogetherLeaveAtTheCappedRate() {
    Pacer pacer = new Pacer(0, 100);

    Set<Long> starts = new HashSet<>();
    long last = 0;
    for (int i = 0; i < 500; i++) {
      last = pacer.reserve(1_000);
      starts.add(last);
    }

    // 500 cycles at 100 per second take 5 s; no two start in the same 10 ms slot.
    assertThat(starts).hasSize(500);
    assertThat(last).isEqualTo(1_000 + 4_990);
  }

  @Test
  void reservationsFarApartAreNotDelayed() {
    Pacer pacer = new Pacer(0, 10);

    assertThat(pacer.reserve(1_000)).isEqualTo(1_000);
    assertThat(pacer.reserve(2_000)).isEqualTo(2_000);
    assertThat(pacer.reserve(2_050)).isEqualTo(2_100);
  }
}
