package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HeraldVersionTest {

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = HeraldMain.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute(args)).isZero();
    return out.toString().strip();
  }

  @Test
  void versionPrintsTheBuildsVersionAndCommit() {
    assertThat(run("--version")).matches("herald \\d+\\.\\d+\\.\\d+\\S* \\((commit [0-9a-f]{12}|unknown commit)\\)");
  }

  @Test
  void everyCommandPrintsTheSameVersion() {
    String version = run("--version");
    assertThat(run("up", "--version")).isEqualTo(version);
    assertThat(run("topics", "--version")).isEqualTo(version);
  }

  @Test
  void aBuildFromAGitCheckoutNamesItsCommit() throws Exception {
    Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
    String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assumeTrue(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0, "not built from a git checkout");

    assertThat(HeraldVersion.current().commit()).isEqualTo(head);
  }

  @Test
  void aBuildWithoutGitSaysUnknownCommit() {
    HeraldVersion unfilled = new HeraldVersion("0.1.0", "${buildNumber}");

    assertThat(unfilled.describe()).isEqualTo("0.1.0 (unknown commit)");
    assertThat(new HeraldVersion("0.1.0", "unknown commit").describe()).isEqualTo("0.1.0 (unknown commit)");
    assertThat(new HeraldVersion("0.1.0", "1a2b3c4d5e6f").getVersion()).containsExactly("herald 0.1.0 (commit 1a2b3c4d5e6f)");
  }
}
