package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.spi.Expiries;
import org.junit.jupiter.api.Test;

class PresenceSettingsTest {

  private static final String CONTACT = "sip:herald@127.0.0.1:5060";

  @Test
  void defaultsAreValid() {
    assertThatCode(() -> PresenceSettings.defaults(CONTACT)).doesNotThrowAnyException();
  }

  @Test
  void expiryBoundsMustBeOrdered() {
    assertThatThrownBy(() -> new PresenceSettings(600, 60, 300, 60, 3600, 3600, 10, CONTACT, 3, true, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscribe");
    assertThatThrownBy(() -> new PresenceSettings(60, 3600, 600, 60, 3600, 7200, 10, CONTACT, 3, true, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publish");
    assertThatThrownBy(() -> new PresenceSettings(0, 3600, 600, 60, 3600, 3600, 10, CONTACT, 3, true, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theReductionIsAtMostHalf() {
    assertThatThrownBy(() -> new PresenceSettings(60, 3600, 600, 60, 3600, 3600, 51, CONTACT, 3, true, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PresenceSettings(60, 3600, 600, 60, 3600, 3600, -1, CONTACT, 3, true, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theContactIsASipUri() {
    assertThatThrownBy(() -> new PresenceSettings(60, 3600, 600, 60, 3600, 3600, 10, "http://herald", 3, true, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void atLeastOneFailedNotifyEndsASubscription() {
    assertThatThrownBy(() -> new PresenceSettings(60, 3600, 600, 60, 3600, 3600, 10, CONTACT, 0, true, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyPackageGetsTheBoundsOfTheSettings() {
    Expiries expiries = PresenceSettings.defaults("sip:herald@127.0.0.1").expiries();

    assertThat(expiries.subscribe()).isEqualTo(new Expiries.Bounds(60, 3600, 600));
    assertThat(expiries.publish()).isEqualTo(new Expiries.Bounds(60, 7200, 3600));
  }
}
