package dev.herald.packages.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageSettingsTest {

  record Own(int value) {}

  record Other(String value) {}

  @Test
  void aPackageGetsItsOwnRecordOrItsDefaults() {
    PackageSettings settings = PackageSettings.of(Expiries.defaults()).with(new Own(7));

    assertThat(settings.get(Own.class, () -> new Own(0))).isEqualTo(new Own(7));
    assertThat(settings.get(Other.class, () -> new Other("default"))).isEqualTo(new Other("default"));
  }

  @Test
  void aSecondRecordOfATypeReplacesTheFirst() {
    PackageSettings settings = PackageSettings.of(Expiries.defaults()).with(new Own(1)).with(new Own(2));

    assertThat(settings.get(Own.class, () -> new Own(0))).isEqualTo(new Own(2));
  }

  @Test
  void theSharedBoundsAreNeeded() {
    assertThatThrownBy(() -> PackageSettings.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aPackageReadsItsOwnOptionsWithoutItsPrefix() {
    PackageSettings settings = PackageSettings.of(Expiries.defaults())
        .withOptions(Map.of("message-summary.max-count", "10", "conference.max-users", "7"));

    assertThat(settings.optionsOf("message-summary")).isEqualTo(Map.of("max-count", "10"));
    assertThat(settings.optionsOf("dialog")).isEmpty();
  }
}
