package dev.herald.common.net;

/**
 * How many connections one listener lets each source address hold and open, and how many it holds
 * in all, so a flood from one source (TLS handshakes that never finish, say) leaves others served.
 *
 * @param maxPerSource connections one source address may hold at once, handshakes included
 * @param acceptsPerSecondPerSource new connections one source address may open per second (twice that in a burst)
 * @param maxConnections connections the listener holds at once
 */
public record SourceLimits(int maxPerSource, int acceptsPerSecondPerSource, int maxConnections) {

  public static final int DEFAULT_MAX_PER_SOURCE = 32;
  public static final int DEFAULT_ACCEPTS_PER_SECOND_PER_SOURCE = 20;
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  public SourceLimits {
    atLeastOne(maxPerSource, "connections per source");
    atLeastOne(acceptsPerSecondPerSource, "new connections per second per source");
    atLeastOne(maxConnections, "connections in all");
    if (maxPerSource > maxConnections) {
      throw new IllegalArgumentException("connections per source (" + maxPerSource
          + ") cannot exceed connections in all (" + maxConnections + ")");
    }
  }

  /** 32 connections and 20 new ones a second per source, 10,000 in all. */
  public static SourceLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().maxPerSource(maxPerSource).acceptsPerSecondPerSource(acceptsPerSecondPerSource)
        .maxConnections(maxConnections);
  }

  private static void atLeastOne(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + value);
    }
  }

  /** Builds {@link SourceLimits} by name, from the defaults. */
  public static final class Builder {
    private int maxPerSource = DEFAULT_MAX_PER_SOURCE;
    private int acceptsPerSecondPerSource = DEFAULT_ACCEPTS_PER_SECOND_PER_SOURCE;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;

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

    public SourceLimits build() {
      return new SourceLimits(maxPerSource, acceptsPerSecondPerSource, maxConnections);
    }
  }
}
