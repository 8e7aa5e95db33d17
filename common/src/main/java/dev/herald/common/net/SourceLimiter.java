package dev.herald.common.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Counts the connections of each source address: how many it holds and how fast it opens new ones
 * (a token bucket of {@code acceptsPerSecondPerSource}, holding two seconds' worth), and how many
 * the listener holds in all. Each admitted connection is {@link #release}d once when it closes.
 *
 * <p>A source's bucket outlives its connections for a while, so closing each connection at once
 * does not refill it; buckets full and unused are forgotten on the next sweep.
 */
public final class SourceLimiter {

  /** What becomes of a new connection. */
  public enum Admission {
    ADMITTED,
    /** The source holds {@code maxPerSource} connections already. */
    SOURCE_FULL,
    /** The source opened connections faster than {@code acceptsPerSecondPerSource}. */
    SOURCE_TOO_FAST,
    /** The listener holds {@code maxConnections}. */
    FULL
  }

  private static final long SECOND = 1_000_000_000L;
  private static final long SWEEP_EVERY = 10 * SECOND;

  private final SourceLimits limits;
  private final Map<InetAddress, Source> sources = new HashMap<>();
  private int total;
  private long lastSweep;

  public SourceLimiter(SourceLimits limits) {
    this.limits = limits;
  }

  public synchronized Admission tryAcquire(InetAddress address, long nowNanos) {
    sweep(nowNanos);
    Source source = sources.computeIfAbsent(address, a -> new Source(burst(), nowNanos));
    source.refill(nowNanos, limits.acceptsPerSecondPerSource(), burst());
    if (source.connections >= limits.maxPerSource()) {
      return Admission.SOURCE_FULL;
    }
    if (source.tokens < 1) {
      return Admission.SOURCE_TOO_FAST;
    }
    if (total >= limits.maxConnections()) {
      return Admission.FULL;
    }
    source.tokens -= 1;
    source.connections++;
    total++;
    return Admission.ADMITTED;
  }

  public synchronized void release(InetAddress address) {
    Source source = sources.get(address);
    if (source != null && source.connections > 0) {
      source.connections--;
      total--;
    }
  }

  public synchronized int connections() {
    return total;
  }

  public synchronized int sourcesRemembered() {
    return sources.size();
  }

  private double burst() {
    return 2.0 * limits.acceptsPerSecondPerSource();
  }

  private void sweep(long nowNanos) {
    if (nowNanos - lastSweep < SWEEP_EVERY) {
      return;
    }
    lastSweep = nowNanos;
    for (Iterator<Source> it = sources.values().iterator(); it.hasNext(); ) {
      Source source = it.next();
      source.refill(nowNanos, limits.acceptsPerSecondPerSource(), burst());
      if (source.connections == 0 && source.tokens >= burst()) {
        it.remove();
      }
    }
  }

  private static final class Source {
    int connections;
    double tokens;
    long refilledAt;

    Source(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    void refill(long now, int perSecond, double burst) {
      tokens = Math.min(burst, tokens + (now - refilledAt) * (double) perSecond / SECOND);
      refilledAt = now;
    }
  }
}
