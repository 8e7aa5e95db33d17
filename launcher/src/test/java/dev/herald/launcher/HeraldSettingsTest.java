package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeraldSettingsTest {

  private static final Path DATA = Path.of("data");

  @Test
  void withoutBootstrapServersTheBrokerIsEmbedded() {
    assertThat(new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.empty()).embeddedBroker()).isTrue();
    assertThat(new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.of("  ")).embeddedBroker()).isTrue();
    assertThat(new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.of("k1:9092,k2:9092")).embeddedBroker())
        .isFalse();
  }

  @Test
  void portsMustBePortsAndDiffer() {
    assertThatThrownBy(() -> new HeraldSettings("127.0.0.1", 70000, "127.0.0.1", 8088, DATA, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sip port");
    assertThatThrownBy(() -> new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", -1, DATA, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("admin port");
    assertThatThrownBy(() -> new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 5060, DATA, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
  }

  @Test
  void sipHostMustBeGiven() {
    assertThatThrownBy(() -> new HeraldSettings(" ", 5060, "127.0.0.1", 8088, DATA, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bootstrapServersMustBeHostPortPairs() {
    assertThatThrownBy(() -> new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.of("kafka")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
  }

  @Test
  void expirySettingsAreCheckedAtOnce() {
    assertThatThrownBy(() -> new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.empty(),
        "at_least_once", 3600, 60, 10, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.empty(),
        "at_least_once", 30, 900, 0, 1).presence("sip:h@127.0.0.1").expiries().subscribe().defaultSeconds()).isEqualTo(600);
  }

  @Test
  void withoutEdgeLimitsTheEdgesDefaultsApply() {
    assertThat(new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.empty()).edgeLimits())
        .isEqualTo(EdgeLimits.defaults());
    assertThat(new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.empty(),
        "at_least_once", 60, 3600, 10, 3).edgeLimits()).isEqualTo(EdgeLimits.defaults());
  }

  @Test
  void edgeLimitsMustBeGiven() {
    assertThatThrownBy(() -> new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.empty(),
        "at_least_once", 60, 3600, 10, 3, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theProcessingGuaranteeIsOneStreamsKnows() {
    assertThatThrownBy(() -> new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, DATA, Optional.empty(),
        "exactly_once", 60, 3600, 10, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
