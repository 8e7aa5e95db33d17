package dev.herald.loadgen;

/**
 * Gaps in a service, over a number of slots (the whole service, one presentity, one watcher
 * dialog). A slot's gap opens when something is asked of the service and no gap is open
 * ({@link #demand}), and ends when the service delivers ({@link #served}): a 2xx answer, a
 * NOTIFY. If something is still awaited then, the next gap opens at once.
 *
 * <p>A failed request (non-2xx, Timer F) does not end a gap: the service did not deliver. When
 * nothing is awaited any more after a failure, the slot is idle; if the next demand comes more
 * than {@code idleLimit} later, the gap is taken to have ended at the failure (unrecovered: no
 * delivery ended it) and a new one opens, so that a quiet period between phases of a run is not
 * counted as a gap. At the end ({@link #finish}) every open gap ends, unrecovered, at its last
 * failure when idle, else then.
 *
 * <p>Kept: the longest gap of all, the longest that a delivery ended (recovered), how many ended
 * unrecovered, how many reached {@code threshold}, and in how many slots. Times are
 * {@link System#nanoTime} values. Not thread-safe.
 */
final class Gaps {

  private static final long CLOSED = Long.MIN_VALUE;

  /** A gap: in which slot, when it opened, how long it lasted, whether a delivery ended it. */
  record Gap(int slot, long startNanos, long lengthNanos, boolean recovered) {}

  /** What was kept: a gap is null when none was seen. */
  record Summary(Gap longest, Gap longestRecovered, long gaps, long unrecovered, long atLeastThreshold,
      int slotsAtLeastThreshold) {}

  private final long[] openedAt;
  private final long[] idleSince;
  private final boolean[] reachedThreshold;
  private final long idleLimit;
  private final long threshold;
  private Gap longest;
  private Gap longestRecovered;
  private long gaps;
  private long unrecovered;
  private long atLeastThreshold;
  private int slotsAtLeastThreshold;

  Gaps(int slots, long idleLimitNanos, long thresholdNanos) {
    this.openedAt = new long[slots];
    this.idleSince = new long[slots];
    this.reachedThreshold = new boolean[slots];
    java.util.Arrays.fill(openedAt, CLOSED);
    java.util.Arrays.fill(idleSince, CLOSED);
    this.idleLimit = idleLimitNanos;
    this.threshold = thresholdNanos;
  }

  /** Something is asked of the service in {@code slot}. */
  void demand(int slot, long now) {
    if (openedAt[slot] != CLOSED && idleSince[slot] != CLOSED && now - idleSince[slot] > idleLimit) {
      record(slot, idleSince[slot], false);
    }
    if (openedAt[slot] == CLOSED) {
      openedAt[slot] = now;
    }
    idleSince[slot] = CLOSED;
  }

  /** The service delivered in {@code slot}; {@code stillAwaited} when more is awaited there. */
  void served(int slot, long now, boolean stillAwaited) {
    if (openedAt[slot] != CLOSED) {
      record(slot, now, true);
    }
    idleSince[slot] = CLOSED;
    if (stillAwaited) {
      openedAt[slot] = now;
    }
  }

  /** A request in {@code slot} ended without the service; {@code stillAwaited} when others are under way. */
  void failed(int slot, long now, boolean stillAwaited) {
    if (openedAt[slot] != CLOSED) {
      idleSince[slot] = stillAwaited ? CLOSED : now;
    }
  }

  boolean isOpen(int slot) {
    return openedAt[slot] != CLOSED;
  }

  /** Ends every open gap, unrecovered. */
  void finish(long now) {
    for (int slot = 0; slot < openedAt.length; slot++) {
      if (openedAt[slot] != CLOSED) {
        record(slot, idleSince[slot] != CLOSED ? idleSince[slot] : now, false);
        idleSince[slot] = CLOSED;
      }
    }
  }

  Summary summary() {
    return new Summary(longest, longestRecovered, gaps, unrecovered, atLeastThreshold, slotsAtLeastThreshold);
  }

  private void record(int slot, long end, boolean recovered) {
    Gap gap = new Gap(slot, openedAt[slot], Math.max(0, end - openedAt[slot]), recovered);
    openedAt[slot] = CLOSED;
    gaps++;
    if (!recovered) {
      unrecovered++;
    }
    if (longest == null || gap.lengthNanos() > longest.lengthNanos()) {
      longest = gap;
    }
    if (recovered && (longestRecovered == null || gap.lengthNanos() > longestRecovered.lengthNanos())) {
      longestRecovered = gap;
    }
    if (gap.lengthNanos() >= threshold) {
      atLeastThreshold++;
      if (!reachedThreshold[slot]) {
        reachedThreshold[slot] = true;
        slotsAtLeastThreshold++;
      }
    }
  }
}
