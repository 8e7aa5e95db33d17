package dev.herald.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceLimitsTest {

  @Test
  void theDefaultsAre32PerSource20ASecondAnd10000InAll() {
    SourceLimits limits = SourceLimits.defaults();
    assertThat(limits).isEqualTo(new SourceLimits(32, 20, 10_000));
    assertThat(limits.toBuilder().build()).isEqualTo(limits);
  }

  @Test
  void eachCountIsSetByItsName() {
    SourceLimits limits = SourceLimits.builder().maxPerSource(4).acceptsPerSecondPerSource(3).maxConnections(100)
        .build();
    assertThat(limits.maxPerSource()).isEqualTo(4);
    assertThat(limits.acceptsPerSecondPerSource()).isEqualTo(3);
    assertThat(limits.maxConnections()).isEqualTo(100);
  }

  @Test
  void everyCountMustBePositive() {
    assertThatThrownBy(() -> SourceLimits.builder().maxPerSource(0).build())
        .hasMessageContaining("connections per source must be at least 1");
    assertThatThrownBy(() -> SourceLimits.builder().acceptsPerSecondPerSource(0).build())
        .hasMessageContaining("new connections per second per source must be at least 1");
    assertThatThrownBy(() -> SourceLimits.builder().maxConnections(0).build())
        .hasMessageContaining("connections in all must be at least 1");
  }

  @Test
  void aSourceCannotBeAllowedMoreThanTheListenerHolds() {
    assertThatThrownBy(() -> SourceLimits.builder().maxPerSource(20).maxConnections(10).build())
        .hasMessageContaining("cannot exceed connections in all");
  }
}
