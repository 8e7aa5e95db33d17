package dev.herald.packages.spi;

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
}
