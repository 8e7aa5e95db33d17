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
  void expiriesAreNeeded() {
    assertThatThrownBy(() -> PresenceSettings.builder(CONTACT).expiries(null).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("expiries");
  }

  @Test
  void theReductionIsAtMostHalf() {
    assertThatThrownBy(() -> PresenceSettings.builder(CONTACT).expiryReductionPercent(51).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PresenceSettings.builder(CONTACT).expiryReductionPercent(-1).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theContactIsASipUri() {
    assertThatThrownBy(() -> PresenceSettings.builder("http://herald").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void atLeastOneFailedNotifyEndsASubscription() {
    assertThatThrownBy(() -> PresenceSettings.builder(CONTACT).maxFailedNotifies(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyPackageGetsTheBoundsOfTheSettings() {
    Expiries expiries = PresenceSettings.defaults("sip:herald@127.0.0.1").expiries();

    assertThat(expiries.subscribe()).isEqualTo(new Expiries.Bounds(60, 3600, 600));
    assertThat(expiries.publish()).isEqualTo(new Expiries.Bounds(60, 7200, 3600));
  }
}
