package dev.herald.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The WebSocket connection of a {@link FlowAgent}: the JDK's client, offering the {@code sip}
 * subprotocol (RFC 7118 §4), one SIP message per WebSocket message (§5.2).
 */
final class WebSocketLink {

  private final URI server;
  private final String origin;
  private final SSLContext tls;
  private volatile WebSocket socket;

  WebSocketLink(URI server, String origin, SSLContext tls) {
    this.server = server;
    this.origin = origin;
    this.tls = tls;
  }

  /** Opens a connection for {@code agent}, closing the one before; fails as the upgrade fails. */
  void connect(FlowAgent agent) {
    close();
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      client.sslContext(tls);
    }
    WebSocket.Builder builder = client.build().newWebSocketBuilder().subprotocols("sip")
        .connectTimeout(Duration.ofSeconds(5));
    if (origin != null) {
      builder.header("Origin", origin);
    }
    try {
      socket = builder.buildAsync(server, new Messages(agent)).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("WebSocket upgrade to " + server + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("WebSocket upgrade to " + server + " timed out", e);
    }
  }

  void send(String message) throws IOException {
    try {
      socket.sendText(message, true).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot send over the WebSocket: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  void close() {
    WebSocket current = socket;
    if (current != null && !current.isOutputClosed()) {
      current.abort();
    }
  }

  /** Hands each whole text message to the agent. */
  private static final class Messages implements WebSocket.Listener {
    private final FlowAgent agent;
    private final StringBuilder partial = new StringBuilder();

    Messages(FlowAgent agent) {
      this.agent = agent;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        try {
          agent.handle(message);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
