package dev.herald.loadgen;

import java.time.Duration;

/**
 * The latency mode: {@code presentities} presentities, {@code watchers} SUBSCRIBE dialogs on
 * each (set up at {@code subscribeRate} per second, each answered with 2xx and its first NOTIFY
 * within {@code setupTimeout}), then PUBLISHes at {@code rate} per second for
 * {@code warmup + duration}, of which the warm-up is not counted; {@code drain} is how long the
 * tool waits for late answers and NOTIFYs after the last PUBLISH. {@code expires} is asked for
 * in SUBSCRIBE and PUBLISH.
 */
record LatencyConfig(CommonConfig common, int presentities, int watchers, double rate, Duration duration,
    Duration warmup, double subscribeRate, int expires, Duration setupTimeout, Duration drain) {

  LatencyConfig {
    if (presentities < 1) {
      throw new IllegalArgumentException("at least one presentity");
    }
    if (watchers < 1) {
      throw new IllegalArgumentException("at least one watcher per presentity");
    }
    if ((long) presentities * watchers > 1_000_000) {
      throw new IllegalArgumentException("more than a million watchers");
    }
    if (!(rate > 0) || !(subscribeRate > 0)) {
      throw new IllegalArgumentException("rates must be positive");
    }
    if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
      throw new IllegalArgumentException("duration must be positive, warm-up not negative");
    }
    if (publishes(rate, warmup.plus(duration)) > 10_000_000) {
      throw new IllegalArgumentException("more than 10 million PUBLISHes in one run");
    }
    if (expires < 1) {
      throw new IllegalArgumentException("expires must be positive");
    }
    if (setupTimeout.isNegative() || drain.isNegative()) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
  }

  /** The SUBSCRIBE and PUBLISH expiry when none is given: the run with room to spare, within 600 to 3600 s. */
  static int defaultExpires(Duration warmup, Duration duration) {
    long needed = warmup.plus(duration).toSeconds() + 300;
    return (int) Math.max(600, Math.min(3600, needed));
  }

  int totalWatchers() {
    return presentities * watchers;
  }

  /** PUBLISHes in the warm-up, not counted. */
  long warmupPublishes() {
    return publishes(rate, warmup);
  }

  long totalPublishes() {
    return publishes(rate, warmup.plus(duration));
  }

  static long publishes(double rate, Duration span) {
    return Math.round(rate * span.toNanos() / 1e9);
  }
}
