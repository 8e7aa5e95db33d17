package dev.herald.edge;

import java.time.Duration;
import java.util.Objects;

/**
 * How many requests the edge lets wait for decisions at once: see {@link AdmissionControl}.
 *
 * @param maxPending hard limit of requests waiting for decisions at once
 * @param floor pending requests always admitted, whatever the measured decision rate
 * @param targetDelay the queueing delay the limit aims at; keep it below Timer A (500 ms)
 * @param window how long decisions are counted to measure the rate
 */
public record AdmissionLimits(int maxPending, int floor, Duration targetDelay, Duration window) {

  public AdmissionLimits {
    Objects.requireNonNull(targetDelay, "targetDelay");
    Objects.requireNonNull(window, "window");
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
    }
    if (floor < 1 || floor > maxPending) {
      throw new IllegalArgumentException("floor must be 1..maxPending (" + maxPending + "), was " + floor);
    }
    if (targetDelay.isNegative() || targetDelay.isZero()) {
      throw new IllegalArgumentException("targetDelay must be positive");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
  }

  /** 20,000 pending at most, 256 always, for 250 ms of queueing, the rate measured over 1 s. */
  public static AdmissionLimits defaults() {
    return new AdmissionLimits(20_000, 256, Duration.ofMillis(250), Duration.ofSeconds(1));
  }

  public AdmissionLimits withMaxPending(int max) {
    return new AdmissionLimits(max, Math.min(floor, max), targetDelay, window);
  }
}
