package dev.herald.processor;

/**
 * Keys of time-ordered indexes: a fixed-width millisecond timestamp, then an id, so that a
 * lexicographic range scan from {@link #LOWEST} to {@link #upperBound(long)} finds every
 * entry due at or before a time, without a full scan.
 */
final class TimeKeys {

  private static final int WIDTH = 13;
  private static final String ZEROS = "0".repeat(WIDTH);

  static final String LOWEST = ZEROS + "|";

  private TimeKeys() {}

  static String of(long timeMs, String id) {
    return padded(timeMs) + "|" + id;
  }

  /** The greatest key of an entry due at {@code timeMs}: '|' + 1 is '}'. */
  static String upperBound(long timeMs) {
    return padded(timeMs) + "}";
  }

  /** Thirteen digits with leading zeros; on the hot path, where String.format costs microseconds. */
  private static String padded(long timeMs) {
    String digits = Long.toString(Math.max(0, timeMs));
    return digits.length() >= WIDTH ? digits : ZEROS.substring(digits.length()) + digits;
  }

  static long timeOf(String key) {
    return Long.parseLong(key.substring(0, 13));
  }
}
