package dev.herald.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testkit.ProsodyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.Packet;

/** The component link against a real Prosody: refused with a wrong secret, up with the right one, back after a restart. */
class XmppLinkIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final XmppGatewayConfig.Timing FAST = new XmppGatewayConfig.Timing(Duration.ofMillis(100),
      Duration.ofMillis(400), Duration.ofMillis(500), 600);

  @TempDir
  Path dir;

  /** What the link reported, in order. */
  private final List<String> events = new CopyOnWriteArrayList<>();

  private final XmppLink.Listener recorder = new XmppLink.Listener() {
    @Override
    public void up() {
      events.add("up");
    }

    @Override
    public void down(String reason) {
      events.add("down");
    }

    @Override
    public void stanza(Packet stanza) {
      events.add("stanza");
    }
  };

  @BeforeAll
  static void prosodyIsThere() {
    ProsodyServer.assumeInstalled();
  }

  @Test
  void aWrongSecretKeepsTheLinkDownWithTheServersReasonAndRetrying() throws Exception {
    try (ProsodyServer prosody = ProsodyServer.start(dir, "xmpp.test", "sip.xmpp.test", "right-secret");
         XmppLink link = new XmppLink(new XmppGatewayConfig.Link(prosody.host(), prosody.componentPort(),
             "sip.xmpp.test", new XmppGatewayConfig.Secret("wrong-secret")), FAST, "xmpp.test", recorder).start()) {
      await().atMost(WAIT).until(() -> link.describe().startsWith("down:") && link.describe().contains("next attempt"));
      assertThat(link.describe()).doesNotContain("wrong-secret");
      assertThat(link.isUp()).isFalse();
      assertThat(events).doesNotContain("up");
    }
  }

  @Test
  void theLinkComesBackByItselfAfterTheServerRestarts() throws Exception {
    try (ProsodyServer prosody = ProsodyServer.start(dir, "xmpp.test", "sip.xmpp.test", "right-secret");
         XmppLink link = new XmppLink(new XmppGatewayConfig.Link(prosody.host(), prosody.componentPort(),
             "sip.xmpp.test", new XmppGatewayConfig.Secret("right-secret")), FAST, "xmpp.test", recorder).start()) {
      await().atMost(WAIT).until(link::isUp);
      assertThat(link.describe()).startsWith("up: sip.xmpp.test");
      // Pings are answered: the link stays up over several intervals.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(link::isUp);
      prosody.stop();
      await().atMost(WAIT).until(() -> !link.isUp());
      prosody.startAgain();
      await().atMost(WAIT).until(link::isUp);
      assertThat(events).containsSubsequence("up", "down", "up");
      assertThat(link.connects()).isEqualTo(2);
    }
  }
}
