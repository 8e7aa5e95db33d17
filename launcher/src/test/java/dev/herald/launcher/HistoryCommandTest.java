package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class HistoryCommandTest {

  @Test
  void sinceTakesShortFormsAndIsoDurations() {
    assertThat(HistoryCommand.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(HistoryCommand.duration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(HistoryCommand.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(HistoryCommand.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(HistoryCommand.duration("pt15m")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void anythingElseIsRefused() {
    assertThatThrownBy(() -> HistoryCommand.duration("yesterday")).isInstanceOf(DateTimeParseException.class);
  }
}
