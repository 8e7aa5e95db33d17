package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SettingsSourceTest {

  @TempDir
  Path dir;

  private HeraldCommand.Up parse(Map<String, String> env, String... args) {
    CommandLine cli = HeraldMain.commandLine(env);
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    return (HeraldCommand.Up) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void namesFollowOneRule() {
    assertThat(SettingsSource.variableOf("--sip-port")).isEqualTo("HERALD_SIP_PORT");
    assertThat(SettingsSource.keyOf("--bootstrap-servers")).isEqualTo("bootstrap.servers");
  }

  @Test
  void withNothingGivenTheDefaultsApply() {
    HeraldCommand.Up up = parse(Map.of(), "up");

    assertThat(up.sipPort).isEqualTo(5060);
    assertThat(up.sipHost).isEqualTo("127.0.0.1");
    assertThat(up.admin.adminPort).isEqualTo(8088);
    assertThat(up.bootstrapServers).isNull();
    assertThat(up.settings().edgeLimits()).isEqualTo(EdgeLimits.defaults());
  }

  @Test
  void theEdgeLimitFlagsBecomeTheEdgeLimits() {
    HeraldCommand.Up up = parse(Map.of(), "up", "--decision-timeout-ms", "1500", "--retry-after", "2",
        "--max-pending", "1000", "--shed-floor", "50", "--shed-target-delay-ms", "100", "--max-body-bytes", "4096");

    assertThat(up.settings().edgeLimits()).isEqualTo(EdgeLimits.builder().decisionTimeoutMs(1500).retryAfterSeconds(2)
        .maxPending(1000).shedFloor(50).shedTargetDelayMs(100).maxBodyBytes(4096).build());
  }

  @Test
  void anEdgeLimitComesFromTheFileTheEnvironmentOverridesItAndAFlagOverridesBoth() throws Exception {
    Path file = dir.resolve("herald.properties");
    Files.writeString(file, "max.pending=1000\n");
    Map<String, String> fileOnly = Map.of(SettingsSource.CONFIG_VARIABLE, file.toString());
    Map<String, String> fileAndEnv = Map.of(SettingsSource.CONFIG_VARIABLE, file.toString(),
        "HERALD_MAX_PENDING", "2000");

    assertThat(parse(fileOnly, "up").maxPending).as("from the file").isEqualTo(1000);
    assertThat(parse(fileAndEnv, "up").maxPending).as("environment over file").isEqualTo(2000);
    assertThat(parse(fileAndEnv, "up", "--max-pending", "3000").maxPending).as("flag over environment")
        .isEqualTo(3000);
  }

  @Test
  void aPropertiesFileOverridesDefaultsTheEnvironmentOverridesTheFileAndFlagsOverrideAll() throws Exception {
    Path file = dir.resolve("herald.properties");
    Files.writeString(file, "sip.port=6000\nadmin.port=6001\ndata.dir=/srv/herald\nsip.host=10.0.0.1\n");
    Map<String, String> env = Map.of(SettingsSource.CONFIG_VARIABLE, file.toString(),
        "HERALD_ADMIN_PORT", "7001", "HERALD_SIP_HOST", "10.0.0.2");

    HeraldCommand.Up up = parse(env, "up", "--sip-host", "10.0.0.3");

    assertThat(up.sipPort).as("from the file").isEqualTo(6000);
    assertThat(up.dataDir).as("from the file").isEqualTo(Path.of("/srv/herald"));
    assertThat(up.admin.adminPort).as("environment over file").isEqualTo(7001);
    assertThat(up.sipHost).as("flag over environment").isEqualTo("10.0.0.3");
  }

  @Test
  void clientCommandsFindTheAdminPortTheSameWay() {
    CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_ADMIN_PORT", "28080"));
    CommandLine.ParseResult parsed = cli.parseArgs("health");
    HeraldCommand.HealthCommand health = (HeraldCommand.HealthCommand) parsed.subcommand().commandSpec().userObject();

    assertThat(health.admin.uri("/health").toString()).isEqualTo("http://127.0.0.1:28080/health");
  }

  @Test
  void aNamedConfigurationFileThatCannotBeReadIsAnError() {
    Map<String, String> env = Map.of(SettingsSource.CONFIG_VARIABLE, dir.resolve("missing.properties").toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SettingsSource.fromEnvironment(env))
        .hasMessageContaining("missing.properties");
  }
}
