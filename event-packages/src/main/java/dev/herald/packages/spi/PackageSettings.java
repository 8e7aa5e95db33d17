package dev.herald.packages.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings every package gets: the expiry bounds they share, and each package's own settings
 * record, found by its type. A package whose record is absent runs on its defaults, so a new
 * package needs no change in the host's configuration.
 */
public final class PackageSettings {

  private final Expiries expiries;
  private final Map<Class<?>, Object> own;

  private PackageSettings(Expiries expiries, Map<Class<?>, Object> own) {
    this.expiries = Objects.requireNonNull(expiries, "expiries");
    this.own = Map.copyOf(own);
  }

  /** The shared bounds and no package's own settings: every package on its defaults. */
  public static PackageSettings of(Expiries expiries) {
    return new PackageSettings(expiries, Map.of());
  }

  /** These settings with {@code settings} as its package's own record (replacing one of its type). */
  public PackageSettings with(Object settings) {
    Objects.requireNonNull(settings, "settings");
    Map<Class<?>, Object> next = new LinkedHashMap<>(own);
    next.put(settings.getClass(), settings);
    return new PackageSettings(expiries, next);
  }

  /** The bounds every package starts from (RFC 6665 §4.2.1.1, RFC 3903 §6 step 3). */
  public Expiries expiries() {
    return expiries;
  }

  /** The package's own settings of {@code type}, or its {@code defaults}. */
  public <T> T get(Class<T> type, Supplier<T> defaults) {
    Object found = own.get(type);
    return found != null ? type.cast(found) : defaults.get();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PackageSettings that && expiries.equals(that.expiries) && own.equals(that.own);
  }

  @Override
  public int hashCode() {
    return Objects.hash(expiries, own);
  }

  @Override
  public String toString() {
    return "PackageSettings[expiries=" + expiries + ", own=" + own.values() + "]";
  }
}
