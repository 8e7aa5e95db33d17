package dev.herald.edge.ws;

import dev.herald.common.net.SourceLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits on the connections of one WebSocket listener: how many a single source address may hold
 * and open per second (so a flood of TLS handshakes from one source leaves others served), how
 * many in all, how long the TLS and HTTP upgrade handshakes may take, and when a silent peer is
 * pinged and then given up.
 *
 * @param sources connections per source address, new ones per second per source, and in all
 * @param handshakeTimeout from accept to the WebSocket upgrade answered, TLS included
 * @param pingInterval a connection quiet this long gets a WebSocket Ping (RFC 6455 §5.5.2)
 * @param idleTimeout a connection that sent nothing this long, not even a Pong, is closed
 */
public record ConnectionLimits(SourceLimits sources, Duration handshakeTimeout, Duration pingInterval,
    Duration idleTimeout) {

  public ConnectionLimits {
    Objects.requireNonNull(sources, "sources");
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
    return new Builder().sources(sources).handshakeTimeout(handshakeTimeout).pingInterval(pingInterval)
        .idleTimeout(idleTimeout);
  }

  /** Connections one source address may hold at once, handshakes included. */
  public int maxPerSource() {
    return sources.maxPerSource();
  }

  /** New connections one source address may open per second. */
  public int acceptsPerSecondPerSource() {
    return sources.acceptsPerSecondPerSource();
  }

  /** Connections the listener holds at once. */
  public int maxConnections() {
    return sources.maxConnections();
  }

  private static void positive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
  }

  /** Builds {@link ConnectionLimits} by name, from the defaults. */
  public static final class Builder {
    private SourceLimits.Builder sources = SourceLimits.builder();
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration pingInterval = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(90);

    private Builder() {}

    public Builder sources(SourceLimits value) {
      sources = value.toBuilder();
      return this;
    }

    public Builder maxPerSource(int value) {
      sources.maxPerSource(value);
      return this;
    }

    public Builder acceptsPerSecondPerSource(int value) {
      sources.acceptsPerSecondPerSource(value);
      return this;
    }

    public Builder maxConnections(int value) {
      sources.maxConnections(value);
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
      return new ConnectionLimits(sources.build(), handshakeTimeout, pingInterval, idleTimeout);
    }
  }
}
