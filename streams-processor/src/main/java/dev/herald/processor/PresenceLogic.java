package dev.herald.processor;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.common.Hashes;
import dev.herald.processor.presence.Pidf;
import dev.herald.processor.presence.Validation;
import dev.herald.processor.state.Publication;
import dev.herald.processor.state.ResourceState;
import dev.herald.processor.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The presence event package (RFC 3856) over one resource's state: SUBSCRIBE and PUBLISH
 * decisions, the NOTIFYs they cause, expiry and NOTIFY outcomes. Pure: time comes in, effects
 * go out.
 */
final class PresenceLogic {

  static final String EVENT = "presence";
  static final String PIDF = "application/pidf+xml";

  /**
   * What applying one input did: the new state, the answer (if someone waits), the NOTIFYs, and
   * whether the publications changed (a new document, or only a new entity-tag or expiry), so that
   * herald.presence-state must say so. {@code document} is the composed document when it was
   * composed anyway, so that nobody composes it again.
   */
  record Effects(ResourceState state, Decision decision, List<NotifyCommand> notifies, boolean presenceChanged,
      byte[] document) {
    Effects(ResourceState state, Decision decision, List<NotifyCommand> notifies, boolean presenceChanged) {
      this(state, decision, notifies, presenceChanged, null);
    }

    static Effects answer(ResourceState state, Decision decision) {
      return new Effects(state, decision, List.of(), false);
    }

    static Effects none(ResourceState state) {
      return new Effects(state, null, List.of(), false);
    }
  }

  private final PresenceSettings settings;

  PresenceLogic(PresenceSettings settings) {
    this.settings = settings;
  }

  Effects subscribe(ResourceState state, RequestEvent event, Subscribe subscribe, long nowMs) {
    Integer requested = subscribe.getExpires();
    if (requested != null && requested > 0 && requested < settings.subscribeMinExpires()) {
      // RFC 6665 §4.2.1.1
      return answer(state, event, 423, "Interval Too Brief",
          List.of(new Header("Min-Expires", Integer.toString(settings.subscribeMinExpires()))), null, nowMs);
    }
    if (subscribe.getToTag() == null) {
      return newSubscription(state, event, subscribe, requested, nowMs);
    }
    String id = Subscription.dialogId(subscribe.getCallId(), subscribe.getFromTag(), subscribe.getToTag());
    Optional<Subscription> existing = state.subscription(id);
    if (existing.isEmpty() || existing.get().expiredAt(nowMs)) {
      // RFC 6665 §4.2.1.2: a refresh of a dialog the notifier does not know (or no longer: expired).
      return answer(state, event, 481, "Subscription Does Not Exist", List.of(), null, nowMs);
    }
    if (subscribe.getCseq() <= existing.get().remoteCseq()) {
      // RFC 3261 §12.2.2: a lower CSeq inside the dialog is out of order.
      return answer(state, event, 500, "CSeq Out of Order", List.of(), null, nowMs);
    }
    if (requested != null && requested == 0) {
      return unsubscribe(state, event, existing.get().refreshed(subscribe.getCseq(), nowMs, subscribe.getContact()), nowMs);
    }
    int granted = grant(requested, event.getRequestId());
    Subscription refreshed = existing.get().refreshed(subscribe.getCseq(), nowMs + granted * 1000L, subscribe.getContact());
    return acceptAndNotify(state, event, refreshed, granted, nowMs);
  }

  private Effects newSubscription(ResourceState state, RequestEvent event, Subscribe subscribe, Integer requested, long nowMs) {
    String localTag = Hashes.sha256Hex(event.getRequestId()).substring(0, 16);
    Subscription subscription = new Subscription(
        Subscription.dialogId(subscribe.getCallId(), subscribe.getFromTag(), localTag),
        EVENT, subscribe.getEventId(), subscribe.getCallId(), subscribe.getFromUri(), subscribe.getFromTag(),
        subscribe.getToUri(), localTag, subscribe.getCseq(), 0, subscribe.getContact(), subscribe.getRouteSet(),
        subscribe.getAccept(), nowMs, subscribe.getTransport(), subscribe.getSourceHost(), subscribe.getSourcePort(), 0);
    if (requested != null && requested == 0) {
      // RFC 6665 §4.4.3: a fetch gets the state once and no subscription.
      return unsubscribe(state, event, subscription, nowMs);
    }
    int granted = grant(requested, event.getRequestId());
    Subscription active = subscription.refreshed(subscribe.getCseq(), nowMs + granted * 1000L, subscribe.getContact());
    return acceptAndNotify(state, event, active, granted, nowMs);
  }

  private Effects acceptAndNotify(ResourceState state, RequestEvent event, Subscription subscription, int granted, long nowMs) {
    // RFC 6665 §4.2.1.2: a new or refreshed subscription gets a NOTIFY with the current state at once.
    Subscription notified = subscription.notified();
    NotifyCommand notify = notify(state, notified, "active;expires=" + granted, document(state), nowMs);
    ResourceState next = state.withSubscription(notified);
    Decision decision = decision(event, 200, "OK", List.of(
        new Header("Expires", Integer.toString(granted)),
        new Header("Contact", "<" + settings.contactUri() + ">")), subscription.localTag(), nowMs);
    return new Effects(next, decision, List.of(notify), false);
  }

  private Effects unsubscribe(ResourceState state, RequestEvent event, Subscription subscription, long nowMs) {
    // RFC 6665 §4.2.1.4: ending a subscription is confirmed by a NOTIFY saying terminated.
    Subscription notified = subscription.notified();
    NotifyCommand notify = notify(state, notified, "terminated;reason=timeout", document(state), nowMs);
    Decision decision = decision(event, 200, "OK", List.of(new Header("Expires", "0"),
        new Header("Contact", "<" + settings.contactUri() + ">")), subscription.localTag(), nowMs);
    return new Effects(state.withoutSubscription(subscription.id()), decision, List.of(notify), false);
  }

  Effects publish(ResourceState state, RequestEvent event, Publish publish, long nowMs) {
    Integer requested = publish.getExpires();
    if (requested != null && requested > 0 && requested < settings.publishMinExpires()) {
      // RFC 3903 §6 step 3
      return answer(state, event, 423, "Interval Too Brief",
          List.of(new Header("Min-Expires", Integer.toString(settings.publishMinExpires()))), null, nowMs);
    }
    byte[] body = publish.getBody() == null ? null : bytes(publish.getBody());
    if (body != null) {
      if (!PIDF.equals(publish.getContentType())) {
        return answer(state, event, 415, "Unsupported Media Type", List.of(new Header("Accept", PIDF)), null, nowMs);
      }
      if (Pidf.validate(body) instanceof Validation.Rejected rejected) {
        return answer(state, event, rejected.sipStatus(), rejected.reason(), List.of(), null, nowMs);
      }
    }
    int granted = requested == null ? settings.publishDefaultExpires() : Math.min(requested, settings.publishMaxExpires());
    String ifMatch = publish.getIfMatch();
    if (ifMatch == null) {
      if (body == null || granted == 0) {
        // RFC 3903 §6 step 4: without an entity-tag only an initial publication, with a body, is valid.
        return answer(state, event, 400, "Initial Publication Needs a Body", List.of(), null, nowMs);
      }
      ResourceState tagged = state.nextEntityTag();
      String tag = entityTag(tagged, event);
      Publication created = new Publication(tag, nowMs + granted * 1000L, PIDF, body, nowMs);
      return published(state, tagged.withPublication(created), event, tag, granted, nowMs);
    }
    Optional<Publication> existing = state.publication(ifMatch);
    if (existing.isEmpty()) {
      // RFC 3903 §6 step 6
      return answer(state, event, 412, "Conditional Request Failed", List.of(), null, nowMs);
    }
    if (granted == 0) {
      // RFC 3903 §4.5: removal.
      ResourceState removed = state.withoutPublication(ifMatch);
      return changed(state, removed, decision(event, 200, "OK", List.of(new Header("Expires", "0")), null, nowMs), nowMs);
    }
    ResourceState tagged = state.nextEntityTag();
    String tag = entityTag(tagged, event);
    Publication next = body == null
        ? existing.get().refreshed(tag, nowMs + granted * 1000L)
        : existing.get().modified(tag, nowMs + granted * 1000L, body, nowMs);
    return published(state, tagged.replacingPublication(ifMatch, next), event, tag, granted, nowMs);
  }

  private Effects published(ResourceState before, ResourceState after, RequestEvent event, String tag, int granted, long nowMs) {
    Decision decision = decision(event, 200, "OK", List.of(
        new Header("SIP-ETag", tag), new Header("Expires", Integer.toString(granted))), null, nowMs);
    return changed(before, after, decision, nowMs);
  }

  /** Notifies every watcher when the composed document differs from before (RFC 3856 §6.6). */
  private Effects changed(ResourceState before, ResourceState after, Decision decision, long nowMs) {
    boolean publicationsChanged = !before.publications().equals(after.publications());
    if (sameBodies(before, after)) {
      // A refresh: the document cannot differ (composition depends on the bodies alone), so no
      // NOTIFY, but the publication has a new entity-tag and expiry.
      return new Effects(after, decision, List.of(), publicationsChanged);
    }
    byte[] newDocument = document(after);
    if (Arrays.equals(document(before), newDocument)) {
      return new Effects(after, decision, List.of(), publicationsChanged, newDocument);
    }
    List<NotifyCommand> notifies = new ArrayList<>();
    ResourceState notified = after.mapSubscriptions(subscription -> {
      Subscription next = subscription.notified();
      notifies.add(notify(after, next, "active;expires=" + next.secondsLeft(nowMs), newDocument, nowMs));
      return next;
    });
    return new Effects(notified, decision, notifies, true, newDocument);
  }

  private static boolean sameBodies(ResourceState before, ResourceState after) {
    List<Publication> a = before.publications();
    List<Publication> b = after.publications();
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i).body(), b.get(i).body())) {
        return false;
      }
    }
    return true;
  }

  /** Removes what has expired: publications (watchers are told) and subscriptions (ended with reason timeout). */
  Effects expire(ResourceState state, long nowMs) {
    List<NotifyCommand> notifies = new ArrayList<>();
    ResourceState current = state;
    for (Subscription subscription : state.subscriptions()) {
      if (subscription.expiredAt(nowMs)) {
        // RFC 6665 §4.2.2: the notifier ends an expired subscription with a final NOTIFY.
        notifies.add(notify(current, subscription.notified(), "terminated;reason=timeout", document(current), nowMs));
        current = current.withoutSubscription(subscription.id());
      }
    }
    ResourceState withoutOldPublications = current;
    for (Publication publication : current.publications()) {
      if (publication.expiredAt(nowMs)) {
        withoutOldPublications = withoutOldPublications.withoutPublication(publication.entityTag());
      }
    }
    Effects change = changed(current, withoutOldPublications, null, nowMs);
    notifies.addAll(change.notifies());
    return new Effects(change.state(), null, notifies, change.presenceChanged(), change.document());
  }

  /** RFC 6665 §4.2.2: 481 ends the subscription; timeouts end it after a configurable number in a row. */
  Effects outcome(ResourceState state, NotifyOutcome outcome) {
    Optional<Subscription> subscription = state.subscription(outcome.getSubscriptionId());
    if (subscription.isEmpty()) {
      return Effects.none(state);
    }
    int status = outcome.getStatusCode();
    if (status >= 200 && status < 300) {
      return Effects.none(state.withSubscription(subscription.get().notifySucceeded()));
    }
    if (status == 481) {
      return Effects.none(state.withoutSubscription(subscription.get().id()));
    }
    if (status == 408 || outcome.getTimedOut()) {
      Subscription failed = subscription.get().notifyFailed();
      return Effects.none(failed.failedNotifies() >= settings.maxFailedNotifies()
          ? state.withoutSubscription(failed.id()) : state.withSubscription(failed));
    }
    return Effects.none(state);
  }

  /** The composed document of the resource's current publications (RFC 3903 §4: the ESC composes). */
  byte[] document(ResourceState state) {
    return Pidf.compose(ResourceKeys.uriOf(state.resource()),
        state.publications().stream().map(Publication::body).toList());
  }

  private NotifyCommand notify(ResourceState state, Subscription subscription, String subscriptionState,
      byte[] body, long nowMs) {
    boolean pinFlow = subscription.routeSet().isEmpty() && "udp".equalsIgnoreCase(subscription.transport());
    return NotifyCommand.newBuilder()
        .setSubscriptionId(subscription.id())
        .setResource(state.resource())
        .setRequestUri(subscription.remoteTarget())
        .setRouteSet(subscription.routeSet())
        .setCallId(subscription.callId())
        .setFromUri(subscription.resourceUri())
        .setFromTag(subscription.localTag())
        .setToUri(subscription.watcherUri())
        .setToTag(subscription.watcherTag())
        .setCseq(subscription.notifyCseq())
        .setContact(settings.contactUri())
        .setEvent(subscription.event())
        .setEventId(subscription.eventId())
        .setSubscriptionState(subscriptionState)
        .setContentType(PIDF)
        .setBody(ByteBuffer.wrap(body))
        .setTransport(subscription.transport())
        .setDestinationHost(pinFlow ? subscription.sourceHost() : null)
        .setDestinationPort(pinFlow ? subscription.sourcePort() : null)
        .setCreatedAtMs(nowMs)
        .build();
  }

  private Effects answer(ResourceState state, RequestEvent event, int status, String reason, List<Header> headers,
      String toTag, long nowMs) {
    return Effects.answer(state, decision(event, status, reason, headers, toTag, nowMs));
  }

  static Decision decision(RequestEvent event, int status, String reason, List<Header> headers, String toTag, long nowMs) {
    return Decision.newBuilder()
        .setRequestId(event.getRequestId())
        .setReplyPartition(event.getReplyPartition())
        .setStatusCode(status)
        .setReason(reason)
        .setHeaders(headers)
        .setToTag(toTag)
        .setDecidedAtMs(nowMs)
        .build();
  }

  /** Granted expiry: bounded, then reduced by a share derived from the request, so replays grant the same. */
  private int grant(Integer requested, String requestId) {
    int bounded = requested == null ? settings.subscribeDefaultExpires()
        : Math.min(requested, settings.subscribeMaxExpires());
    int maxReduction = bounded * settings.expiryReductionPercent() / 100;
    if (maxReduction == 0) {
      return bounded;
    }
    int reduction = Math.floorMod(Hashes.sha256Hex(requestId).hashCode(), maxReduction + 1);
    return Math.max(settings.subscribeMinExpires(), bounded - reduction);
  }

  /**
   * A new entity-tag: the resource's counter keeps tags apart while the resource has state; the
   * request's hash keeps them apart across times it had none, when the store forgets the counter
   * (RFC 3903 §6 step 7: an old tag must never name a newer publication).
   */
  private static String entityTag(ResourceState tagged, RequestEvent event) {
    return Long.toString(tagged.entityTagCounter(), 36) + "." + Hashes.sha256Hex(event.getRequestId()).substring(0, 10);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
