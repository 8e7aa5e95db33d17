package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --contact-host}: a phone behind a NAT names an address it cannot be reached at. */
class ContactHostTest {

  private static final Endpoint TARGET = new Endpoint("127.0.0.1", 5060);

  private static CommonConfig common(Endpoint target, String contactHost) {
    return new CommonConfig(target, new Endpoint("127.0.0.1", 0), "example.com", "load-", CommonConfig.newRunId(),
        contactHost);
  }

  @Test
  void theContactHostReplacesTheSocketsAddressInViaAndContact() throws Exception {
    InetAddress bound = InetAddress.getByName("127.0.0.1");
    InetSocketAddress target = new InetSocketAddress(bound, 5060);

    assertThat(SipClient.advertisedHost(common(TARGET, "127.0.0.2"), bound, target)).isEqualTo("127.0.0.2");
    assertThat(SipClient.advertisedHost(common(TARGET, null), bound, target)).isEqualTo("127.0.0.1");

    SipWriter out = new SipWriter(4096);
    new SipRequests("r1", "127.0.0.2", 5071, "example.com", "load-").subscribe(out, 1, 'w', 0, 0, 1, 600, null, 0);
    assertThat(out.toString()).contains("Via: SIP/2.0/UDP 127.0.0.2:5071;rport;")
        .contains("Contact: <sip:watcher-0@127.0.0.2:5071>");
  }

  @Test
  void aContactHostIsAHostNameOrAnAddress() {
    assertThat(common(TARGET, "phone.lan").contactHost()).isEqualTo("phone.lan");
    assertThat(common(TARGET, "::1").contactHost()).isEqualTo("::1");
    assertThatThrownBy(() -> common(TARGET, "10.0.0.1>;x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> common(TARGET, "a b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSubscriberBehindANatGetsItsNotifiesFromTheAddressItSentTo() throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      server.notifyFromTheFront();
      RateConfig config = new RateConfig(common(server.endpoint(), "127.0.0.2"), RateConfig.Method.SUBSCRIBE, 200,
          Duration.ofMillis(250), 1000, 60, Duration.ofSeconds(3));

      RateReport report = Loadgen.rate(config);

      assertThat(server.viaHosts).containsExactly("127.0.0.2");
      assertThat(server.contactHosts).containsExactly("127.0.0.2");
      assertThat(report.ok()).isEqualTo(50);
      assertThat(report.dialogsNotified()).isEqualTo(50);
      assertThat(report.transport().notifies()).isEqualTo(50);
      assertThat(report.transport().notifiesFromElsewhere()).isZero();
      assertThat(report.summary()).contains("notifiesFromElsewhere=0");
      assertThat(report.json()).contains("\"notifiesFromElsewhere\":0");
    }
  }

  @Test
  void notifiesFromAnotherPortThanTheTargetAreCounted() throws Exception {
    // The fake's NOTIFYs leave from its notifier socket, not from the SIP socket the tool sends to.
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      RateConfig config = new RateConfig(common(server.endpoint(), null), RateConfig.Method.SUBSCRIBE, 200,
          Duration.ofMillis(100), 1000, 60, Duration.ofSeconds(3));

      RateReport report = Loadgen.rate(config);

      assertThat(report.dialogsNotified()).isEqualTo(20);
      assertThat(report.transport().notifiesFromElsewhere()).isEqualTo(report.transport().notifies()).isEqualTo(20);
      assertThat(report.summary()).contains("notifiesFromElsewhere=20");
      assertThat(report.json()).contains("\"notifiesFromElsewhere\":20");
    }
  }
}
