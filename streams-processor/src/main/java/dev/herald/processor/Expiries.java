package dev.herald.processor;

/**
 * How long a package's subscriptions and publications may last: below {@code min} a request gets
 * 423 with Min-Expires (RFC 6665 §4.2.1.1, RFC 3903 §6 step 3), above {@code max} it is granted
 * {@code max}, without Expires it is granted the default.
 */
public record Expiries(Bounds subscribe, Bounds publish) {

  /** The bounds of one kind of request. */
  public record Bounds(int min, int max, int defaultSeconds) {
    public Bounds {
      if (min < 1 || max < min || defaultSeconds < min || defaultSeconds > max) {
        throw new IllegalArgumentException("expiry bounds need 1 <= min <= default <= max");
      }
    }
  }

  public Expiries {
    java.util.Objects.requireNonNull(subscribe, "subscribe");
    java.util.Objects.requireNonNull(publish, "publish");
  }

  /** The bounds the settings give every package. */
  public static Expiries of(PresenceSettings settings) {
    return new Expiries(
        new Bounds(settings.subscribeMinExpires(), settings.subscribeMaxExpires(), settings.subscribeDefaultExpires()),
        new Bounds(settings.publishMinExpires(), settings.publishMaxExpires(), settings.publishDefaultExpires()));
  }
}
