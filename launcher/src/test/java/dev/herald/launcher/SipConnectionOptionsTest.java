package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.net.SourceLimits;
import dev.herald.common.sip.SipConnectionLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipConnectionOptionsTest {

  @Test
  void withoutFlagsTheLimitsAreTheDefaults() {
    assertThat(OptionsParsing.parse(new SipConnectionOptions(), Map.of()).settings())
        .isEqualTo(SipConnectionLimits.defaults());
  }

  @Test
  void everyFlagSetsItsLimit() {
    SipConnectionLimits limits = OptionsParsing.parse(new SipConnectionOptions(), Map.of(),
        "--sip-max-connections-per-source", "4", "--sip-connects-per-second-per-source", "3",
        "--sip-max-connections", "100", "--sip-idle-timeout-s", "600").settings();

    assertThat(limits).isEqualTo(new SipConnectionLimits(new SourceLimits(4, 3, 100), Duration.ofMinutes(10)));
  }

  @Test
  void everyFlagIsAlsoAVariable() {
    SipConnectionLimits limits = OptionsParsing.parse(new SipConnectionOptions(), Map.of(
        "HERALD_SIP_MAX_CONNECTIONS_PER_SOURCE", "4", "HERALD_SIP_CONNECTS_PER_SECOND_PER_SOURCE", "3",
        "HERALD_SIP_MAX_CONNECTIONS", "100", "HERALD_SIP_IDLE_TIMEOUT_S", "600")).settings();

    assertThat(limits).isEqualTo(new SipConnectionLimits(new SourceLimits(4, 3, 100), Duration.ofMinutes(10)));
  }

  @Test
  void everyFlagIsAlsoAPropertiesKey(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("herald.properties"), """
        sip.max.connections.per.source=4
        sip.connects.per.second.per.source=3
        sip.max.connections=100
        sip.idle.timeout.s=600
        """);
    SipConnectionLimits limits = OptionsParsing.parse(new SipConnectionOptions(),
        Map.of("HERALD_CONFIG", file.toString())).settings();

    assertThat(limits).isEqualTo(new SipConnectionLimits(new SourceLimits(4, 3, 100), Duration.ofMinutes(10)));
  }

  @Test
  void limitsThatContradictEachOtherAreRefusedWithTheirReason() {
    SipConnectionOptions options = OptionsParsing.parse(new SipConnectionOptions(), Map.of(),
        "--sip-max-connections-per-source", "200", "--sip-max-connections", "100");
    assertThatThrownBy(options::settings).hasMessageContaining("cannot exceed connections in all");
  }

  @Test
  void anIdleTimeoutOfZeroIsRefused() {
    SipConnectionOptions options = OptionsParsing.parse(new SipConnectionOptions(), Map.of(),
        "--sip-idle-timeout-s", "0");
    assertThatThrownBy(options::settings).hasMessageContaining("idle timeout must be positive");
  }

  @Test
  void theUpCommandTakesTheFlags() {
    assertThat(OptionsParsing.up(Map.of(), "--sip-max-connections-per-source", "5").sipConnections.settings()
        .sources().maxPerSource()).isEqualTo(5);
  }
}
