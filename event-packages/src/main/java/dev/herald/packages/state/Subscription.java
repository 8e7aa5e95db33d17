package dev.herald.packages.state;

import dev.herald.avro.SubHandling;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One subscription dialog, from the notifier's side (RFC 6665 §4.2). Herald is the From side
 * of its NOTIFYs ({@code resourceUri} with {@code localTag}); the watcher is the To side.
 * {@code notifyCseq} is the CSeq of the last NOTIFY sent; each new NOTIFY takes the next one.
 * {@code handling} is the authorization in force (RFC 5025 §3.2.1): {@code CONFIRM} keeps the
 * subscription pending, {@code POLITE_BLOCK} shows a neutral document; a blocked one is not kept.
 * {@code watcherIdentity} is the identity rules judge: the authenticated one, else the From URI.
 * {@code documentVersion} counts the documents sent where the package numbers them (RFC 3858 §4.2,
 * RFC 4235 §4.1). {@code attributes} is what the package keeps of it (a seized line appearance).
 */
public record Subscription(
    String id,
    String event,
    String eventId,
    String callId,
    String watcherUri,
    String watcherTag,
    String resourceUri,
    String localTag,
    long remoteCseq,
    long notifyCseq,
    String remoteTarget,
    List<String> routeSet,
    List<String> accept,
    long expiresAtMs,
    Flow flow,
    int failedNotifies,
    SubHandling handling,
    String watcherIdentity,
    long createdAtMs,
    long documentVersion,
    Map<String, String> attributes) {

  /** The order of a resource's subscriptions: oldest first, then by id; the store keeps them so. */
  public static final Comparator<Subscription> ORDER =
      Comparator.comparingLong(Subscription::createdAtMs).thenComparing(Subscription::id);

  public Subscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(handling, "handling");
    Objects.requireNonNull(watcherIdentity, "watcherIdentity");
    Objects.requireNonNull(flow, "flow");
    attributes = Map.copyOf(attributes);
    if (handling == SubHandling.BLOCK) {
      throw new IllegalArgumentException("a blocked subscription is not kept");
    }
    routeSet = List.copyOf(routeSet);
    accept = List.copyOf(accept);
  }

  /** The dialog id: Call-ID and both tags (RFC 3261 §12). */
  public static String dialogId(String callId, String watcherTag, String localTag) {
    return callId + ";" + watcherTag + ";" + localTag;
  }

  /**
   * A refresh inside the dialog: new CSeq, expiry and, per RFC 6665 §4.1.2.1, remote target; and
   * the flow it came on, so a phone that reconnected or moved to another edge is reached where it
   * is now (RFC 5626 §4.2.1).
   */
  public Subscription refreshed(long cseq, long newExpiresAtMs, String newRemoteTarget, Flow newFlow) {
    return new Subscription(id, event, eventId, callId, watcherUri, watcherTag, resourceUri, localTag, cseq,
        notifyCseq, newRemoteTarget, routeSet, accept, newExpiresAtMs, newFlow, failedNotifies, handling,
        watcherIdentity, createdAtMs, documentVersion, attributes);
  }

  /** The subscription after one more NOTIFY: its CSeq is {@link #notifyCseq()} of the result. */
  public Subscription notified() {
    return new Subscription(id, event, eventId, callId, watcherUri, watcherTag, resourceUri, localTag, remoteCseq,
        notifyCseq + 1, remoteTarget, routeSet, accept, expiresAtMs, flow, failedNotifies,
        handling, watcherIdentity, createdAtMs, documentVersion, attributes);
  }

  public Subscription notifyFailed() {
    return withFailures(failedNotifies + 1);
  }

  public Subscription notifySucceeded() {
    return failedNotifies == 0 ? this : withFailures(0);
  }

  private Subscription withFailures(int failures) {
    return new Subscription(id, event, eventId, callId, watcherUri, watcherTag, resourceUri, localTag, remoteCseq,
        notifyCseq, remoteTarget, routeSet, accept, expiresAtMs, flow, failures,
        handling, watcherIdentity, createdAtMs, documentVersion, attributes);
  }

  /** The subscription under another authorization (RFC 5025 §3.2.1). */
  public Subscription handled(SubHandling newHandling) {
    return new Subscription(id, event, eventId, callId, watcherUri, watcherTag, resourceUri, localTag, remoteCseq,
        notifyCseq, remoteTarget, routeSet, accept, expiresAtMs, flow, failedNotifies,
        newHandling, watcherIdentity, createdAtMs, documentVersion, attributes);
  }

  /** The subscription after one more numbered document: its version is {@link #documentVersion()} of the result. */
  public Subscription nextDocumentVersion() {
    return new Subscription(id, event, eventId, callId, watcherUri, watcherTag, resourceUri, localTag, remoteCseq,
        notifyCseq, remoteTarget, routeSet, accept, expiresAtMs, flow, failedNotifies,
        handling, watcherIdentity, createdAtMs, documentVersion + 1, attributes);
  }

  /** The subscription with the package's {@code key} set to {@code value}. */
  public Subscription withAttribute(String key, String value) {
    Map<String, String> updated = new java.util.HashMap<>(attributes);
    updated.put(key, value);
    return new Subscription(id, event, eventId, callId, watcherUri, watcherTag, resourceUri, localTag, remoteCseq,
        notifyCseq, remoteTarget, routeSet, accept, expiresAtMs, flow, failedNotifies,
        handling, watcherIdentity, createdAtMs, documentVersion, updated);
  }

  public boolean pending() {
    return handling == SubHandling.CONFIRM;
  }

  public boolean expiredAt(long nowMs) {
    return expiresAtMs <= nowMs;
  }

  /** Seconds left, rounded up, for Subscription-State's expires (RFC 6665 §4.1.3). */
  public long secondsLeft(long nowMs) {
    return Math.max(0, (expiresAtMs - nowMs + 999) / 1000);
  }
}
