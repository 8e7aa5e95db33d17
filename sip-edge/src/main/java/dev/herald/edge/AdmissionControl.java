package dev.herald.edge;

import java.util.concurrent.atomic.LongAdder;

/**
 * Whether the edge takes one more request for the processor, or sheds it with 503 at once.
 *
 * <p>Little's law: a processor that decides R requests a second keeps a queue of R × d requests
 * waiting d. The edge admits up to that many pending requests for a target delay d below RFC 3261's
 * Timer A (500 ms), so what it accepts is answered before the client retransmits, and sheds the
 * rest. Under overload the accepted requests keep their latency, instead of all of them waiting
 * for the decision timeout while the clients' retransmissions pile up. The limit follows the
 * decision rate measured over the last window, never falls below a floor (bursts at low load,
 * a start with no history) and never rises above the hard maximum.
 */
final class AdmissionControl {

  private final AdmissionLimits limits;
  private final long windowNanos;
  private final LongAdder decidedInWindow = new LongAdder();
  private volatile long windowStartNanos;
  private volatile double decisionsPerNano;

  AdmissionControl(AdmissionLimits limits, long nowNanos) {
    this.limits = limits;
    this.windowNanos = limits.window().toNanos();
    this.windowStartNanos = nowNanos;
  }

  /** Whether a request may join {@code pending} others waiting for decisions. */
  boolean admit(int pending, long nowNanos) {
    roll(nowNanos);
    return pending < limit();
  }

  /** A decision arrived: the processor's pace. */
  void decided(long nowNanos) {
    roll(nowNanos);
    decidedInWindow.increment();
  }

  /** The pending requests admitted now. */
  int limit() {
    double byRate = decisionsPerNano * limits.targetDelay().toNanos();
    return (int) Math.min(limits.maxPending(), Math.max(limits.floor(), byRate));
  }

  private void roll(long nowNanos) {
    long elapsed = nowNanos - windowStartNanos;
    if (elapsed < windowNanos) {
      return;
    }
    synchronized (this) {
      elapsed = nowNanos - windowStartNanos;
      if (elapsed < windowNanos) {
        return;
      }
      // A window with no decision at all (a stalled processor) brings the limit down to the floor.
      decisionsPerNano = (double) decidedInWindow.sumThenReset() / elapsed;
      windowStartNanos = nowNanos;
    }
  }
}
