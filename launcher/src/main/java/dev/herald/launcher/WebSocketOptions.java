package dev.herald.launcher;

import dev.herald.edge.ws.ConnectionLimits;
import dev.herald.edge.ws.WebSocketSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** Flags of {@code herald up} for SIP over WebSocket (RFC 7118); see {@link WebSocketSettings}. */
final class WebSocketOptions {

  @Option(names = "--sip-ws-port", defaultValue = "off",
      description = "SIP over WebSocket port (ws:); 0 picks a free one; off: none (HERALD_SIP_WS_PORT)")
  String wsPort;

  @Option(names = "--sip-wss-port", defaultValue = "off",
      description = "SIP over secure WebSocket port (wss:, the TLS certificate of --tls-cert); 0 picks a free one;"
          + " off: none (HERALD_SIP_WSS_PORT)")
  String wssPort;

  @Option(names = "--ws-allowed-origins", split = ",",
      description = "origins (https://host[:port]) whose pages may connect over WebSocket; none: any"
          + " (HERALD_WS_ALLOWED_ORIGINS)")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--ws-max-connections-per-source", defaultValue = "32",
      description = "WebSocket connections one address may hold (HERALD_WS_MAX_CONNECTIONS_PER_SOURCE)")
  int maxPerSource;

  @Option(names = "--ws-connects-per-second-per-source", defaultValue = "20",
      description = "new WebSocket connections one address may open per second (HERALD_WS_CONNECTS_PER_SECOND_PER_SOURCE)")
  int connectsPerSecondPerSource;

  @Option(names = "--ws-max-connections", defaultValue = "10000",
      description = "WebSocket connections each listener holds at most (HERALD_WS_MAX_CONNECTIONS)")
  int maxConnections;

  @Option(names = "--ws-handshake-timeout-ms", defaultValue = "10000",
      description = "time from connect to WebSocket upgrade, TLS included (HERALD_WS_HANDSHAKE_TIMEOUT_MS)")
  long handshakeTimeoutMs;

  @Option(names = "--ws-ping-interval-s", defaultValue = "30",
      description = "a quiet WebSocket connection gets a Ping after this (HERALD_WS_PING_INTERVAL_S)")
  long pingIntervalS;

  @Option(names = "--ws-idle-timeout-s", defaultValue = "90",
      description = "a WebSocket connection silent this long, Pongs included, is closed (HERALD_WS_IDLE_TIMEOUT_S)")
  long idleTimeoutS;

  Optional<WebSocketSettings> settings() {
    OptionalInt ws = port("--sip-ws-port", wsPort);
    OptionalInt wss = port("--sip-wss-port", wssPort);
    if (ws.isEmpty() && wss.isEmpty()) {
      return Optional.empty();
    }
    ConnectionLimits limits = ConnectionLimits.builder().maxPerSource(maxPerSource)
        .acceptsPerSecondPerSource(connectsPerSecondPerSource).maxConnections(maxConnections)
        .handshakeTimeout(Duration.ofMillis(handshakeTimeoutMs)).pingInterval(Duration.ofSeconds(pingIntervalS))
        .idleTimeout(Duration.ofSeconds(idleTimeoutS)).build();
    return Optional.of(new WebSocketSettings(ws, wss, allowedOrigins, limits));
  }

  private static OptionalInt port(String flag, String value) {
    String port = value.strip().toLowerCase(Locale.ROOT);
    if (port.equals("off")) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a port number or off, was '" + value + "'");
    }
  }
}
