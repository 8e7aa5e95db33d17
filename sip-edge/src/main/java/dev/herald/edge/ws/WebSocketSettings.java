package dev.herald.edge.ws;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * SIP over WebSocket (RFC 7118) on an edge: the plain and the secure listener's ports (either may be
 * off, not both; 0 picks a free port), the web origins whose pages may connect, and the connection
 * limits of both listeners.
 *
 * @param wsPort the ws: port, or empty
 * @param wssPort the wss: port, or empty; serves the edge's TLS certificate
 * @param allowedOrigins origins ({@code scheme://host[:port]}) whose pages may open a connection;
 *     empty lets any page connect (RFC 6455 §10.2: the Origin check is the server's to make)
 * @param limits connection limits, each listener's own
 */
public record WebSocketSettings(OptionalInt wsPort, OptionalInt wssPort, List<String> allowedOrigins,
    ConnectionLimits limits) {

  public WebSocketSettings {
    Objects.requireNonNull(wsPort, "wsPort");
    Objects.requireNonNull(wssPort, "wssPort");
    if (wsPort.isEmpty() && wssPort.isEmpty()) {
      throw new IllegalArgumentException("WebSocket needs a ws or a wss port");
    }
    port(wsPort, "ws");
    port(wssPort, "wss");
    if (wsPort.isPresent() && wssPort.isPresent() && wsPort.getAsInt() != 0
        && wsPort.getAsInt() == wssPort.getAsInt()) {
      throw new IllegalArgumentException("the ws and wss ports must differ, both were " + wsPort.getAsInt());
    }
    allowedOrigins = allowedOrigins.stream().map(WebSocketSettings::origin).toList();
    Objects.requireNonNull(limits, "limits");
  }

  /** Plain WebSocket on {@code port}, any origin, the default limits. */
  public static WebSocketSettings ws(int port) {
    return new WebSocketSettings(OptionalInt.of(port), OptionalInt.empty(), List.of(), ConnectionLimits.defaults());
  }

  /** These settings letting only pages of {@code origins} connect. */
  public WebSocketSettings withAllowedOrigins(List<String> origins) {
    return new WebSocketSettings(wsPort, wssPort, origins, limits);
  }

  public WebSocketSettings withLimits(ConnectionLimits value) {
    return new WebSocketSettings(wsPort, wssPort, allowedOrigins, value);
  }

  public WebSocketSettings withWssPort(int port) {
    return new WebSocketSettings(wsPort, OptionalInt.of(port), allowedOrigins, limits);
  }

  /** Whether a page of {@code origin} (the upgrade request's Origin header; null when it has none) may connect. */
  public boolean allows(String origin) {
    if (allowedOrigins.isEmpty()) {
      return true;
    }
    return origin != null && allowedOrigins.contains(origin.strip().toLowerCase(Locale.ROOT));
  }

  private static void port(OptionalInt port, String name) {
    if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
      throw new IllegalArgumentException("the " + name + " port must be 0..65535, was " + port.getAsInt());
    }
  }

  /** RFC 6454 §6.2: an origin is scheme, host and port, compared in lower case, no path. */
  private static String origin(String value) {
    Objects.requireNonNull(value, "origin");
    String origin = value.strip().toLowerCase(Locale.ROOT);
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an origin: '" + value + "' (scheme://host[:port])");
    }
    boolean bare = uri.getScheme() != null && uri.getHost() != null
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
        && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    if (!bare || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new IllegalArgumentException("not an origin: '" + value + "' (http[s]://host[:port], no path)");
    }
    return origin;
  }
}
