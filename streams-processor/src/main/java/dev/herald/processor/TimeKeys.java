package dev.herald.processor;

/**
 * Keys of time-ordered indexes: a fixed-width millisecond timestamp, then an id, so that a
 * lexicographic range scan from {@link #LOWEST} to {@link #upperBound(long)} finds every
 * entry due at or before a time, without a full scan.
 */
final class TimeKeys {

  static final String LOWEST = "0000000000000|";

  private TimeKeys() {}

  static String of(long timeMs, String id) {
    return String.format("%013d|%s", Math.max(0, timeMs), id);
  }

  /** The greatest key of an entry due at {@code timeMs}: '|' + 1 is '}'. */
  static String upperBound(long timeMs) {
    return String.format("%013d}", Math.max(0, timeMs));
  }

  static long timeOf(String key) {
    return Long.parseLong(key.substring(0, 13));
  }
}
