package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.edge.ws.ConnectionLimits;
import dev.herald.edge.ws.WebSocketSettings;
import dev.herald.testkit.FlowAgent;
import dev.herald.testkit.FlowAgent.Message;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over WebSocket (RFC 7118), as a browser phone uses it: one connection, offering the sip
 * subprotocol, its Via and Contact naming an invalid host. The 200 and every NOTIFY come over that
 * connection, plain and secure; upgrades without sip or from a page of another origin are refused;
 * a phone whose socket closed is reached again once it reconnects and refreshes; and a flood of
 * connections from one address that never finish their TLS handshake leaves others served.
 */
class WebSocketIT {

  private static final String PAGE = "https://phone.example.com";
  private static final int PER_SOURCE = 4;
  private static final Duration HANDSHAKE = Duration.ofSeconds(2);

  @TempDir
  static Path dataDir;

  private static Herald herald;
  private static InetSocketAddress sip;
  private static URI ws;
  private static URI wss;
  private static Path certificate;

  @BeforeAll
  static void start() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    ConnectionLimits limits = ConnectionLimits.builder().maxPerSource(PER_SOURCE).handshakeTimeout(HANDSHAKE).build();
    herald = new Herald(settings).withTls(TlsSettings.selfSigned(0))
        .withWebSocket(java.util.Optional.of(new WebSocketSettings(OptionalInt.of(0), OptionalInt.of(0),
            List.of(PAGE), limits)))
        .start();
    sip = new InetSocketAddress("127.0.0.1", settings.sipPort());
    ws = URI.create("ws://127.0.0.1:" + herald.sipWsPort() + "/");
    wss = URI.create("wss://localhost:" + herald.sipWssPort() + "/");
    certificate = SipChecks.selfSignedCertificate(dataDir);
    SipChecks.awaitHealthy(settings);
  }

  @AfterAll
  static void stop() {
    if (herald != null) {
      herald.close();
    }
  }

  @Test
  void aBrowserPhoneOnAWebSocketGetsThe200FirstThenEveryNotifyOnItsConnection() throws Exception {
    try (FlowAgent watcher = FlowAgent.webSocket("ws-watcher", ws, PAGE, null);
         FlowAgent publisher = FlowAgent.udp("ws-presentity", sip, "127.0.0.1")) {
      FlowsIT.watchPublishAndEnd(watcher, publisher, "sip:ws-presentity@example.com");
    }
  }

  @Test
  void aBrowserPhoneOnASecureWebSocketIsServedTheSameWay() throws Exception {
    try (FlowAgent watcher = FlowAgent.webSocket("wss-watcher", wss, PAGE, FlowAgent.trusting(certificate));
         FlowAgent publisher = FlowAgent.udp("wss-presentity", sip, "127.0.0.1")) {
      FlowsIT.watchPublishAndEnd(watcher, publisher, "sip:wss-presentity@example.com");
    }
  }

  @Test
  void theNotifyOverAWebSocketSaysWsInItsViaAndContact() throws Exception {
    try (FlowAgent watcher = FlowAgent.webSocket("ws-via", ws, PAGE, null)) {
      FlowsIT.subscribe(watcher, "sip:ws-via-presentity@example.com", null);
      Message first = FlowsIT.nextRequest(watcher, "NOTIFY");
      assertThat(first.header("via")).startsWith("SIP/2.0/WS ");
      assertThat(first.header("contact")).contains(";transport=ws");
      assertThat(first.startLine()).as("to the phone's own Contact, reached over its connection")
          .contains(".invalid");
    }
  }

  @Test
  void aRequestThatDoesNotParseIsAnswered400OnItsConnection() throws Exception {
    try (FlowAgent watcher = FlowAgent.webSocket("ws-bad", ws, PAGE, null)) {
      watcher.send("SUBSCRIBE", "sip:ws-bad-presentity@example.com", null,
          List.of("Event: presence", "Expires: -1"), null);
      Message answer = watcher.next(SipChecks.ANSWER);
      assertThat(answer).as("an answer to the bad SUBSCRIBE").isNotNull();
      assertThat(answer.startLine()).isEqualTo("SIP/2.0 400 Bad Expires");
    }
  }

  @Test
  void anUpgradeFromAPageOfAnotherOriginIsRefused() {
    assertThatThrownBy(() -> FlowAgent.webSocket("stranger", ws, "https://evil.example.net", null))
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .cause().satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
            .isEqualTo(403));
  }

  @Test
  void anUpgradeWithoutTheSipSubprotocolIsRefused() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", herald.sipWsPort())) {
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Origin: " + PAGE + "\r\nSec-WebSocket-Protocol: chat\r\n\r\n").getBytes());
      socket.setSoTimeout(5000);
      String answer = new String(socket.getInputStream().readNBytes(12));
      assertThat(answer).isEqualTo("HTTP/1.1 400");
    }
  }

  @Test
  void aPhoneWhoseSocketClosedIsReachedAgainAfterItReconnectsAndRefreshes() throws Exception {
    String presentity = "sip:roaming-presentity@example.com";
    try (FlowAgent watcher = FlowAgent.webSocket("roaming-watcher", ws, PAGE, null);
         FlowAgent publisher = FlowAgent.udp("roaming-presentity", sip, "127.0.0.1")) {
      String toTag = FlowsIT.subscribe(watcher, presentity, null);
      FlowsIT.nextRequest(watcher, "NOTIFY");

      // Its socket closes (the laptop slept); a change meanwhile has no way to it.
      watcher.dropConnection();
      String etag = FlowsIT.publish(publisher, presentity, "open", "while away", null);
      assertThat(watcher.next(Duration.ofSeconds(2))).as("nothing reaches a closed socket").isNull();

      watcher.reconnectWebSocket();
      watcher.send("SUBSCRIBE", presentity, toTag, List.of("Event: presence", "Expires: 600"), null);
      Message refreshed = watcher.next(SipChecks.ANSWER);
      assertThat(refreshed).as("the refresh is answered on the new connection").isNotNull();
      assertThat(refreshed.status()).isEqualTo(200);
      assertThat(FlowsIT.nextRequest(watcher, "NOTIFY").body()).as("the state it missed")
          .contains("<basic>open</basic>").contains("while away");

      FlowsIT.publish(publisher, presentity, "closed", "back", etag);
      Message changed = FlowsIT.nextRequest(watcher, "NOTIFY");
      assertThat(changed.body()).contains("<basic>closed</basic>").contains("back");
    }
  }

  @Test
  void aFloodOfUnfinishedTlsHandshakesFromOneAddressLeavesOthersServed() throws Exception {
    List<Socket> flood = SipChecks.flood("127.0.0.2", herald.sipWssPort(), PER_SOURCE * 3);
    try {
      try (FlowAgent watcher = FlowAgent.webSocket("calm-watcher", wss, PAGE, FlowAgent.trusting(certificate))) {
        FlowsIT.subscribe(watcher, "sip:calm-presentity@example.com", null);
        FlowsIT.nextRequest(watcher, "NOTIFY");
      }
      // Those beyond the per-source limit are closed at once, the rest at the handshake deadline.
      for (Socket socket : flood) {
        await().atMost(HANDSHAKE.multipliedBy(5)).until(() -> SipChecks.closedByServer(socket));
      }
    } finally {
      SipChecks.close(flood);
    }
  }
}
