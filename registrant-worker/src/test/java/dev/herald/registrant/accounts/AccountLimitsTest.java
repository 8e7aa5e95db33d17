package dev.herald.registrant.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccountLimitsTest {

  @Test
  void defaultsRunFromOneMinuteToOneDay() {
    assertThat(AccountLimits.defaults()).isEqualTo(new AccountLimits(60, 86_400));
  }

  @Test
  void shortestExpiryBelowOneSecondIsRefused() {
    assertThatThrownBy(() -> new AccountLimits(0, 3600)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void longestExpiryBelowTheShortestIsRefused() {
    assertThatThrownBy(() -> new AccountLimits(3600, 3599)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be shorter");
  }

  @Test
  void boundsThatExcludeTheDefaultExpiryAreRefused() {
    assertThatThrownBy(() -> new AccountLimits(60, 1800)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default expiry 3600");
    assertThatThrownBy(() -> new AccountLimits(7200, 86_400)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default expiry 3600");
  }

  @Test
  void boundsOfExactlyTheDefaultAreAccepted() {
    assertThat(new AccountLimits(3600, 3600).maxExpiry()).isEqualTo(3600);
  }
}
