package dev.herald.common;

import java.util.Objects;

/**
 * Result of one {@link HealthCheck}.
 *
 * <p>The component is {@code healthy} rather than {@code up}: a record accessor {@code up()} would clash
 * with the {@link #up()} factory.
 *
 * @param healthy whether the checked component is usable
 * @param reason  human-readable detail; {@code "ok"} when healthy
 */
public record Health(boolean healthy, String reason) {

  public Health {
    Objects.requireNonNull(reason, "reason");
  }

  /** A healthy result with reason {@code "ok"}. */
  public static Health up() {
    return new Health(true, "ok");
  }

  /** An unhealthy result explaining what is wrong. */
  public static Health down(String reason) {
    return new Health(false, reason);
  }
}
