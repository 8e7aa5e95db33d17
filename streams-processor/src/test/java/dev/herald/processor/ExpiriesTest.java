package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpiriesTest {

  @Test
  void boundsMustBeOrderedAndPositive() {
    assertThatThrownBy(() -> new Expiries.Bounds(0, 60, 30)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Expiries.Bounds(60, 30, 60)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Expiries.Bounds(60, 3600, 30)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Expiries.Bounds(60, 3600, 7200)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyPackageGetsTheBoundsOfTheSettings() {
    Expiries expiries = Expiries.of(PresenceSettings.defaults("sip:herald@127.0.0.1"));

    assertThat(expiries.subscribe()).isEqualTo(new Expiries.Bounds(60, 3600, 600));
    assertThat(expiries.publish()).isEqualTo(new Expiries.Bounds(60, 7200, 3600));
  }
}
