package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald rules …} against a running Herald, through its admin API. */
class RulesCommandIT {

  private static final String BOB = "sip:bob@example.com";
  private static final String PRES_RULES = """
      <?xml version="1.0" encoding="UTF-8"?>
      <cp:ruleset xmlns:cp="urn:ietf:params:xml:ns:common-policy" xmlns:pr="urn:ietf:params:xml:ns:pres-rules">
        <cp:rule id="friends">
          <cp:conditions><cp:identity><cp:one id="sip:alice@example.com"/></cp:identity></cp:conditions>
          <cp:actions><pr:sub-handling>allow</pr:sub-handling></cp:actions>
        </cp:rule>
        <cp:rule id="work">
          <cp:conditions><cp:sphere value="work"/></cp:conditions>
          <cp:actions><pr:sub-handling>allow</pr:sub-handling></cp:actions>
        </cp:rule>
      </cp:ruleset>
      """;

  @TempDir
  Path dataDir;

  @TempDir
  Path files;

  private static int health(int adminPort) throws Exception {
    return HttpClient.newHttpClient().send(SipChecks.adminRequest(adminPort, "/health").build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void theRulesCommandsImportSetShowRemoveAndClearThroughTheAdminApi() throws Exception {
    int adminPort = FreePorts.findFreePort();
    HeraldSettings settings = SipChecks.register(HeraldSettings.builder().sipHost("127.0.0.1")
        .sipPort(FreePorts.findFreeSipPort("127.0.0.1")).adminHost("127.0.0.1").adminPort(adminPort).dataDir(dataDir)
        .build());
    Path document = Files.writeString(files.resolve("bob.xml"), PRES_RULES);
    Path bad = Files.writeString(files.resolve("bad.xml"), PRES_RULES.replace(">allow<", ">sometimes<"));
    try (Herald herald = new Herald(settings).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> health(adminPort) == 200);

      CliRun imported = CliRun.herald(adminPort, "rules", "import", BOB, document.toString());
      assertThat(imported.exitCode()).as(imported.err()).isZero();
      assertThat(imported.out()).contains("warning: rule work left out", "friends", "allow", "sip:alice@example.com");

      CliRun set = CliRun.herald(adminPort, "rules", "set", BOB, "--domain", "example.com", "--except", "sip:eve@example.com",
          "confirm", "--id", "colleagues");
      assertThat(set.exitCode()).as(set.err()).isZero();
      assertThat(set.out()).contains("rule colleagues set", "friends", "domain example.com except sip:eve@example.com");

      CliRun xml = CliRun.herald(adminPort, "rules", "show", BOB, "--xml");
      assertThat(xml.out()).contains("<cp:one id=\"sip:alice@example.com\"/>", "<cp:many domain=\"example.com\">",
          "<cp:except id=\"sip:eve@example.com\"/>", ">confirm</pr:sub-handling>");
      assertThat(CliRun.herald(adminPort, "rules", "show", BOB, "--json").out()).contains("\"id\":\"colleagues\"");

      CliRun removed = CliRun.herald(adminPort, "rules", "remove", BOB, "friends");
      assertThat(removed.exitCode()).isZero();
      assertThat(CliRun.herald(adminPort, "rules", "show", BOB).out()).contains("colleagues").doesNotContain("friends");

      CliRun refused = CliRun.herald(adminPort, "rules", "import", BOB, bad.toString());
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("sometimes", "HTTP 400");
      assertThat(CliRun.herald(adminPort, "rules", "show", BOB).out()).as("unchanged").contains("colleagues");

      assertThat(CliRun.herald(adminPort, "rules", "clear", BOB).exitCode()).isZero();
      CliRun gone = CliRun.herald(adminPort, "rules", "show", BOB);
      assertThat(gone.exitCode()).isEqualTo(1);
      assertThat(gone.err()).contains("no rules for " + BOB);
    }
  }

  @Test
  void withoutARunningHeraldTheCommandSaysWhereItLooked() {
    int adminPort = FreePorts.findFreePort();

    CliRun run = CliRun.herald(adminPort, "rules", "show", BOB);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no Herald answers at", Integer.toString(adminPort));
  }
}
