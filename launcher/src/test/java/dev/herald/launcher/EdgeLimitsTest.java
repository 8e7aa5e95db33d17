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
    EdgeLimits limits = EdgeLimits.builder().decisionTimeoutMs(1500).retryAfterSeconds(2).maxPending(1000)
        .shedFloor(50).shedTargetDelayMs(100).maxBodyBytes(4096).build();

    assertThat(limits.decisionTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(limits.retryAfterSeconds()).isEqualTo(2);
    assertThat(limits.admission())
        .isEqualTo(new AdmissionLimits(1000, 50, Duration.ofMillis(100), AdmissionLimits.defaults().window()));
    assertThat(limits.maxBodyBytes()).isEqualTo(4096);
  }

  @Test
  void theDecisionTimeoutIsAtLeastOneMillisecond() {
    assertThatThrownBy(() -> EdgeLimits.builder().decisionTimeoutMs(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision timeout");
    assertThatThrownBy(() -> EdgeLimits.builder().decisionTimeoutMs(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision timeout");
    assertThatThrownBy(() -> new EdgeLimits(Duration.ofNanos(1), 5, AdmissionLimits.defaults(), 256, 4_194_304, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision timeout");
    assertThat(EdgeLimits.builder().decisionTimeoutMs(1).build().decisionTimeout()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void theDecisionTimeoutFitsTheRequestProducersIntMilliseconds() {
    assertThatThrownBy(() -> new EdgeLimits(Duration.ofMillis(Integer.MAX_VALUE + 1L), 5,
        AdmissionLimits.defaults(), 256, 4_194_304, 16_384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision timeout");
    assertThat(EdgeLimits.builder().decisionTimeoutMs(Integer.MAX_VALUE).build().decisionTimeout())
        .isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
  }

  @Test
  void retryAfterIsAtLeastOneSecond() {
    assertThatThrownBy(() -> EdgeLimits.builder().retryAfterSeconds(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry after");
    assertThat(EdgeLimits.builder().retryAfterSeconds(1).build().retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void maxPendingIsAtLeastOne() {
    assertThatThrownBy(() -> EdgeLimits.builder().maxPending(0).shedFloor(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPending");
    assertThat(EdgeLimits.builder().maxPending(1).shedFloor(1).build().admission()
        .maxPending()).isEqualTo(1);
  }

  @Test
  void theShedFloorIsAtLeastOneAndAtMostMaxPending() {
    assertThatThrownBy(() -> EdgeLimits.builder().shedFloor(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floor");
    assertThatThrownBy(() -> EdgeLimits.builder().maxPending(100).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floor");
    assertThat(EdgeLimits.builder().maxPending(100).shedFloor(100).build().admission().floor()).isEqualTo(100);
  }

  @Test
  void theShedTargetDelayIsPositive() {
    assertThatThrownBy(() -> EdgeLimits.builder().shedTargetDelayMs(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetDelay");
    assertThatThrownBy(() -> EdgeLimits.builder().shedTargetDelayMs(-250).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetDelay");
  }

  @Test
  void theBodyLimitLeavesTheEdgeRoomForHeadersInTheLargestSipMessage() {
    assertThat(EdgeLimits.MAX_BODY_BYTES).isEqualTo(65_535 - 8_192);
    assertThatThrownBy(() -> EdgeLimits.builder().maxBodyBytes(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max body bytes");
    assertThatThrownBy(() -> EdgeLimits.builder().maxBodyBytes(EdgeLimits.MAX_BODY_BYTES + 1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max body bytes");
    assertThat(EdgeLimits.builder().maxBodyBytes(0).build().maxBodyBytes()).isZero();
    assertThat(EdgeLimits.builder().maxBodyBytes(EdgeLimits.MAX_BODY_BYTES).build().maxBodyBytes())
        .isEqualTo(EdgeLimits.MAX_BODY_BYTES);
  }

  @Test
  void theAdmissionLimitsAreNeeded() {
    assertThatThrownBy(() -> new EdgeLimits(Duration.ofSeconds(3), 5, null, 256, 4_194_304, 16_384))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void atLeastOneDatagramMayWaitForTheParser() {
    assertThatThrownBy(() -> EdgeLimits.builder().maxUnparsed(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max unparsed");
    assertThat(EdgeLimits.builder().maxUnparsed(1).build().maxUnparsed()).isEqualTo(1);
    assertThat(EdgeLimits.defaults().maxUnparsed()).isEqualTo(256);
  }

  @Test
  void theUdpReceiveBufferHoldsAtLeastOneLargestDatagram() {
    assertThatThrownBy(() -> EdgeLimits.builder().udpReceiveBufferBytes(65_535).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UDP receive buffer");
    assertThat(EdgeLimits.builder().udpReceiveBufferBytes(65_536).build().udpReceiveBufferBytes()).isEqualTo(65_536);
  }
}
