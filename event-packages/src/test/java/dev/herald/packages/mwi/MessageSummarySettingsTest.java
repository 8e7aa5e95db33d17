package dev.herald.packages.mwi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageSummarySettingsTest {

  @Test
  void withoutOptionsTheDefaultsHold() {
    assertThat(MessageSummarySettings.from(Map.of())).isEqualTo(MessageSummarySettings.defaults());
  }

  @Test
  void theOptionsSetTheLimits() {
    MessageSummarySettings settings = MessageSummarySettings.from(Map.of("max-body-bytes", "8192", "max-count", "99"));

    assertThat(settings.limits()).isEqualTo(new MessageSummaryFormat.Limits(8192, 99));
  }

  @Test
  void aValueThatIsNotANumberOrNotALimitIsRefusedByName() {
    assertThatThrownBy(() -> MessageSummarySettings.from(Map.of("max-count", "many")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message-summary.max-count");
    assertThatThrownBy(() -> MessageSummarySettings.from(Map.of("max-body-bytes", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodyBytes");
  }

  @Test
  void aBodyOverTheLimitIsRefused() {
    MessageSummaryFormat.Limits small = MessageSummarySettings.from(Map.of("max-body-bytes", "20")).limits();

    assertThat(MessageSummaryFormat.parse("Messages-Waiting: yes\r\nVoice-Message: 1/2\r\n".getBytes(), small))
        .isInstanceOf(MessageSummaryFormat.Parsed.Bad.class);
  }
}
