package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.registrant.RegistrantConfig;
import dev.herald.registrant.accounts.AccountLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrantOptionsTest {

  private static RegistrantOptions parse(Map<String, String> env, String... args) {
    return OptionsParsing.parse(new RegistrantOptions(), env, args);
  }

  @Test
  void theDefaultsAreTheAccountLimitsDefaults() {
    assertThat(parse(Map.of()).limits()).isEqualTo(AccountLimits.defaults());
  }

  @Test
  void flagsAndVariablesSetTheBounds() {
    assertThat(parse(Map.of("HERALD_REGISTRANT_MAX_EXPIRY", "7200"), "--registrant-min-expiry", "120").limits())
        .isEqualTo(new AccountLimits(120, 7200));
  }

  @Test
  void boundsThatExcludeTheDefaultExpiryAreRefused() {
    RegistrantOptions options = parse(Map.of(), "--registrant-max-expiry", "600");
    assertThatThrownBy(options::limits).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default expiry 3600");
  }

  @Test
  void theWorkerFlagsSetItsTimersAndPort() {
    RegistrantConfig worker = parse(Map.of("HERALD_REGISTRANT_SPREAD_SECONDS", "120"), "--registrant-sip-port", "5090",
        "--registrant-refresh-share", "0.8", "--registrant-retry-seconds", "10", "--registrant-max-backoff-seconds",
        "300", "--registrant-max-rate", "50").worker("192.0.2.5", "registrant-3");
    assertThat(worker.workerId()).isEqualTo("registrant-3");
    assertThat(worker.sipHost()).isEqualTo("192.0.2.5");
    assertThat(worker.sipPort()).isEqualTo(5090);
    assertThat(worker.refreshShare()).isEqualTo(0.8);
    assertThat(worker.failureRetry()).isEqualTo(Duration.ofSeconds(10));
    assertThat(worker.maxBackoff()).isEqualTo(Duration.ofSeconds(300));
    assertThat(worker.spreadWindow()).isEqualTo(Duration.ofSeconds(120));
    assertThat(worker.maxRegistersPerSecond()).isEqualTo(50);
  }

  @Test
  void aRefreshShareOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> parse(Map.of(), "--registrant-refresh-share", "1.0").worker("127.0.0.1", "registrant-0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshShare");
  }
}
