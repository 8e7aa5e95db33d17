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
    return toBuilder().remoteCseq(cseq).expiresAtMs(newExpiresAtMs).remoteTarget(newRemoteTarget).flow(newFlow).build();
  }

  /** The subscription after one more NOTIFY: its CSeq is {@link #notifyCseq()} of the result. */
  public Subscription notified() {
    return toBuilder().notifyCseq(notifyCseq + 1).build();
  }

  public Subscription notifyFailed() {
    return withFailures(failedNotifies + 1);
  }

  public Subscription notifySucceeded() {
    return failedNotifies == 0 ? this : withFailures(0);
  }

  private Subscription withFailures(int failures) {
    return toBuilder().failedNotifies(failures).build();
  }

  /** The subscription under another authorization (RFC 5025 §3.2.1). */
  public Subscription handled(SubHandling newHandling) {
    return toBuilder().handling(newHandling).build();
  }

  /** The subscription after one more numbered document: its version is {@link #documentVersion()} of the result. */
  public Subscription nextDocumentVersion() {
    return toBuilder().documentVersion(documentVersion + 1).build();
  }

  /** The subscription with the package's {@code key} set to {@code value}. */
  public Subscription withAttribute(String key, String value) {
    Map<String, String> updated = new java.util.HashMap<>(attributes);
    updated.put(key, value);
    return toBuilder().attributes(updated).build();
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

  /** A new subscription: allowed, no route set, no NOTIFY sent yet, nothing kept by its package. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link Subscription} component by name, so that two of its many ints or strings cannot swap unseen. */
  public static final class Builder {
    private String id;
    private String event;
    private String eventId;
    private String callId;
    private String watcherUri;
    private String watcherTag;
    private String resourceUri;
    private String localTag;
    private long remoteCseq;
    private long notifyCseq;
    private String remoteTarget;
    private List<String> routeSet = List.of();
    private List<String> accept = List.of();
    private long expiresAtMs;
    private Flow flow;
    private int failedNotifies;
    private SubHandling handling = SubHandling.ALLOW;
    private String watcherIdentity;
    private long createdAtMs;
    private long documentVersion;
    private Map<String, String> attributes = Map.of();

    private Builder() {}

    private Builder(Subscription s) {
      id = s.id;
      event = s.event;
      eventId = s.eventId;
      callId = s.callId;
      watcherUri = s.watcherUri;
      watcherTag = s.watcherTag;
      resourceUri = s.resourceUri;
      localTag = s.localTag;
      remoteCseq = s.remoteCseq;
      notifyCseq = s.notifyCseq;
      remoteTarget = s.remoteTarget;
      routeSet = s.routeSet;
      accept = s.accept;
      expiresAtMs = s.expiresAtMs;
      flow = s.flow;
      failedNotifies = s.failedNotifies;
      handling = s.handling;
      watcherIdentity = s.watcherIdentity;
      createdAtMs = s.createdAtMs;
      documentVersion = s.documentVersion;
      attributes = s.attributes;
    }

    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder event(String value) {
      this.event = value;
      return this;
    }

    public Builder eventId(String value) {
      this.eventId = value;
      return this;
    }

    public Builder callId(String value) {
      this.callId = value;
      return this;
    }

    public Builder watcherUri(String value) {
      this.watcherUri = value;
      return this;
    }

    public Builder watcherTag(String value) {
      this.watcherTag = value;
      return this;
    }

    public Builder resourceUri(String value) {
      this.resourceUri = value;
      return this;
    }

    public Builder localTag(String value) {
      this.localTag = value;
      return this;
    }

    public Builder remoteCseq(long value) {
      this.remoteCseq = value;
      return this;
    }

    public Builder notifyCseq(long value) {
      this.notifyCseq = value;
      return this;
    }

    public Builder remoteTarget(String value) {
      this.remoteTarget = value;
      return this;
    }

    public Builder routeSet(List<String> value) {
      this.routeSet = value;
      return this;
    }

    public Builder accept(List<String> value) {
      this.accept = value;
      return this;
    }

    public Builder expiresAtMs(long value) {
      this.expiresAtMs = value;
      return this;
    }

    public Builder flow(Flow value) {
      this.flow = value;
      return this;
    }

    public Builder failedNotifies(int value) {
      this.failedNotifies = value;
      return this;
    }

    public Builder handling(SubHandling value) {
      this.handling = value;
      return this;
    }

    public Builder watcherIdentity(String value) {
      this.watcherIdentity = value;
      return this;
    }

    public Builder createdAtMs(long value) {
      this.createdAtMs = value;
      return this;
    }

    public Builder documentVersion(long value) {
      this.documentVersion = value;
      return this;
    }

    public Builder attributes(Map<String, String> value) {
      this.attributes = value;
      return this;
    }

    public Subscription build() {
      return new Subscription(id, event, eventId, callId, watcherUri, watcherTag, resourceUri, localTag, remoteCseq, notifyCseq, remoteTarget, routeSet, accept, expiresAtMs, flow, failedNotifies, handling, watcherIdentity, createdAtMs, documentVersion, attributes);
    }
  }
}
