package dev.herald.common;

import java.util.Objects;
import java.util.function.Supplier;

/** A named probe reported by {@code GET /health} on the {@link AdminServer}. */
public interface HealthCheck {

  /** Stable, unique name shown in the health report. */
  String name();

  /** Evaluates the check; should be quick and must not block indefinitely. */
  Health check();

  /** A check named {@code name} that delegates to {@code s}. */
  static HealthCheck of(String name, Supplier<Health> s) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(s, "s");
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
        return s.get();
      }

      @Override
      public String toString() {
        return "HealthCheck[" + name + "]";
      }
    };
  }
}
