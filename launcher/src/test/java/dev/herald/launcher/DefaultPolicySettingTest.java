package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.avro.SubHandling;
import dev.herald.processor.rules.DomainPolicies;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultPolicySettingTest {

  private static HeraldSettings settings(Map<String, String> env, String... args) {
    return OptionsParsing.upSettings(env, args);
  }

  @Test
  void withoutTheSettingEveryWatcherIsAllowed() {
    assertThat(settings(Map.of(), "up").defaultPolicy()).isEqualTo(DomainPolicies.allowAll());
    assertThat(new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, Path.of("d"), Optional.empty()).defaultPolicy())
        .isEqualTo(DomainPolicies.allowAll());
  }

  @Test
  void theFlagOrTheVariableBecomesTheDefaultPolicy() {
    HeraldSettings fromFlag = settings(Map.of(), "up", "--default-policy", "example.com:other=confirm");
    HeraldSettings fromEnv = settings(Map.of("HERALD_DEFAULT_POLICY", "*:same=allow,other=block"), "up");

    assertThat(fromFlag.defaultPolicy().handlingFor("example.com", "other.example")).isEqualTo(SubHandling.CONFIRM);
    assertThat(fromEnv.defaultPolicy().handlingFor("example.com", "other.example")).isEqualTo(SubHandling.BLOCK);
  }

  @Test
  void aBadDefaultPolicyIsRefusedWithItsReason() {
    assertThatThrownBy(() -> settings(Map.of(), "up", "--default-policy", "example.com:other=maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other='maybe'");
  }

  @Test
  void theSettingsRecordNeedsAPolicy() {
    assertThatThrownBy(() -> new HeraldSettings("127.0.0.1", 5060, "127.0.0.1", 8088, Path.of("d"), Optional.empty(),
        "at_least_once", 60, 3600, 10, 3, EdgeLimits.defaults(), null, "herald-processor")).isInstanceOf(NullPointerException.class);
  }
}
