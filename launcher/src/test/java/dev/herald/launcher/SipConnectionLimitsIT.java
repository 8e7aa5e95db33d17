package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.net.SourceLimits;
import dev.herald.common.sip.SipConnectionLimits;
import dev.herald.testkit.FlowAgent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection limits on the edge's SIP TCP and TLS listeners: a flood of connections from one
 * address that never finish their TLS handshake, or never send anything over TCP, has those beyond
 * the per-source limit closed at once, while a phone on another address is served.
 */
class SipConnectionLimitsIT {

  private static final int PER_SOURCE = 4;
  private static final Duration HANDSHAKE = Duration.ofSeconds(2);
  private static final String FLOODER = "127.0.0.2";

  @TempDir
  static Path dataDir;

  private static Herald herald;
  private static HeraldSettings settings;

  @BeforeAll
  static void start() throws Exception {
    settings = SipChecks.freshSettings(dataDir);
    TlsSettings tls = new TlsSettings(true, 0, Optional.empty(), Optional.empty(), false, Optional.empty(), HANDSHAKE);
    herald = new Herald(settings).withTls(tls)
        .withSipConnections(new SipConnectionLimits(SourceLimits.builder().maxPerSource(PER_SOURCE).build(),
            SipConnectionLimits.DEFAULT_IDLE_TIMEOUT))
        .start();
    SipChecks.awaitHealthy(settings);
  }

  @AfterAll
  static void stop() {
    Optional.ofNullable(herald).ifPresent(Herald::close);
  }

  @Test
  void aFloodOfUnfinishedTlsHandshakesFromOneAddressLeavesAPhoneOnAnotherServed() throws Exception {
    InetSocketAddress sips = new InetSocketAddress("127.0.0.1", herald.sipTlsPort());
    List<Socket> flood = floodPastTheLimit(sips.getPort());
    try {
      try (FlowAgent watcher = FlowAgent.tls("tls-calm-watcher", sips, "127.0.0.1",
          SipChecks.selfSignedCertificate(dataDir))) {
        FlowsIT.subscribe(watcher, "sip:tls-calm-presentity@example.com", null);
        FlowsIT.nextRequest(watcher, "NOTIFY");
      }
      // Those within the limit are closed at the handshake deadline.
      for (Socket within : flood.subList(0, PER_SOURCE)) {
        await().atMost(HANDSHAKE.multipliedBy(5)).until(() -> SipChecks.closedByServer(within));
      }
    } finally {
      SipChecks.close(flood);
    }
  }

  @Test
  void aFloodOfSilentTcpConnectionsFromOneAddressLeavesAPhoneOnAnotherServed() throws Exception {
    List<Socket> flood = floodPastTheLimit(settings.sipPort());
    try {
      assertThat(SipChecks.closedByServer(flood.get(0))).as("within the limit, left open").isFalse();
      try (FlowAgent watcher = FlowAgent.tcp("tcp-calm-watcher",
          new InetSocketAddress("127.0.0.1", settings.sipPort()), "127.0.0.1")) {
        FlowsIT.subscribe(watcher, "sip:tcp-calm-presentity@example.com", null);
        FlowsIT.nextRequest(watcher, "NOTIFY");
      }
    } finally {
      SipChecks.close(flood);
    }
  }

  /** Three times the per-source limit of connections from {@link #FLOODER}, once the server closed those beyond it. */
  private static List<Socket> floodPastTheLimit(int port) throws IOException {
    List<Socket> flood = SipChecks.flood(FLOODER, port, PER_SOURCE * 3);
    try {
      for (Socket over : flood.subList(PER_SOURCE, flood.size())) {
        await().atMost(SipChecks.ANSWER).until(() -> SipChecks.closedByServer(over));
      }
      return flood;
    } catch (RuntimeException e) {
      SipChecks.close(flood);
      throw e;
    }
  }
}
