package dev.herald.loadgen;

/**
 * A watcher dialog of a faults run. Besides the dialog itself: how often its SUBSCRIBE was
 * tried, whether a request in it is under way (the next waits, for CSeq order), the newest
 * marker its NOTIFYs carried, whether the final NOTIFY came, whether its NOTIFYs came from more
 * than one source, and why it ended before the run ended it. Not thread-safe.
 */
final class FaultDialog extends WatcherDialog {

  /** How a ready dialog came out of the final check. */
  enum Outcome {
    /** A NOTIFY terminated it before the teardown. */
    TERMINATED,
    /** The answer to a refresh ended it. */
    ENDED_BY_REFRESH,
    GOT_FINAL,
    /** Its presentity's final PUBLISH was accepted, and no NOTIFY brought it. */
    NO_FINAL_NOTIFY,
    /** Its presentity's final PUBLISH was not accepted: nothing to check. */
    UNCHECKED;

    /** Whether the subscription lasted to the final check. */
    boolean lasted() {
      return this == GOT_FINAL || this == NO_FINAL_NOTIFY;
    }
  }

  private int attempts;
  private boolean inDialogPending;
  private long newestMarker = -1;
  private boolean finalSeen;
  private int firstSource = -1;
  private boolean severalSources;
  private Outcome endedEarly;

  FaultDialog(int index, int presentity, Runnable onSettled) {
    super(index, presentity, onSettled);
  }

  /** Its SUBSCRIBE (or a kept dialog's first refresh) is about to be sent, once more; the CSeq it carries. */
  long attempt() {
    attempts++;
    return subscribing();
  }

  /** How often its SUBSCRIBE was tried. */
  int attempts() {
    return attempts;
  }

  /** A request in the dialog was sent: no other until it ends. */
  void inDialogSent() {
    inDialogPending = true;
  }

  /** A request of the dialog ended (answered or Timer F). */
  void requestEnded() {
    inDialogPending = false;
  }

  /** Whether it may be refreshed now: ready, active, and no request in it under way. */
  boolean refreshable() {
    return ready() && endable();
  }

  /** Whether the run may end it now: active, and no request in it under way. */
  boolean endable() {
    return active() && !inDialogPending;
  }

  /** A NOTIFY terminated it while the run was not ending it. */
  void terminatedByServer() {
    endedEarly = Outcome.TERMINATED;
    ended();
  }

  /** A refresh's answer ended the subscription ({@link FaultRun#endsDialog}); false when it was not active. */
  boolean endedByRefresh() {
    if (!active()) {
      return false;
    }
    endedEarly = Outcome.ENDED_BY_REFRESH;
    ended();
    return true;
  }

  /** A NOTIFY carried {@code marker} as its newest. */
  void sawMarker(long marker) {
    newestMarker = Math.max(newestMarker, marker);
  }

  /** Whether a NOTIFY with {@code marker} is still due to it: ready, active and not had it. */
  boolean awaits(long marker) {
    return ready() && active() && newestMarker < marker;
  }

  /** A NOTIFY brought its presentity's final note; true when it counts, the first to a ready dialog. */
  boolean finalNotified() {
    if (!ready() || finalSeen) {
      return false;
    }
    finalSeen = true;
    return true;
  }

  /** Whether the final check still waits for it: ready, active, no final NOTIFY yet. */
  boolean awaitsFinal() {
    return ready() && active() && !finalSeen;
  }

  /**
   * A NOTIFY came from source number {@code source}; true when that makes it the first time its
   * NOTIFYs came from another source than the first (another notifier took it over).
   */
  boolean cameFrom(int source) {
    if (firstSource < 0) {
      firstSource = source;
      return false;
    }
    if (firstSource != source && !severalSources) {
      severalSources = true;
      return true;
    }
    return false;
  }

  /** How it came out of the final check, {@code finalAccepted} whether its presentity's final PUBLISH was. */
  Outcome outcome(boolean finalAccepted) {
    if (endedEarly != null) {
      return endedEarly;
    }
    if (finalSeen) {
      return Outcome.GOT_FINAL;
    }
    return finalAccepted ? Outcome.NO_FINAL_NOTIFY : Outcome.UNCHECKED;
  }
}
