package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code up --application-id}: which processor application Herald runs, and what {@code rebuild} refuses. */
class ApplicationIdSettingTest {

  private static HeraldSettings settings(Map<String, String> env, String... args) {
    return OptionsParsing.upSettings(env, args);
  }

  @Test
  void withoutTheFlagTheProcessorIsHeraldProcessor() {
    assertThat(settings(Map.of(), "up").applicationId()).isEqualTo("herald-processor");
    assertThat(HeraldSettings.builder().dataDir(Path.of("d")).build().applicationId()).isEqualTo("herald-processor");
  }

  @Test
  void theFlagOrTheVariableNamesTheApplication() {
    assertThat(settings(Map.of(), "up", "--application-id", "herald-rebuilt-1").applicationId())
        .isEqualTo("herald-rebuilt-1");
    assertThat(settings(Map.of("HERALD_APPLICATION_ID", "herald-rebuilt-2"), "up").applicationId())
        .isEqualTo("herald-rebuilt-2");
  }

  @Test
  void anApplicationIdMustBeALegalGroupAndTopicPrefix() {
    assertThatThrownBy(() -> settings(Map.of(), "up", "--application-id", "herald processor"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("application id");
    assertThatThrownBy(() -> settings(Map.of(), "up", "--application-id", "herald/processor"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings(Map.of(), "up", "--application-id", "x".repeat(201)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeraldSettings.builder().dataDir(Path.of("d")).build().withApplicationId(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeraldSettings.builder().dataDir(Path.of("d")).applicationId(null).build())
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRebuildNeedsAFreshApplicationIdOtherThanTheLiveOne() {
    CliRun unnamed = CliRun.herald(0, "rebuild", "--bootstrap-servers", "127.0.0.1:1");
    assertThat(unnamed.exitCode()).isEqualTo(RebuildCommand.FAILED);
    assertThat(unnamed.err()).contains("--application-id NAME");

    CliRun same = CliRun.herald(0, "rebuild", "--application-id", "herald-processor", "--bootstrap-servers",
        "127.0.0.1:1");
    assertThat(same.exitCode()).isEqualTo(RebuildCommand.FAILED);
    assertThat(same.err()).contains("must differ from the live one, herald-processor");

    CliRun bad = CliRun.herald(0, "rebuild", "--application-id", "bad id", "--bootstrap-servers", "127.0.0.1:1");
    assertThat(bad.exitCode()).isEqualTo(RebuildCommand.FAILED);
    assertThat(bad.err()).contains("application id");
  }

  @Test
  void aRebuildComparesWithTheApplicationIdUpWouldUse() {
    StringWriter err = new StringWriter();
    CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_APPLICATION_ID", "herald-live-2"));
    cli.setErr(new PrintWriter(err, true));

    int exitCode = cli.execute("rebuild", "--application-id", "herald-live-2", "--bootstrap-servers", "127.0.0.1:1");

    assertThat(exitCode).isEqualTo(RebuildCommand.FAILED);
    assertThat(err.toString()).contains("must differ from the live one, herald-live-2");
  }
}
