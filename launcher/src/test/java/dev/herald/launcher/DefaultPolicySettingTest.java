package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.avro.SubHandling;
import dev.herald.packages.authorization.DomainPolicies;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultPolicySettingTest {

  private static HeraldSettings settings(Map<String, String> env, String... args) {
    return OptionsParsing.upSettings(env, args);
  }

  @Test
  void withoutTheSettingEveryWatcherIsAllowed() {
    assertThat(settings(Map.of(), "up").defaultPolicy()).isEqualTo(DomainPolicies.allowAll());
    assertThat(HeraldSettings.builder().dataDir(Path.of("d")).build().defaultPolicy())
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
    assertThatThrownBy(() -> HeraldSettings.builder().dataDir(Path.of("d")).defaultPolicy(null).build())
        .isInstanceOf(NullPointerException.class);
  }
}
