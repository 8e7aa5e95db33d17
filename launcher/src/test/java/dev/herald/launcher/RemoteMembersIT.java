package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testkit.FlowAgent;
import dev.herald.testkit.FlowAgent.Message;
import dev.herald.testkit.ListNotify;
import dev.herald.testkit.RemotePresenceServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource list with a member on another domain (RFC 4662 §4): Herald, told its own domains,
 * subscribes to that member at its own server (a SIP server written message by message), and what
 * that server notifies reaches the list's subscriber; the list subscription ending ends it there.
 */
class RemoteMembersIT {

  private static final Duration ANSWER = Duration.ofSeconds(20);

  @TempDir
  Path dataDir;

  @TempDir
  Path files;

  @Test
  void aMemberOnAnotherDomainIsSubscribedToAtItsServerAndItsNotifiesReachTheListSubscriber() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (RemotePresenceServer remote = new RemotePresenceServer();
         Herald herald = new Herald(settings).withLocalDomains(Set.of("example.com"), 0).start()) {
      await().atMost(ANSWER).until(() -> SipChecks.healthy(settings.adminPort()));
      String zed = "sip:zed@127.0.0.1:" + remote.port();
      String list = "sip:mixed@example.com";
      Path document = Files.writeString(files.resolve("mixed.xml"), """
          <?xml version="1.0" encoding="UTF-8"?>
          <resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists">
            <list><entry uri="sip:alice@example.com"/><entry uri="%s"/></list>
          </resource-lists>
          """.formatted(zed));
      CliRun put = CliRun.herald(settings.adminPort(), "lists", "put", list, document.toString());
      assertThat(put.exitCode()).as(put.err()).isZero();

      try (FlowAgent watcher = FlowAgent.udp("far-watcher", new InetSocketAddress("127.0.0.1", settings.sipPort()),
          "127.0.0.1")) {
        watcher.send("SUBSCRIBE", list, null, List.of("Event: presence", "Expires: 600", "Supported: eventlist",
            "Accept: application/pidf+xml, application/rlmi+xml, multipart/related"), null);
        Message ok = watcher.next(ANSWER);
        assertThat(ok.status()).as(ok.startLine()).isEqualTo(200);

        RemotePresenceServer.Received subscribe = remote.nextRequest("SUBSCRIBE", ANSWER);
        assertThat(subscribe).as("a back-end SUBSCRIBE at the member's own server").isNotNull();
        assertThat(subscribe.message().startLine()).startsWith("SUBSCRIBE " + zed + " ");
        assertThat(subscribe.message().header("from")).contains("sip:herald@example.com");
        assertThat(subscribe.message().header("event")).isEqualTo("presence");
        assertThat(Integer.parseInt(subscribe.message().header("expires"))).isPositive();
        RemotePresenceServer.Dialog dialog = remote.answer(subscribe, 200, List.of("Expires: 600"));
        remote.notify(dialog, "active;expires=600", pidf(zed, "zed far away"));

        ListNotify.Resource seen = awaitMember(watcher, zed, "zed far away");
        assertThat(seen.state()).isEqualTo("active");

        remote.notify(dialog, "active;expires=590", pidf(zed, "zed moved on"));
        awaitMember(watcher, zed, "zed moved on");

        watcher.send("SUBSCRIBE", list, ok.toTag(), List.of("Event: presence", "Expires: 0", "Supported: eventlist"),
            null);
        RemotePresenceServer.Received ending = remote.nextRequest("SUBSCRIBE", ANSWER);
        assertThat(ending).as("the back-end subscription ends with the list's").isNotNull();
        assertThat(ending.message().header("expires")).isEqualTo("0");
        assertThat(ending.message().toTag()).isEqualTo(dialog.notifierTag());
      }
    }
  }

  /** Reads list NOTIFYs until one carries {@code member} with {@code note}; returns that resource. */
  private static ListNotify.Resource awaitMember(FlowAgent watcher, String member, String note) throws Exception {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (System.nanoTime() < deadline) {
      Message notify = watcher.next(ANSWER);
      assertThat(notify).as("a list NOTIFY carrying %s", note).isNotNull();
      if (!notify.isRequest("NOTIFY")) {
        continue;
      }
      Optional<ListNotify.Resource> resource = ListNotify.parse(notify.header("content-type"),
          notify.body().getBytes(StandardCharsets.UTF_8)).resource(member);
      if (resource.isPresent() && resource.get().text() != null && resource.get().text().contains(note)) {
        return resource.get();
      }
    }
    throw new AssertionError("no list NOTIFY carried " + member + " with " + note);
  }

  private static String pidf(String entity, String note) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="%s">
          <tuple id="far"><status><basic>open</basic></status><note>%s</note></tuple>
        </presence>
        """.formatted(entity, note);
  }
}
