package dev.herald.edge.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.net.SourceLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

  @Test
  void theDefaultsHoldTogether() {
    ConnectionLimits limits = ConnectionLimits.defaults();
    assertThat(limits.maxPerSource()).isLessThan(limits.maxConnections());
    assertThat(limits.idleTimeout()).isGreaterThan(limits.pingInterval());
    assertThat(limits.toBuilder().build()).isEqualTo(limits);
  }

  @Test
  void theCountsAreThoseOfItsSourceLimits() {
    ConnectionLimits limits = ConnectionLimits.builder().maxPerSource(4).acceptsPerSecondPerSource(3)
        .maxConnections(100).build();
    assertThat(limits.sources()).isEqualTo(new SourceLimits(4, 3, 100));
    assertThatThrownBy(() -> ConnectionLimits.builder().maxPerSource(20).maxConnections(10).build())
        .hasMessageContaining("cannot exceed");
  }

  @Test
  void everyDurationMustBePositive() {
    assertThatThrownBy(() -> ConnectionLimits.builder().handshakeTimeout(Duration.ZERO).build())
        .hasMessageContaining("handshake timeout");
    assertThatThrownBy(() -> ConnectionLimits.builder().pingInterval(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("ping interval");
  }

  @Test
  void theIdleTimeoutMustOutlastThePingInterval() {
    assertThatThrownBy(() -> ConnectionLimits.builder().pingInterval(Duration.ofSeconds(30))
        .idleTimeout(Duration.ofSeconds(30)).build())
        .hasMessageContaining("must be longer than the ping interval");
  }
}
