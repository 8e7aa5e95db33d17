package dev.herald.edge.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on the connections of one WebSocket listener: how many a single source address may hold
 * and open per second (so a flood of TLS handshakes from one source leaves others served), how
 * many in all, how long the TLS and HTTP upgrade handshakes may take, and when a silent peer is
 * pinged and then given up.
 *
 * @param maxPerSource connections one source address may hold at once, handshakes included
 * @param acceptsPerSecondPerSource new connections one source address may open per second (twice that in a burst)
 * @param maxConnections connections the listener holds at once
 * @param handshakeTimeout from accept to the WebSocket upgrade answered, TLS included
 * @param pingInterval a connection quiet this long gets a WebSocket Ping (RFC 6455 §5.5.2)
 * @param idleTimeout a connection that sent nothing this long, not even a Pong, is closed
 */
public record ConnectionLimits(int maxPerSource, int acceptsPerSecondPerSource, int maxConnections,
    Duration handshakeTimeout, Duration pingInterval, Duration idleTimeout) {

  public ConnectionLimits {
    positive(maxPerSource, "connections per source");
    positive(acceptsPerSecondPerSource, "new connections per second per source");
    positive(maxConnections, "connections in all");
    if (maxPerSource > maxConnections) {
      throw new IllegalArgumentException("connections per source (" + maxPerSource
          + ") cannot exceed connections in all (" + maxConnections + ")");
    }
    positive(handshakeTimeout, "handshake timeout");
    positive(pingInterval, "ping interval");
    positive(idleTimeout, "idle timeout");
    if (idleTimeout.compareTo(pingInterval) <= 0) {
      throw new IllegalArgumentException("the idle timeout (" + idleTimeout + ") must be longer than the ping"
          + " interval (" + pingInterval + "), or a live peer is closed before it can answer a Ping");
    }
  }

  /** 32 connections and 20 new ones a second per source, 10,000 in all, 10 s handshakes, Ping after 30 s, closed after 90 s. */
  public static ConnectionLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().maxPerSource(maxPerSource).acceptsPerSecondPerSource(acceptsPerSecondPerSource)
        .maxConnections(maxConnections).handshakeTimeout(handshakeTimeout).pingInterval(pingInterval)
        .idleTimeout(idleTimeout);
  }

  private static void positive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + value);
    }
  }

  private static void positive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
  }

  /** Builds {@link ConnectionLimits} by name, from the defaults. */
  public static final class Builder {
    private int maxPerSource = 32;
    private int acceptsPerSecondPerSource = 20;
    private int maxConnections = 10_000;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration pingInterval = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(90);

    private Builder() {}

    public Builder maxPerSource(int value) {
      maxPerSource = value;
      return this;
    }

    public Builder acceptsPerSecondPerSource(int value) {
      acceptsPerSecondPerSource = value;
      return this;
    }

    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    public Builder handshakeTimeout(Duration value) {
      handshakeTimeout = value;
      return this;
    }

    public Builder pingInterval(Duration value) {
      pingInterval = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public ConnectionLimits build() {
      return new ConnectionLimits(maxPerSource, acceptsPerSecondPerSource, maxConnections, handshakeTimeout,
          pingInterval, idleTimeout);
    }
  }
}
