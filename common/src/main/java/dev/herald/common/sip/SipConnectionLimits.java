package dev.herald.common.sip;

import dev.herald.common.net.SourceLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Limits on the connections a JAIN-SIP stack accepts on each of its TCP and TLS listening points:
 * per source address and in all ({@link SourceLimits}), and how long a connection may stay silent
 * before it is closed. They reach the stack's network layer as stack properties
 * ({@link #stackProperties}), like {@link SipTls}.
 *
 * <p>The idle timeout should outlast the longest subscription refresh interval: a NOTIFY to a phone
 * on TCP or TLS needs the connection the phone opened (RFC 5626 §3), which is gone once closed.
 *
 * @param sources connections per source address, new ones per second per source, and in all, per listener
 * @param idleTimeout a connection that sent nothing this long is closed
 */
public record SipConnectionLimits(SourceLimits sources, Duration idleTimeout) {

  /** Longer than an hour's subscription refresh. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(3700);

  static final String MAX_PER_SOURCE = "dev.herald.sip.MAX_CONNECTIONS_PER_SOURCE";
  static final String ACCEPTS_PER_SECOND_PER_SOURCE = "dev.herald.sip.CONNECTS_PER_SECOND_PER_SOURCE";
  static final String MAX_CONNECTIONS = "dev.herald.sip.MAX_CONNECTIONS";
  static final String IDLE_TIMEOUT_MS = "dev.herald.sip.IDLE_TIMEOUT_MS";

  public SipConnectionLimits {
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("the SIP idle timeout must be positive, was " + idleTimeout);
    }
    // SO_TIMEOUT takes milliseconds in an int.
    if (idleTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("the SIP idle timeout must be at most " + Integer.MAX_VALUE / 1000
          + " s, was " + idleTimeout.toSeconds() + " s");
    }
  }

  /** {@link SourceLimits#defaults()} and an idle timeout of {@link #DEFAULT_IDLE_TIMEOUT}. */
  public static SipConnectionLimits defaults() {
    return new SipConnectionLimits(SourceLimits.defaults(), DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * The JAIN-SIP properties that carry these limits, and a network layer that applies them;
   * {@link SipTls}'s and {@link ReusePortNetworkLayer}'s layers apply them too.
   */
  public Map<String, String> stackProperties() {
    return Map.of(ReusePortNetworkLayer.PROPERTY, LimitedNetworkLayer.class.getName(),
        MAX_PER_SOURCE, Integer.toString(sources.maxPerSource()),
        ACCEPTS_PER_SECOND_PER_SOURCE, Integer.toString(sources.acceptsPerSecondPerSource()),
        MAX_CONNECTIONS, Integer.toString(sources.maxConnections()),
        IDLE_TIMEOUT_MS, Long.toString(idleTimeout.toMillis()));
  }

  /** The limits {@link #stackProperties} put in a stack's properties, or none when they are not there. */
  static Optional<SipConnectionLimits> fromStackProperties(Properties properties) {
    String idle = properties.getProperty(IDLE_TIMEOUT_MS);
    if (idle == null) {
      return Optional.empty();
    }
    SourceLimits sources = SourceLimits.builder()
        .maxPerSource(Integer.parseInt(properties.getProperty(MAX_PER_SOURCE)))
        .acceptsPerSecondPerSource(Integer.parseInt(properties.getProperty(ACCEPTS_PER_SECOND_PER_SOURCE)))
        .maxConnections(Integer.parseInt(properties.getProperty(MAX_CONNECTIONS)))
        .build();
    return Optional.of(new SipConnectionLimits(sources, Duration.ofMillis(Long.parseLong(idle))));
  }
}
