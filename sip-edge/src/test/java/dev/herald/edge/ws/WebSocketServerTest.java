package dev.herald.edge.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WebSocket listener alone, over real sockets: message framing, keep-alive and limits. */
class WebSocketServerTest {

  private static final int MAX_MESSAGE = 4096;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private WebSocketServer start(ConnectionLimits limits) throws InterruptedException {
    server = new WebSocketServer(WebSocketSettings.ws(0).withLimits(limits), "127.0.0.1", Optional.empty(),
        MAX_MESSAGE, (connection, message) -> received.add(connection.transport() + " "
            + new String(message, StandardCharsets.UTF_8)), metrics).start();
    return server;
  }

  @Test
  void aMessageSentInFragmentsReachesTheEdgeWhole() throws Exception {
    start(ConnectionLimits.defaults());
    WebSocket client = connect(new LinkedBlockingQueue<>());
    client.sendText("OPTIONS sip:herald@example.com SIP/2.0\r\n", false).get(5, TimeUnit.SECONDS);
    client.sendText("Call-ID: fragments\r\n\r\n", true).get(5, TimeUnit.SECONDS);
    assertThat(received.poll(5, TimeUnit.SECONDS))
        .isEqualTo("ws OPTIONS sip:herald@example.com SIP/2.0\r\nCall-ID: fragments\r\n\r\n");
    assertThat(server.connections()).isEqualTo(1);
    client.abort();
  }

  @Test
  void aMessageLargerThanTheLimitClosesTheConnection() throws Exception {
    start(ConnectionLimits.defaults());
    BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
    WebSocket client = connect(closed);
    client.sendText("x".repeat(MAX_MESSAGE + 1), true);
    // RFC 6455 §7.4.1: 1009, message too big.
    assertThat(closed.poll(5, TimeUnit.SECONDS)).isEqualTo(1009);
    assertThat(received).isEmpty();
  }

  @Test
  void aPeerThatAnswersPingsStaysConnectedPastTheIdleTimeout() throws Exception {
    start(ConnectionLimits.builder().pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(600)).build());
    WebSocket client = connect(new LinkedBlockingQueue<>());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> !client.isInputClosed() && server.connections() == 1);
    client.abort();
  }

  @Test
  void anUpgradedPeerThatFallsSilentIsClosedAfterTheIdleTimeout() throws Exception {
    start(ConnectionLimits.builder().pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(600)).build());
    try (Socket silent = new Socket("127.0.0.1", server.wsPort())) {
      silent.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: sip\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(silent.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 101");
      await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(silent));
    }
    assertThat(metrics.counter("herald_edge_ws_idle_closed_total").count()).isEqualTo(1);
  }

  @Test
  void aConnectionThatNeverUpgradesIsClosedAtTheHandshakeDeadline() throws Exception {
    start(ConnectionLimits.builder().handshakeTimeout(Duration.ofMillis(300)).build());
    try (Socket idle = new Socket("127.0.0.1", server.wsPort())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(idle));
    }
    assertThat(metrics.counter("herald_edge_ws_handshake_timeouts_total").count()).isEqualTo(1);
  }

  private WebSocket connect(BlockingQueue<Integer> closeCodes) throws Exception {
    return HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("sip")
        .buildAsync(URI.create("ws://127.0.0.1:" + server.wsPort() + "/"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCodes.add(statusCode);
            return null;
          }
        }).get(5, TimeUnit.SECONDS);
  }

  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(100);
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() == -1) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
