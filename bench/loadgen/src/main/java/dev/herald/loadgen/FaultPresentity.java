package dev.herald.loadgen;

/**
 * A presentity of a faults run: its publication (the entity-tag held, whether a 2xx gave it
 * since the last PUBLISH without answer, whether it is the one a kept run left), whether a
 * PUBLISH of it is under way, how many requests for it and its watchers are, the newest marker
 * a 2xx accepted, how its final PUBLISH went and whether a restart lost its publication. Not
 * thread-safe.
 */
final class FaultPresentity {

  /** How the final PUBLISH went, under the names the report counts. */
  enum FinalPublish {
    NONE("none"),
    PENDING("pending"),
    OK("ok"),
    /** Its entity-tag refused; the initial PUBLISH it fell back to is the one that counts. */
    PRECONDITION_FAILED("412"),
    LOST("lost"),
    REFUSED("refused"),
    /** The previous PUBLISH was still unanswered, or no transaction slot was free. */
    NOT_SENT("notSent");

    final String reportName;

    FinalPublish(String reportName) {
      this.reportName = reportName;
    }

    /** After an answer to a pending final PUBLISH: 2xx ok, Timer F lost, else refused; otherwise as it was. */
    FinalPublish answered(int status) {
      if (this != PENDING) {
        return this;
      }
      if (status >= 200 && status < 300) {
        return OK;
      }
      return status == FaultRun.LOST ? LOST : REFUSED;
    }

    /** Whether the publication was lost: its entity-tag refused, or the PUBLISH unanswered. */
    boolean lostPublication() {
      return this == PRECONDITION_FAILED || this == LOST;
    }
  }

  /**
   * The entity-tag a 412 refused: the one a kept run left (the restart lost the publication),
   * one a 2xx had just given (an accepted publication lost), or one that was stale already
   * (after a PUBLISH without answer).
   */
  enum RefusedEtag { KEPT, FRESH, STALE }

  final int index;
  private String etag;
  private boolean etagFresh;
  private boolean etagKept;
  private boolean publishing;
  private int outstanding;
  private long latestOkMarker = -1;
  private long keptMarker = -1;
  private FinalPublish finalPublish = FinalPublish.NONE;
  private boolean restartLost;

  FaultPresentity(int index) {
    this.index = index;
  }

  /** Takes over what a kept run left: its entity-tag (or none) and the newest marker a 2xx accepted. */
  void resume(String etag, long marker) {
    this.etag = etag;
    this.etagKept = etag != null;
    this.keptMarker = marker;
    this.latestOkMarker = marker;
  }

  /** The entity-tag held, null when there is no publication to modify. */
  String etag() {
    return etag;
  }

  /** Whether a PUBLISH of it is under way: the next waits for its final response. */
  boolean publishing() {
    return publishing;
  }

  long latestOkMarker() {
    return latestOkMarker;
  }

  FinalPublish finalPublish() {
    return finalPublish;
  }

  boolean restartLost() {
    return restartLost;
  }

  /** A request for it or one of its watchers was sent. */
  void requestSent() {
    outstanding++;
  }

  /** A request for it or one of its watchers ended (answered or Timer F). */
  void requestEnded() {
    outstanding--;
  }

  /** Whether any request for it or its watchers is under way. */
  boolean awaiting() {
    return outstanding > 0;
  }

  /** A PUBLISH of it (or its removal) was sent. */
  void publishSent() {
    publishing = true;
  }

  /** Its final PUBLISH was sent. */
  void finalSent() {
    finalPublish = FinalPublish.PENDING;
  }

  /** Its final PUBLISH could not be sent. */
  void finalNotSent() {
    finalPublish = FinalPublish.NOT_SENT;
  }

  /** A 2xx to a PUBLISH of {@code marker}: the entity-tag it gives, if any, is the one to modify. */
  void accepted(SipMessage response, long marker, boolean isFinal) {
    answered();
    if (response.etagStart >= 0) {
      etag = response.etag();
    }
    etagFresh = true;
    latestOkMarker = Math.max(latestOkMarker, marker);
    if (isFinal) {
      finalAnswered(response.status);
    }
  }

  /**
   * A 412 to a PUBLISH that named an entity-tag: the publication is gone, an initial PUBLISH
   * follows. Which entity-tag it refused.
   */
  RefusedEtag preconditionFailed(boolean isFinal) {
    boolean wasKept = etagKept;
    answered();
    RefusedEtag refused = wasKept ? RefusedEtag.KEPT : etagFresh ? RefusedEtag.FRESH : RefusedEtag.STALE;
    if (wasKept) {
      restartLost = true;
    }
    etag = null;
    etagFresh = false;
    if (isFinal) {
      finalPublish = FinalPublish.PRECONDITION_FAILED;
    }
    return refused;
  }

  /**
   * Any other end of a PUBLISH: a non-2xx or Timer F ({@link FaultRun#LOST}). One without answer
   * may have been applied, so the entity-tag held may be stale.
   */
  void failed(int status, boolean isFinal) {
    answered();
    etagFresh = false;
    if (isFinal) {
      finalAnswered(status);
    }
  }

  /** The final PUBLISH ended with {@code status}. */
  void finalAnswered(int status) {
    finalPublish = finalPublish.answered(status);
  }

  /** The removal ended; a 2xx leaves no publication. */
  void removed(boolean ok) {
    publishing = false;
    if (ok) {
      etag = null;
    }
  }

  /**
   * Whether its watchers are checked in the final check: its final PUBLISH got a 2xx, or got a
   * 412 and the initial PUBLISH after it a 2xx ({@code finalBase} the first final marker).
   */
  boolean finalAccepted(long finalBase) {
    return finalPublish == FinalPublish.OK
        || (finalPublish == FinalPublish.PRECONDITION_FAILED && latestOkMarker >= finalBase);
  }

  /**
   * A resumed run's first NOTIFY of a watcher, {@code marker} its newest: true when it lacks the
   * note the kept run last published, and the restart lost the publication.
   */
  boolean restartLostNote(long marker) {
    if (keptMarker >= 0 && marker < keptMarker) {
      restartLost = true;
      return true;
    }
    return false;
  }

  private void answered() {
    publishing = false;
    etagKept = false;
  }
}
