package dev.herald.loadgen;

/**
 * Which watchers of a presentity got the NOTIFY of which PUBLISH: one bit per PUBLISH (by its
 * sequence number) and watcher of its presentity, so that a NOTIFY is counted and timed once
 * however often the same document comes again. Not thread-safe.
 */
final class Deliveries {

  private final int perPresentity;
  private final long[] bits;

  Deliveries(long publishes, int watchersPerPresentity) {
    this.perPresentity = watchersPerPresentity;
    this.bits = new long[(int) ((publishes * watchersPerPresentity + 63) / 64)];
  }

  /** Marks PUBLISH {@code seq} delivered to the presentity's watcher {@code j}; false when it already was. */
  boolean mark(long seq, int j) {
    long bit = seq * perPresentity + j;
    long mask = 1L << (bit & 63);
    int word = (int) (bit >>> 6);
    if ((bits[word] & mask) != 0) {
      return false;
    }
    bits[word] |= mask;
    return true;
  }

  /** To how many of its presentity's watchers PUBLISH {@code seq} was delivered. */
  int count(long seq) {
    int count = 0;
    for (int j = 0; j < perPresentity; j++) {
      long bit = seq * perPresentity + j;
      if ((bits[(int) (bit >>> 6)] & (1L << (bit & 63))) != 0) {
        count++;
      }
    }
    return count;
  }
}
