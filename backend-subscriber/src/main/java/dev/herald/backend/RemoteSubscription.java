package dev.herald.backend;

import java.util.Objects;

/**
 * One back-end subscription to a resource of another domain (RFC 6665 as subscriber), as a small
 * state type: each transition is a method that returns the next state.
 *
 * <pre>
 *   (demand) ──start──▶ SUBSCRIBING ──2xx──▶ ACTIVE ──refresh due──▶ SUBSCRIBING
 *                           │  ▲                │
 *               error, 408  │  │ retried        │ NOTIFY terminated
 *                           ▼  │                ▼
 *                         WAITING ◀─────────────┘
 * </pre>
 *
 * A NOTIFY may come before the 2xx (RFC 6665 §4.1.2.4); it makes the dialog as well. The subscriber
 * side of the dialog is the Call-ID, its own From tag and the notifier's tag.
 *
 * @param resource the resource key
 * @param uri the resource's URI, the Request-URI of the SUBSCRIBEs
 * @param event the package
 * @param callId the dialog's Call-ID
 * @param localTag our From tag
 * @param remoteTag the notifier's tag, null until the dialog exists
 * @param remoteTarget where in-dialog requests go (the notifier's Contact), null until known
 * @param cseq the CSeq of our last SUBSCRIBE
 * @param state where it stands
 * @param dueAtMs when it next acts: refresh (ACTIVE), try again (WAITING), give up waiting (SUBSCRIBING)
 * @param failures attempts that failed in a row, for the back-off
 */
public record RemoteSubscription(String resource, String uri, String event, String callId, String localTag,
    String remoteTag, String remoteTarget, long cseq, State state, long dueAtMs, int failures) {

  public enum State { SUBSCRIBING, ACTIVE, WAITING }

  public RemoteSubscription {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(localTag, "localTag");
    Objects.requireNonNull(state, "state");
  }

  /** A new subscription whose first SUBSCRIBE goes now; unanswered, it waits {@code answerMs} at most. */
  public static RemoteSubscription start(String resource, String uri, String event, String callId, String localTag,
      long nowMs, long answerMs) {
    return new RemoteSubscription(resource, uri, event, callId, localTag, null, null, 1, State.SUBSCRIBING,
        nowMs + answerMs, 0);
  }

  /** The next SUBSCRIBE of the dialog (a refresh or, after a failure, a new attempt in the same dialog). */
  public RemoteSubscription resubscribed(long nowMs, long answerMs) {
    return new RemoteSubscription(resource, uri, event, callId, localTag, remoteTag, remoteTarget, cseq + 1,
        State.SUBSCRIBING, nowMs + answerMs, failures);
  }

  /**
   * A 2xx granting {@code grantedSeconds}: active, refreshed well before it ends (RFC 6665 §4.1.2.2
   * leaves when to the subscriber).
   */
  public RemoteSubscription accepted(String tag, String target, int grantedSeconds, long nowMs) {
    long refreshIn = Math.max(1, grantedSeconds - Math.min(60, grantedSeconds / 3)) * 1000L;
    return new RemoteSubscription(resource, uri, event, callId, localTag, tag != null ? tag : remoteTag,
        target != null ? target : remoteTarget, cseq, State.ACTIVE, nowMs + refreshIn, 0);
  }

  /** The dialog as a NOTIFY shows it: the notifier's tag and Contact (RFC 6665 §4.1.2.4). */
  public RemoteSubscription notifiedBy(String tag, String target) {
    return new RemoteSubscription(resource, uri, event, callId, localTag, remoteTag != null ? remoteTag : tag,
        target != null ? target : remoteTarget, cseq, state, dueAtMs, failures);
  }

  /**
   * Refused, unanswered or ended by the notifier: a new SUBSCRIBE, out of any dialog, after a wait
   * that doubles with each failure in a row.
   */
  public RemoteSubscription failed(long nowMs, BackendConfig.Timing timing) {
    long wait = timing.firstRetry().toMillis() << Math.min(failures, 20);
    wait = Math.min(wait, timing.lastRetry().toMillis());
    return new RemoteSubscription(resource, uri, event, callId, localTag, null, null, cseq, State.WAITING,
        nowMs + wait, failures + 1);
  }

  /** After the wait, a new subscription with a new dialog, its failures remembered for the next wait. */
  public RemoteSubscription retried(String newCallId, String newTag, long nowMs, long answerMs) {
    return new RemoteSubscription(resource, uri, event, newCallId, newTag, null, null, 1, State.SUBSCRIBING,
        nowMs + answerMs, failures);
  }

  /** Whether the dialog exists: in-dialog requests can be sent. */
  public boolean inDialog() {
    return remoteTag != null;
  }
}
