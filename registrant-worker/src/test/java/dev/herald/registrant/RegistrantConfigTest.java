package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrantConfigTest {

  private static final RegistrantConfig DEFAULTS = RegistrantConfig.defaults("w1", "group");

  @Test
  void defaultsRefreshAtNinetyPercentOnAFreeUdpPort() {
    assertThat(DEFAULTS.refreshShare()).isEqualTo(0.9);
    assertThat(DEFAULTS.sipPort()).isZero();
    assertThat(DEFAULTS.transport()).isEqualTo("UDP");
    assertThat(DEFAULTS.failureRetry()).isLessThanOrEqualTo(DEFAULTS.maxBackoff());
    assertThat(DEFAULTS.maxRegistersPerSecond()).isPositive();
  }

  @Test
  void twoArgumentConstructorKeepsTheDefaults() {
    assertThat(new RegistrantConfig("w1", "group")).isEqualTo(DEFAULTS);
  }

  @Test
  void blankWorkerOrGroupIsRefused() {
    assertThatThrownBy(() -> new RegistrantConfig(" ", "g")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RegistrantConfig("w", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RegistrantConfig(null, "g")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void blankSipHostIsRefused() {
    assertThatThrownBy(() -> DEFAULTS.withSip(" ", 0, "UDP")).hasMessageContaining("sipHost");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65536})
  void portOutsideTheRangeIsRefused(int port) {
    assertThatThrownBy(() -> DEFAULTS.withSip("127.0.0.1", port, "UDP")).hasMessageContaining("sipPort");
  }

  @Test
  void transportIsUdpOrTcpInAnyCase() {
    assertThat(DEFAULTS.withSip("127.0.0.1", 5070, "tcp").transport()).isEqualTo("TCP");
    assertThatThrownBy(() -> DEFAULTS.withSip("127.0.0.1", 5070, "SCTP")).hasMessageContaining("transport");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, -0.5, 1.5, Double.NaN})
  void refreshShareOutsideTheOpenUnitIntervalIsRefused(double share) {
    assertThatThrownBy(() -> DEFAULTS.withRefreshShare(share)).hasMessageContaining("refreshShare");
  }

  @Test
  void refreshShareInsideTheIntervalIsKept() {
    assertThat(DEFAULTS.withRefreshShare(0.5).refreshShare()).isEqualTo(0.5);
  }

  @Test
  void failureRetryOfLessThanAMillisecondIsRefused() {
    assertThatThrownBy(() -> DEFAULTS.withRetry(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("failureRetry");
  }

  @Test
  void maxBackoffShorterThanTheFirstRetryIsRefused() {
    assertThatThrownBy(() -> DEFAULTS.withRetry(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .hasMessageContaining("maxBackoff");
  }

  @Test
  void transactionTimeoutOfZeroIsRefused() {
    assertThatThrownBy(() -> DEFAULTS.withTransactionTimeout(Duration.ZERO)).hasMessageContaining("transactionTimeout");
  }

  @Test
  void negativeSpreadWindowIsRefusedAndZeroMeansNoSpread() {
    assertThatThrownBy(() -> DEFAULTS.withSpread(Duration.ofMillis(-1), 10)).hasMessageContaining("spreadWindow");
    assertThat(DEFAULTS.withSpread(Duration.ZERO, 10).spreadWindow()).isZero();
  }

  @Test
  void rateCapBelowOnePerSecondIsRefused() {
    assertThatThrownBy(() -> DEFAULTS.withSpread(Duration.ofSeconds(1), 0)).hasMessageContaining("maxRegistersPerSecond");
  }
}
