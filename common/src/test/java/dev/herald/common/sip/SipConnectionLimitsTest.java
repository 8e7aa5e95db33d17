package dev.herald.common.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.net.SourceLimits;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SipConnectionLimitsTest {

  @Test
  void theDefaultsOutlastAnHoursSubscriptionRefresh() {
    SipConnectionLimits limits = SipConnectionLimits.defaults();
    assertThat(limits.idleTimeout()).isEqualTo(Duration.ofSeconds(3700)).isGreaterThan(Duration.ofHours(1));
    assertThat(limits.sources()).isEqualTo(new SourceLimits(32, 20, 10_000));
  }

  @Test
  void theIdleTimeoutMustBePositive() {
    assertThatThrownBy(() -> new SipConnectionLimits(SourceLimits.defaults(), Duration.ZERO))
        .hasMessageContaining("idle timeout must be positive");
  }

  @Test
  void theIdleTimeoutMustFitASocketTimeout() {
    assertThatThrownBy(() -> new SipConnectionLimits(SourceLimits.defaults(), Duration.ofDays(30)))
        .hasMessageContaining("idle timeout must be at most 2147483 s");
  }

  @Test
  void theStackPropertiesNameALimitingNetworkLayerAndCarryTheLimitsThere() {
    SipConnectionLimits limits = new SipConnectionLimits(new SourceLimits(4, 3, 100), Duration.ofSeconds(90));
    Properties properties = new Properties();
    properties.putAll(limits.stackProperties());

    assertThat(properties).containsEntry("gov.nist.javax.sip.NETWORK_LAYER", LimitedNetworkLayer.class.getName())
        .containsEntry("dev.herald.sip.IDLE_TIMEOUT_MS", "90000");
    assertThat(SipConnectionLimits.fromStackProperties(properties)).hasValue(limits);
  }

  @Test
  void aStackWithoutThePropertiesHasNoLimits() {
    assertThat(SipConnectionLimits.fromStackProperties(new Properties())).isEmpty();
  }
}
