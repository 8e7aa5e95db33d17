package dev.herald.loadgen;

import java.time.Duration;

/**
 * The rate mode: {@code rate} requests per second of {@code method} for {@code duration}, each
 * a new transaction (an initial PUBLISH, or a SUBSCRIBE opening a new dialog) for one of
 * {@code users} presentities in turn; {@code drain} is how long the tool waits for answers
 * after the last request.
 */
record RateConfig(CommonConfig common, Method method, double rate, Duration duration, int users, int expires,
    Duration drain) {

  enum Method { PUBLISH, SUBSCRIBE }

  RateConfig {
    if (method == null) {
      throw new IllegalArgumentException("method missing");
    }
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (total(rate, duration) > 10_000_000) {
      throw new IllegalArgumentException("more than 10 million requests in one run");
    }
    if (users < 1) {
      throw new IllegalArgumentException("at least one user");
    }
    if (expires < 1) {
      throw new IllegalArgumentException("expires must be positive");
    }
    if (drain.isNegative()) {
      throw new IllegalArgumentException("drain must not be negative");
    }
  }

  long totalRequests() {
    return total(rate, duration);
  }

  private static long total(double rate, Duration duration) {
    return Math.round(rate * duration.toNanos() / 1e9);
  }
}
