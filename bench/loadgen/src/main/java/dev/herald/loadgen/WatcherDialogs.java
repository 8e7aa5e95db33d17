package dev.herald.loadgen;

import java.util.Arrays;

/**
 * The watcher dialogs of a run, index {@code w} watching presentity {@code w / perPresentity}:
 * each one's state, remote tag (the notifier's To tag), last CSeq sent and whether its first
 * NOTIFY came; a dialog is settled once it failed or ended, or is active with its first NOTIFY.
 * The arrays are the run's to read and write. Not thread-safe.
 */
final class WatcherDialogs {

  static final byte UNUSED = 0;
  static final byte TRYING = 1;
  static final byte ACTIVE = 2;
  static final byte FAILED = 3;
  static final byte ENDED = 4;
  /** Ended by the run (un-SUBSCRIBE answered). */
  static final byte CLOSED = 5;

  final byte[] state;
  final byte[][] remoteTags;
  final long[] cseq;
  final boolean[] notified;
  private final int perPresentity;
  private final boolean[] settledFlag;
  private int settled;

  WatcherDialogs(int count, int perPresentity) {
    this.state = new byte[count];
    this.remoteTags = new byte[count][];
    this.cseq = new long[count];
    this.notified = new boolean[count];
    this.perPresentity = perPresentity;
    this.settledFlag = new boolean[count];
  }

  int count() {
    return state.length;
  }

  /** Counts {@code w} settled if it now is. */
  void settle(int w) {
    if (!settledFlag[w] && (state[w] == FAILED || state[w] == ENDED || (state[w] == ACTIVE && notified[w]))) {
      settledFlag[w] = true;
      settled++;
    }
  }

  int settled() {
    return settled;
  }

  /**
   * The dialog a NOTIFY belongs to, or -1 when it is none of this run's (RFC 6665 §4.1.3: answer
   * 481). The first NOTIFY may overtake the SUBSCRIBE's 2xx (RFC 6665 §4.1.2.4); it sets the
   * remote tag then.
   */
  int of(SipRequests requests, SipMessage notify) {
    int w = requests.dialogOf(notify, 'w');
    if (w < 0 || w >= state.length) {
      return -1;
    }
    if (remoteTags[w] == null) {
      if (notify.fromTagStart >= 0) {
        remoteTags[w] = Arrays.copyOfRange(notify.data, notify.fromTagStart, notify.fromTagEnd);
      }
      return w;
    }
    return notify.rangeEquals(notify.fromTagStart, notify.fromTagEnd, remoteTags[w], remoteTags[w].length) ? w : -1;
  }

  /**
   * Writes dialog {@code w}'s SUBSCRIBE with {@code cseq}: a new one, or with {@code inDialog}
   * a refresh, or with {@code expires} 0 its end.
   */
  void subscribe(SipRequests requests, SipWriter out, long transaction, int w, long cseq, int expires,
      boolean inDialog) {
    byte[] tag = inDialog ? remoteTags[w] : null;
    requests.subscribe(out, transaction, 'w', w, w / perPresentity, cseq, expires, tag, tag == null ? 0 : tag.length);
  }
}
