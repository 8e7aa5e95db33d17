package dev.herald.packages.spi;


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

  /**
   * Subscriptions from 60 s to an hour, 600 s when a SUBSCRIBE asks for none; publications from
   * 60 s to two hours, an hour when a PUBLISH asks for none.
   */
  public static Expiries defaults() {
    return new Expiries(new Bounds(60, 3600, 600), new Bounds(60, 7200, 3600));
  }
}
