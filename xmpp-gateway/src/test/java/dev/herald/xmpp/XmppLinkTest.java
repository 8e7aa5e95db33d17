package dev.herald.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.Packet;

class XmppLinkTest {

  private static final XmppLink.Listener NOBODY = new XmppLink.Listener() {
    @Override
    public void up() {}

    @Override
    public void down(String reason) {}

    @Override
    public void stanza(Packet stanza) {}
  };

  @Test
  void theWaitBeforeAnotherAttemptDoublesPerFailureUpToTheMaximum() {
    XmppLink link = new XmppLink(new XmppGatewayConfig.Link("127.0.0.1", 5347, "sip.example.com",
        new XmppGatewayConfig.Secret("s")), new XmppGatewayConfig.Timing(Duration.ofSeconds(1), Duration.ofSeconds(60),
        Duration.ofSeconds(10), 3600), "example.com", NOBODY);
    assertThat(link.backoff(1)).isEqualTo(1_000);
    assertThat(link.backoff(2)).isEqualTo(2_000);
    assertThat(link.backoff(6)).isEqualTo(32_000);
    assertThat(link.backoff(7)).isEqualTo(60_000);
    assertThat(link.backoff(500)).isEqualTo(60_000);
  }
}
