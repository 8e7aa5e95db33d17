package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigTest {

  private static final CommonConfig COMMON = new CommonConfig(new Endpoint("127.0.0.1", 5060),
      new Endpoint("0.0.0.0", 0), "example.com", "load-", "abc");

  @Test
  void endpointsParseHostPortIpv6AndAHostAlone() {
    assertThat(Endpoint.parse("10.1.2.3:5080", 5060)).isEqualTo(new Endpoint("10.1.2.3", 5080));
    assertThat(Endpoint.parse("sip.example.com", 5060)).isEqualTo(new Endpoint("sip.example.com", 5060));
    assertThat(Endpoint.parse("[::1]:5070", 5060)).isEqualTo(new Endpoint("::1", 5070));
    assertThat(Endpoint.parse("::1", 5060)).isEqualTo(new Endpoint("::1", 5060));
    assertThat(new Endpoint("::1", 5070)).hasToString("[::1]:5070");
    assertThatThrownBy(() -> Endpoint.parse("h:x", 5060)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Endpoint.parse("h:70000", 5060)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runIdsAreShortLowercaseAlphanumerics() {
    assertThat(CommonConfig.newRunId()).matches("[a-z0-9]{8}");
    assertThatThrownBy(() -> new CommonConfig(COMMON.target(), COMMON.local(), "example.com", "load-", "A-B"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLatencyRunCountsPublishesAfterTheWarmUp() {
    LatencyConfig config = new LatencyConfig(COMMON, 100, 10, 100, Duration.ofSeconds(60), Duration.ofSeconds(10),
        200, 600, Duration.ofSeconds(40), Duration.ofSeconds(10));

    assertThat(config.totalWatchers()).isEqualTo(1000);
    assertThat(config.warmupPublishes()).isEqualTo(1000);
    assertThat(config.totalPublishes()).isEqualTo(7000);
  }

  @Test
  void defaultExpiresOutlastsTheRunWithinTheUsualServerBounds() {
    assertThat(LatencyConfig.defaultExpires(Duration.ofSeconds(10), Duration.ofSeconds(60))).isEqualTo(600);
    assertThat(LatencyConfig.defaultExpires(Duration.ofSeconds(10), Duration.ofSeconds(1000))).isEqualTo(1310);
    assertThat(LatencyConfig.defaultExpires(Duration.ZERO, Duration.ofHours(2))).isEqualTo(3600);
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> new LatencyConfig(COMMON, 0, 1, 100, Duration.ofSeconds(1), Duration.ZERO, 1, 600,
        Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LatencyConfig(COMMON, 1, 1, 0, Duration.ofSeconds(1), Duration.ZERO, 1, 600,
        Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateConfig(COMMON, RateConfig.Method.PUBLISH, 10, Duration.ZERO, 1, 60,
        Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommonConfig(new Endpoint("h", 0), COMMON.local(), "example.com", "load-", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reportsAreJsonObjects() {
    assertThat(JsonText.of(java.util.Map.of("a", "q\"\n"))).isEqualTo("{\"a\":\"q\\\"\\n\"}");
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("n", 3L);
    m.put("ms", 1.23456);
    m.put("none", null);
    assertThat(JsonText.of(m)).isEqualTo("{\"n\":3,\"ms\":1.235,\"none\":null}");
  }
}
