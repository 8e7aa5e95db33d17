package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmUpSettingsTest {

  @Test
  void aZeroDurationTurnsTheWarmUpOff() {
    assertThat(new WarmUpSettings(Duration.ZERO, 1500).enabled()).isFalse();
    assertThat(WarmUpSettings.off().enabled()).isFalse();
    assertThat(new WarmUpSettings(Duration.ofSeconds(1), 1500).enabled()).isTrue();
  }

  @Test
  void theDurationIsNeitherNegativeNorLongerThanFiveMinutes() {
    assertThatThrownBy(() -> new WarmUpSettings(Duration.ofSeconds(-1), 1500))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up must last 0..300 s, was -1 s");
    assertThatThrownBy(() -> new WarmUpSettings(Duration.ofSeconds(301), 1500))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 301 s");
    assertThat(new WarmUpSettings(Duration.ofSeconds(300), 1500).duration()).hasSeconds(300);
  }

  @Test
  void theRateIsAtLeastTenAndAtMostAHundredThousand() {
    assertThatThrownBy(() -> new WarmUpSettings(Duration.ofSeconds(20), 9))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up rate must be 10..100000");
    assertThatThrownBy(() -> new WarmUpSettings(Duration.ofSeconds(20), 100_001))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 100001");
  }

  @Test
  void heraldUpWarmsUpForTwentySecondsUnlessToldOtherwise() {
    assertThat(warmUpOf(Map.of())).isEqualTo(new WarmUpSettings(Duration.ofSeconds(20), 3000));
    assertThat(warmUpOf(Map.of("HERALD_WARM_UP_SECONDS", "0"))).isEqualTo(new WarmUpSettings(Duration.ZERO, 3000));
    assertThat(warmUpOf(Map.of(), "--warm-up-seconds", "5", "--warm-up-rate", "300"))
        .isEqualTo(new WarmUpSettings(Duration.ofSeconds(5), 300));
  }

  private static WarmUpSettings warmUpOf(Map<String, String> env, String... flags) {
    return OptionsParsing.up(env, flags).warmUpSettings();
  }
}
