package dev.herald.common;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A named probe reported by {@code GET /health} on the {@link AdminServer}; also by
 * {@code /health/ready} ({@link #readiness()}) and {@code /health/live} ({@link #liveness()}).
 */
public interface HealthCheck {

  /** Stable, unique name shown in the health report. */
  String name();

  /** Evaluates the check; should be quick and must not block indefinitely. */
  Health check();

  /** Whether the component can take load now; what {@link #check()} says unless it knows better. */
  default Health readiness() {
    return check();
  }

  /** Whether the component still lives: down only when it is broken beyond repair and the process should be restarted. */
  default Health liveness() {
    return Health.up();
  }

  /**
   * A check named {@code name}: {@code health} for {@code /health}, {@code readiness} for
   * {@code /health/ready}, {@code liveness} for {@code /health/live}.
   */
  static HealthCheck of(String name, Supplier<Health> health, Supplier<Health> readiness, Supplier<Health> liveness) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(health, "s");
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(liveness, "liveness");
    if (name.isBlank()) {
      throw new IllegalArgumentException("health check name must not be blank");
    }
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Health check() {
        return health.get();
      }

      @Override
      public Health readiness() {
        return readiness.get();
      }

      @Override
      public Health liveness() {
        return liveness.get();
      }

      @Override
      public String toString() {
        return "HealthCheck[" + name + "]";
      }
    };
  }

  /** A check named {@code name} that delegates to {@code s}: ready when it says so, always alive. */
  static HealthCheck of(String name, Supplier<Health> s) {
    return of(name, s, s, Health::up);
  }
}
