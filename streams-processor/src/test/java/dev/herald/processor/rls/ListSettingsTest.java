package dev.herald.processor.rls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListSettingsTest {

  @Test
  void theDefaultsNotifyAtMostOnceASecondForPresenceDialogAndMessageSummary() {
    ListSettings defaults = ListSettings.defaults();

    assertThat(defaults.notifyInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.packages()).containsExactlyInAnyOrder("presence", "dialog", "message-summary");
  }

  @Test
  void theIntervalIsBetweenZeroAndAMinute() {
    assertThat(ListSettings.defaults().withNotifyInterval(Duration.ZERO).notifyInterval()).isZero();
    assertThatThrownBy(() -> ListSettings.defaults().withNotifyInterval(Duration.ofMillis(-1)))
        .hasMessageContaining("between 0 and 60 s");
    assertThatThrownBy(() -> ListSettings.defaults().withNotifyInterval(Duration.ofSeconds(61)))
        .hasMessageContaining("not 61000 ms");
  }

  @Test
  void listsNeedAPackageAndContentIdsAHostName() {
    assertThatThrownBy(() -> new ListSettings(Duration.ofSeconds(1), Set.of(), "rls.example.com", 60_000))
        .hasMessageContaining("at least one event package");
    assertThatThrownBy(() -> new ListSettings(Duration.ofSeconds(1), Set.of("presence"), "rls example", 60_000))
        .hasMessageContaining("must be a host name");
  }

  @Test
  void aNotifyBodyHoldsAtLeastARlmiDocumentAndOneMemberAndByDefaultFitsAUdpDatagram() {
    assertThat(ListSettings.defaults().maxBodyBytes()).isLessThan(65_507);
    assertThatThrownBy(() -> ListSettings.defaults().withMaxBodyBytes(4_095)).hasMessageContaining("at least 4096");
  }
}
