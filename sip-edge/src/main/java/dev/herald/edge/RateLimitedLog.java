package dev.herald.edge;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A warning that can repeat thousands of times a second under overload, written at most once per
 * interval with the number of times it happened since: the log must not add to the overload.
 */
public final class RateLimitedLog {

  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong suppressed = new AtomicLong();
  private final AtomicLong nextNanos;
  private final LongSupplier nanoTime;

  public RateLimitedLog(Logger log, Duration interval) {
    this(log, interval, System::nanoTime);
  }

  RateLimitedLog(Logger log, Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.nextNanos = new AtomicLong(nanoTime.getAsLong());
  }

  /** Logs {@code format} with one argument, unless it was logged less than an interval ago. */
  public void warn(String format, Object argument) {
    long now = nanoTime.getAsLong();
    long next = nextNanos.get();
    if (now - next < 0 || !nextNanos.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long times = suppressed.getAndSet(0);
    if (times > 0) {
      log.warn(format + " (and {} more like it since the last such line)", argument, times);
    } else {
      log.warn(format, argument);
    }
  }
}
