package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.conference.ConferenceLimits;
import dev.herald.packages.conference.ConferenceSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConferenceSettingsTest {

  @Test
  void partialStateIsOffByDefaultAsInKamailio() {
    assertThat(ConferenceSettings.defaults().partialState()).isFalse();
    assertThat(ProcessorConfig.defaults(Path.of("x")).conference()).isEqualTo(ConferenceSettings.defaults());
  }

  @Test
  void settingsNeedLimits() {
    assertThatThrownBy(() -> new ConferenceSettings(true, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new ConferenceLimits(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConferenceLimits(1024, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new ConferenceLimits(1, 1).maxUsers()).isEqualTo(1);
  }

  @Test
  void theProcessorNeedsConferenceSettings() {
    assertThatThrownBy(() -> ProcessorConfig.defaults(Path.of("x")).withConference(null))
        .isInstanceOf(NullPointerException.class);
  }
}
