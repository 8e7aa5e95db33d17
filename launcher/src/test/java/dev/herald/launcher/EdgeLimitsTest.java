package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.edge.AdmissionLimits;
import dev.herald.edge.EdgeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EdgeLimitsTest {

  @Test
  void theDefaultsAreTheEdgesOwn() {
    EdgeConfig edge = EdgeConfig.defaults("127.0.0.1", 0);

    EdgeLimits limits = EdgeLimits.defaults();

    assertThat(limits.decisionTimeout()).isEqualTo(edge.decisionTimeout());
    assertThat(limits.retryAfterSeconds()).isEqualTo(edge.retryAfterSeconds());
    assertThat(limits.admission()).isEqualTo(edge.admission());
    assertThat(limits.maxBodyBytes()).isEqualTo(edge.maxBodyBytes());
  }

  @Test
  void theSettingsBecomeTheAdmissionLimitsWithTheEdgesWindow() {
    EdgeLimits limits = EdgeLimits.of(1500, 2, 1000, 50, 100, 4096);

    assertThat(limits.decisionTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(limits.retryAfterSeconds()).isEqualTo(2);
    assertThat(limits.admission())
        .isEqualTo(new AdmissionLimits(1000, 50, Duration.ofMillis(100), AdmissionLimits.defaults().window()));
    assertThat(limits.maxBodyBytes()).isEqualTo(4096);
  }

  @Test
  void theDecisionTimeoutIsAtLeastOneMillisecond() {
    assertThatThrownBy(() -> EdgeLimits.of(0, 5, 20_000, 256, 250, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision timeout");
    assertThatThrownBy(() -> EdgeLimits.of(-1, 5, 20_000, 256, 250, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision timeout");
    assertThatThrownBy(() -> new EdgeLimits(Duration.ofNanos(1), 5, AdmissionLimits.defaults(), 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision timeout");
    assertThat(EdgeLimits.of(1, 5, 20_000, 256, 250, 16_384).decisionTimeout()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void theDecisionTimeoutFitsTheRequestProducersIntMilliseconds() {
    assertThatThrownBy(() -> new EdgeLimits(Duration.ofMillis(Integer.MAX_VALUE + 1L), 5,
        AdmissionLimits.defaults(), 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision timeout");
    assertThat(EdgeLimits.of(Integer.MAX_VALUE, 5, 20_000, 256, 250, 16_384).decisionTimeout())
        .isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
  }

  @Test
  void retryAfterIsAtLeastOneSecond() {
    assertThatThrownBy(() -> EdgeLimits.of(3000, 0, 20_000, 256, 250, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry after");
    assertThat(EdgeLimits.of(3000, 1, 20_000, 256, 250, 16_384).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void maxPendingIsAtLeastOne() {
    assertThatThrownBy(() -> EdgeLimits.of(3000, 5, 0, 1, 250, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPending");
    assertThat(EdgeLimits.of(3000, 5, 1, 1, 250, 16_384).admission().maxPending()).isEqualTo(1);
  }

  @Test
  void theShedFloorIsAtLeastOneAndAtMostMaxPending() {
    assertThatThrownBy(() -> EdgeLimits.of(3000, 5, 20_000, 0, 250, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floor");
    assertThatThrownBy(() -> EdgeLimits.of(3000, 5, 100, 256, 250, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floor");
    assertThat(EdgeLimits.of(3000, 5, 100, 100, 250, 16_384).admission().floor()).isEqualTo(100);
  }

  @Test
  void theShedTargetDelayIsPositive() {
    assertThatThrownBy(() -> EdgeLimits.of(3000, 5, 20_000, 256, 0, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetDelay");
    assertThatThrownBy(() -> EdgeLimits.of(3000, 5, 20_000, 256, -250, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetDelay");
  }

  @Test
  void theBodyLimitLeavesTheEdgeRoomForHeadersInTheLargestSipMessage() {
    assertThat(EdgeLimits.MAX_BODY_BYTES).isEqualTo(65_535 - 8_192);
    assertThatThrownBy(() -> EdgeLimits.of(3000, 5, 20_000, 256, 250, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max body bytes");
    assertThatThrownBy(() -> EdgeLimits.of(3000, 5, 20_000, 256, 250, EdgeLimits.MAX_BODY_BYTES + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max body bytes");
    assertThat(EdgeLimits.of(3000, 5, 20_000, 256, 250, 0).maxBodyBytes()).isZero();
    assertThat(EdgeLimits.of(3000, 5, 20_000, 256, 250, EdgeLimits.MAX_BODY_BYTES).maxBodyBytes())
        .isEqualTo(EdgeLimits.MAX_BODY_BYTES);
  }

  @Test
  void theAdmissionLimitsAreNeeded() {
    assertThatThrownBy(() -> new EdgeLimits(Duration.ofSeconds(3), 5, null, 16_384))
        .isInstanceOf(NullPointerException.class);
  }
}
