package dev.herald.launcher;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how hard Herald exercises itself before it says it is ready.
 *
 * @param duration how long the warm-up runs; zero turns it off
 * @param peakRate the SIP requests per second the warm-up rises to, from a tenth of it
 */
public record WarmUpSettings(Duration duration, int peakRate) {

  /** Longer would hold a restarted node out of service for no gain: the JIT has settled well before. */
  static final Duration MAX_DURATION = Duration.ofMinutes(5);
  static final int MAX_RATE = 100_000;

  public WarmUpSettings {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("warm-up must last 0.." + MAX_DURATION.toSeconds() + " s, was "
          + duration.toSeconds() + " s");
    }
    if (peakRate < 10 || peakRate > MAX_RATE) {
      throw new IllegalArgumentException("warm-up rate must be 10.." + MAX_RATE + " requests/s, was " + peakRate);
    }
  }

  public static WarmUpSettings off() {
    return new WarmUpSettings(Duration.ZERO, 10);
  }

  public boolean enabled() {
    return !duration.isZero();
  }
}
