package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.presence.DerivedPresence;
import org.junit.jupiter.api.Test;

class RegistrarSettingsTest {

  @Test
  void expiryBoundsMustBeOrderedAndPositive() {
    assertThatThrownBy(() -> new RegistrarSettings(0, 3600, 600, 4, DerivedPresence.FALLBACK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RegistrarSettings(600, 60, 600, 4, DerivedPresence.FALLBACK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RegistrarSettings(60, 3600, 30, 4, DerivedPresence.FALLBACK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RegistrarSettings(60, 3600, 7200, 4, DerivedPresence.FALLBACK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAorMayHoldAtLeastOneBinding() {
    assertThatThrownBy(() -> new RegistrarSettings(60, 3600, 600, 0, DerivedPresence.FALLBACK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void derivedPresenceMustBeChosen() {
    assertThatThrownBy(() -> new RegistrarSettings(60, 3600, 600, 4, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theDefaultsShowRegistrationsWhileNothingIsPublished() {
    assertThat(RegistrarSettings.defaults().derivedPresence()).isEqualTo(DerivedPresence.FALLBACK);
  }
}
