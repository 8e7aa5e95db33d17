package dev.herald.packages.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings every package gets: the expiry bounds they share, each package's own settings
 * record, found by its type, and the operator's options ({@code package.key=value}, from
 * {@code herald up --package-option}). A package whose record is absent builds it from its options,
 * or runs on its defaults, so a new package needs no change in the host's configuration.
 */
public final class PackageSettings {

  private final Expiries expiries;
  private final Map<Class<?>, Object> own;
  private final Map<String, String> options;

  private PackageSettings(Expiries expiries, Map<Class<?>, Object> own, Map<String, String> options) {
    this.expiries = Objects.requireNonNull(expiries, "expiries");
    this.own = Map.copyOf(own);
    this.options = Map.copyOf(options);
  }

  /** The shared bounds and no package's own settings: every package on its defaults. */
  public static PackageSettings of(Expiries expiries) {
    return new PackageSettings(expiries, Map.of(), Map.of());
  }

  /** These settings with the operator's options, keyed {@code package.key}. */
  public PackageSettings withOptions(Map<String, String> packageOptions) {
    return new PackageSettings(expiries, own, packageOptions);
  }

  /** Every option, keyed {@code package.key}. */
  public Map<String, String> options() {
    return options;
  }

  /** The options of package {@code name}, keyed without the package's prefix. */
  public Map<String, String> optionsOf(String name) {
    String prefix = name + ".";
    Map<String, String> of = new LinkedHashMap<>();
    options.forEach((key, value) -> {
      if (key.startsWith(prefix)) {
        of.put(key.substring(prefix.length()), value);
      }
    });
    return Map.copyOf(of);
  }

  /** These settings with {@code settings} as its package's own record (replacing one of its type). */
  public PackageSettings with(Object settings) {
    Objects.requireNonNull(settings, "settings");
    Map<Class<?>, Object> next = new LinkedHashMap<>(own);
    next.put(settings.getClass(), settings);
    return new PackageSettings(expiries, next, options);
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
    return other instanceof PackageSettings that && expiries.equals(that.expiries) && own.equals(that.own)
        && options.equals(that.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(expiries, own, options);
  }

  @Override
  public String toString() {
    return "PackageSettings[expiries=" + expiries + ", own=" + own.values() + ", options=" + options + "]";
  }
}
