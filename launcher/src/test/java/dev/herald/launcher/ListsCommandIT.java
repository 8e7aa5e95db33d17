package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald lists …} against a running Herald, through its admin API. */
class ListsCommandIT {

  private static final String FRIENDS = "sip:friends@lists.example.com";
  private static final String FAMILY = "sip:family@lists.example.com";
  private static final String DOCUMENT = """
      <?xml version="1.0" encoding="UTF-8"?>
      <resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists">
        <list name="friends">
          <display-name>Friends</display-name>
          <entry uri="sip:Alice@EXAMPLE.com"><display-name>Alice</display-name></entry>
          <list name="work"><entry uri="sip:bob@example.com"/></list>
          <entry uri="sip:family@lists.example.com"/>
        </list>
      </resource-lists>
      """;

  @TempDir
  Path dataDir;

  @TempDir
  Path files;

  @Test
  void theListsCommandsPutAddRemoveShowRefuseALoopAndDeleteThroughTheAdminApi() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    int adminPort = settings.adminPort();
    Path document = Files.writeString(files.resolve("friends.xml"), DOCUMENT);
    Path refused = Files.writeString(files.resolve("bad.xml"), DOCUMENT.replace("<entry uri=\"sip:bob@example.com\"/>",
        "<entry-ref ref=\"users/x\"/>"));
    try (Herald herald = new Herald(settings).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> SipChecks.healthy(adminPort));

      CliRun put = CliRun.herald(adminPort, "lists", "put", FRIENDS, document.toString());
      assertThat(put.exitCode()).as(put.err()).isZero();
      assertThat(put.out()).contains("created " + FRIENDS, "Friends", "sip:Alice@example.com  Alice",
          "sip:bob@example.com", FAMILY);

      CliRun family = CliRun.herald(adminPort, "lists", "add", FAMILY, "sip:carol@example.com", "--name", "Carol");
      assertThat(family.exitCode()).as(family.err()).isZero();
      assertThat(family.out()).contains("sip:carol@example.com  Carol");

      CliRun added = CliRun.herald(adminPort, "lists", "add", FRIENDS, "sip:dave@example.com;transport=tcp");
      assertThat(added.exitCode()).as(added.err()).isZero();
      CliRun removed = CliRun.herald(adminPort, "lists", "remove", FRIENDS, "sip:bob@example.com");
      assertThat(removed.exitCode()).as(removed.err()).isZero();

      CliRun shown = CliRun.herald(adminPort, "lists", "show", FRIENDS);
      assertThat(shown.out()).contains("sip:dave@example.com", "sip:Alice@example.com").doesNotContain("sip:bob@");
      assertThat(CliRun.herald(adminPort, "lists", "show", FRIENDS, "--xml").out()).contains(
          "<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\">",
          "<entry uri=\"sip:Alice@example.com\"><display-name>Alice</display-name></entry>",
          "<entry uri=\"sip:dave@example.com\"/>");

      CliRun loop = CliRun.herald(adminPort, "lists", "add", FAMILY, FRIENDS);
      assertThat(loop.exitCode()).isEqualTo(1);
      assertThat(loop.err()).contains(FAMILY + " -> " + FRIENDS + " -> " + FAMILY, "HTTP 400");
      CliRun entryRef = CliRun.herald(adminPort, "lists", "put", FRIENDS, refused.toString());
      assertThat(entryRef.exitCode()).isEqualTo(1);
      assertThat(entryRef.err()).contains("<entry-ref> is not supported", "HTTP 400");
      assertThat(CliRun.herald(adminPort, "lists", "show", FAMILY).out()).as("unchanged")
          .doesNotContain(FRIENDS);

      CliRun deleted = CliRun.herald(adminPort, "lists", "delete", FRIENDS);
      assertThat(deleted.exitCode()).as(deleted.err()).isZero();
      CliRun gone = CliRun.herald(adminPort, "lists", "show", FRIENDS);
      assertThat(gone.exitCode()).isEqualTo(1);
      assertThat(gone.err()).contains("no list " + FRIENDS);
    }
  }
}
