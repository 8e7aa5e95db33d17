package dev.herald.loadgen;

import java.util.Arrays;

/**
 * The CSeq order of the NOTIFYs of each watcher dialog (RFC 3261 §12.2.2: a notifier's CSeq
 * rises within a dialog). A NOTIFY with the highest CSeq seen so far again is a retransmission
 * (our 200 was lost or late); one with a lower CSeq than one already received is out of order,
 * a violation. Not thread-safe.
 */
final class NotifyOrder {

  enum Seen { NEW, REPEAT, LOWER }

  private final long[] highest;
  private final boolean[] violated;
  private long repeats;
  private long violations;
  private int dialogsViolated;

  NotifyOrder(int dialogs) {
    this.highest = new long[dialogs];
    Arrays.fill(highest, -1);
    this.violated = new boolean[dialogs];
  }

  /** Counts a NOTIFY of {@code dialog} with {@code cseq}. */
  Seen see(int dialog, long cseq) {
    if (cseq > highest[dialog]) {
      highest[dialog] = cseq;
      return Seen.NEW;
    }
    if (cseq == highest[dialog]) {
      repeats++;
      return Seen.REPEAT;
    }
    violations++;
    if (!violated[dialog]) {
      violated[dialog] = true;
      dialogsViolated++;
    }
    return Seen.LOWER;
  }

  /** The highest CSeq of {@code dialog}, -1 before its first NOTIFY. */
  long highest(int dialog) {
    return highest[dialog];
  }

  /** Starts {@code dialog} at {@code cseq}, as received before (a dialog taken over from an earlier run). */
  void startAt(int dialog, long cseq) {
    highest[dialog] = cseq;
  }

  /** Forgets {@code dialog}: it is another dialog now (a new SUBSCRIBE after a failed one). */
  void reset(int dialog) {
    highest[dialog] = -1;
  }

  long repeats() {
    return repeats;
  }

  long violations() {
    return violations;
  }

  int dialogsViolated() {
    return dialogsViolated;
  }
}
