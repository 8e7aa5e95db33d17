package dev.herald.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A watcher dialog of a run, {@code index} watching presentity {@code presentity}: its state,
 * remote tag (the notifier's tag), last CSeq sent and whether its first NOTIFY came. It is
 * settled once it failed or ended, or is active with its first NOTIFY, and then tells its
 * {@link WatcherDialogs} once; it is ready when the setup ends with it active and notified. A
 * mode with more to keep per dialog extends it. Not thread-safe.
 */
class WatcherDialog {

  /** Where a dialog is. */
  enum State {
    /** No SUBSCRIBE sent yet. */
    UNUSED,
    /** Its SUBSCRIBE sent, no 2xx yet. */
    TRYING,
    /** A 2xx accepted it. */
    ACTIVE,
    /** Refused, unanswered or not sent: given up. */
    FAILED,
    /** Over: a NOTIFY terminated it, or the answer to a refresh did. */
    ENDED,
    /** Ended by the run: its un-SUBSCRIBE was answered (the faults mode). */
    CLOSED;

    /** Whether a NOTIFY may still end it: its SUBSCRIBE is under way or was accepted. */
    boolean open() {
      return this == TRYING || this == ACTIVE;
    }
  }

  final int index;
  final int presentity;
  private final Runnable onSettled;
  private State state = State.UNUSED;
  private byte[] remoteTag;
  private long cseq;
  private boolean notified;
  private boolean settled;
  private boolean ready;

  WatcherDialog(int index, int presentity, Runnable onSettled) {
    this.index = index;
    this.presentity = presentity;
    this.onSettled = onSettled;
  }

  State state() {
    return state;
  }

  boolean active() {
    return state == State.ACTIVE;
  }

  long cseq() {
    return cseq;
  }

  boolean notified() {
    return notified;
  }

  boolean ready() {
    return ready;
  }

  /** The remote tag as text, null before one is known. */
  String remoteTagText() {
    return remoteTag == null ? null : new String(remoteTag, StandardCharsets.US_ASCII);
  }

  /** Takes over a dialog an earlier run left: its remote tag and the last CSeq it sent. */
  void resume(String remoteTag, long cseq) {
    this.remoteTag = remoteTag.getBytes(StandardCharsets.US_ASCII);
    this.cseq = cseq;
  }

  /** Its SUBSCRIBE is about to be sent; the CSeq it carries. */
  long subscribing() {
    state = State.TRYING;
    return ++cseq;
  }

  /** The CSeq of an in-dialog request about to be sent. */
  long nextCseq() {
    return ++cseq;
  }

  /** The request {@link #nextCseq} numbered was not sent: its CSeq is free again. */
  void cseqNotUsed() {
    cseq--;
  }

  void activated() {
    to(State.ACTIVE);
  }

  void failed() {
    to(State.FAILED);
  }

  void ended() {
    to(State.ENDED);
  }

  void closed() {
    to(State.CLOSED);
  }

  /** Counts a NOTIFY of this dialog; true when it is the first. */
  boolean firstNotify() {
    if (notified) {
      return false;
    }
    notified = true;
    settleIfSo();
    return true;
  }

  /** A new attempt at the dialog: whatever answered the last one is not it. */
  void forgetRemote() {
    remoteTag = null;
    notified = false;
  }

  /**
   * Takes the To tag of a 2xx when the dialog has no remote tag yet; one that a first NOTIFY
   * set (it may overtake the 2xx) stays.
   */
  void keepRemoteTagOf(SipMessage response) {
    if (remoteTag == null && response.toTagStart >= 0) {
      remoteTag = toTag(response);
    }
  }

  /**
   * Takes the To tag of a 2xx as the remote tag, whatever a NOTIFY set before; true when that
   * was another one, whose NOTIFY then no longer counts as this dialog's first.
   */
  boolean takeRemoteTagOf(SipMessage response) {
    if (response.toTagStart < 0) {
      return false;
    }
    byte[] tag = toTag(response);
    boolean other = remoteTag != null && !Arrays.equals(tag, remoteTag);
    if (other) {
      notified = false;
    }
    remoteTag = tag;
    return other;
  }

  /**
   * Whether a NOTIFY with this dialog's Call-ID and our tag is of this dialog: its From tag is
   * the remote tag, or sets it when none is known yet.
   */
  boolean matches(SipMessage notify) {
    if (remoteTag == null) {
      if (notify.fromTagStart >= 0) {
        remoteTag = Arrays.copyOfRange(notify.data, notify.fromTagStart, notify.fromTagEnd);
      }
      return true;
    }
    return notify.rangeEquals(notify.fromTagStart, notify.fromTagEnd, remoteTag, remoteTag.length);
  }

  /** The setup is over: ready when active with its first NOTIFY. */
  boolean markReady() {
    ready = state == State.ACTIVE && notified;
    return ready;
  }

  /**
   * Writes this dialog's SUBSCRIBE with {@code cseq}: a new one, or with {@code inDialog} a
   * refresh, or with {@code expires} 0 its end.
   */
  void writeSubscribe(SipRequests requests, SipWriter out, long transaction, long cseq, int expires,
      boolean inDialog) {
    byte[] tag = inDialog ? remoteTag : null;
    requests.subscribe(out, transaction, 'w', index, presentity, cseq, expires, tag, tag == null ? 0 : tag.length);
  }

  private void to(State next) {
    state = next;
    settleIfSo();
  }

  private void settleIfSo() {
    if (!settled && (state == State.FAILED || state == State.ENDED || (state == State.ACTIVE && notified))) {
      settled = true;
      onSettled.run();
    }
  }

  private static byte[] toTag(SipMessage response) {
    return Arrays.copyOfRange(response.data, response.toTagStart, response.toTagEnd);
  }
}
