package dev.herald.processor.logic;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.ListWatch;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.common.Hashes;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.PresenceSettings;
import dev.herald.processor.ResourceLimits;
import dev.herald.processor.rls.ListWatches;
import dev.herald.processor.state.StateCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SUBSCRIBE dialogs (RFC 6665 §4.2.1): a new subscription (admitted by its package, capped per
 * resource), a refresh, an unsubscribe and a fetch, each answered and confirmed by a NOTIFY that
 * the answering edge sends after the 200.
 */
final class Subscriptions {

  private final Packages packages;
  private final Notifies notifies;
  private final PresenceSettings settings;
  private final ResourceLimits limits;

  Subscriptions(Packages packages, Notifies notifies, PresenceSettings settings, ResourceLimits limits) {
    this.packages = packages;
    this.notifies = notifies;
    this.settings = settings;
    this.limits = limits;
  }

  Effects subscribe(ResourceState state, PresenceRules rules, RequestEvent event, Subscribe subscribe, long nowMs) {
    if (!packages.of(state).events().contains(subscribe.getEvent())) {
      // RFC 6665 §4.2.1.1: the package does not serve this event on this resource.
      return Decisions.answer(state, event, 489, "Bad Event", List.of(), null, nowMs);
    }
    Integer requested = subscribe.getExpires();
    Expiries.Bounds bounds = packages.of(state).subscribeBounds(subscribe.getEvent());
    if (requested != null && requested > 0 && requested < bounds.min()) {
      // RFC 6665 §4.2.1.1
      return Decisions.answer(state, event, 423, "Interval Too Brief",
          List.of(new Header("Min-Expires", Integer.toString(bounds.min()))), null, nowMs);
    }
    if (subscribe.getListWatch() != null) {
      return listWatch(state, rules, event, subscribe, requested, nowMs);
    }
    if (subscribe.getToTag() == null) {
      String localTag = Hashes.sha256Hex(event.getRequestId()).substring(0, 16);
      return newSubscription(state, rules, event, subscribe, requested,
          Subscription.dialogId(subscribe.getCallId(), subscribe.getFromTag(), localTag), localTag, Map.of(), nowMs);
    }
    String id = Subscription.dialogId(subscribe.getCallId(), subscribe.getFromTag(), subscribe.getToTag());
    Optional<Subscription> existing = state.subscription(id);
    if (existing.isEmpty() || existing.get().expiredAt(nowMs) || !existing.get().event().equals(subscribe.getEvent())) {
      // RFC 6665 §4.2.1.2: a refresh of a dialog the notifier does not know (or no longer: expired).
      return Decisions.answer(state, event, 481, "Subscription Does Not Exist", List.of(), null, nowMs);
    }
    if (subscribe.getCseq() <= existing.get().remoteCseq()) {
      // RFC 3261 §12.2.2: a lower CSeq inside the dialog is out of order.
      return Decisions.answer(state, event, 500, "CSeq Out of Order", List.of(), null, nowMs);
    }
    if (requested != null && requested == 0) {
      return unsubscribe(state, event,
          existing.get().refreshed(subscribe.getCseq(), nowMs, subscribe.getContact(), flowOf(subscribe)), nowMs);
    }
    int granted = grant(bounds, requested, event.getRequestId());
    Subscription refreshed = existing.get().refreshed(subscribe.getCseq(), nowMs + granted * 1000L,
        subscribe.getContact(), flowOf(subscribe));
    return acceptAndNotify(state, event, refreshed, granted, false, nowMs);
  }

  /**
   * A resource list subscription watching this resource (RFC 4662 §2, §7.1.1): one back-end subscription
   * per list subscription, named by it, made, refreshed and ended by the list resource alone; what it
   * is told goes back to the list instead of out as a NOTIFY.
   */
  private Effects listWatch(ResourceState state, PresenceRules rules, RequestEvent event, Subscribe subscribe,
      Integer requested, long nowMs) {
    ListWatch watch = subscribe.getListWatch();
    String id = ListWatches.idOf(watch.getListSubscriptionId());
    Optional<Subscription> existing = state.subscription(id).filter(s -> !s.expiredAt(nowMs));
    if (requested != null && requested == 0) {
      return existing.isPresent()
          ? unsubscribe(state, event, existing.get().refreshed(subscribe.getCseq(), nowMs, subscribe.getContact(),
              existing.get().flow()), nowMs)
          : Decisions.answer(state, event, 200, "OK", List.of(), null, nowMs);
    }
    if (existing.isPresent()) {
      int granted = granted(existing.get(), packages.of(state).subscribeBounds(subscribe.getEvent()), requested,
          event.getRequestId());
      return acceptAndNotify(state, event, existing.get().refreshed(subscribe.getCseq(), nowMs + granted * 1000L,
          subscribe.getContact(), existing.get().flow()), granted, false, nowMs);
    }
    return newSubscription(state, rules, event, subscribe, requested, id, ListWatches.LOCAL_TAG,
        Map.of(ListWatches.LIST_RESOURCE, watch.getListResource(),
            ListWatches.LIST_SUBSCRIPTION, watch.getListSubscriptionId()), nowMs);
  }

  private Effects newSubscription(ResourceState state, PresenceRules rules, RequestEvent event, Subscribe subscribe,
      Integer requested, String id, String localTag, Map<String, String> attributes, long nowMs) {
    String identity = Packages.identityOf(subscribe.getAssertedIdentity(), subscribe.getFromUri());
    Subscription subscription = Subscription.builder()
        .id(id).attributes(attributes)
        .event(subscribe.getEvent()).eventId(subscribe.getEventId()).callId(subscribe.getCallId())
        .watcherUri(subscribe.getFromUri()).watcherTag(subscribe.getFromTag())
        .resourceUri(subscribe.getToUri()).localTag(localTag).remoteCseq(subscribe.getCseq())
        .remoteTarget(subscribe.getContact()).routeSet(subscribe.getRouteSet())
        .accept(subscribe.getAccept()).expiresAtMs(nowMs).flow(flowOf(subscribe))
        .watcherIdentity(identity).createdAtMs(nowMs).build();
    int granted = requested != null && requested == 0 ? 0
        : granted(subscription, packages.of(state).subscribeBounds(subscribe.getEvent()), requested,
            event.getRequestId());
    if (granted > 0 && state.subscriptions().stream().filter(s -> !s.expiredAt(nowMs)).count() >= limits.maxWatchers()) {
      // Herald's own cap: every watcher is notified of every change of the resource.
      return Decisions.answer(state, event, 403, "Too Many Watchers of This Resource", List.of(), null, nowMs);
    }
    Subscription live = subscription.refreshed(subscribe.getCseq(), nowMs + granted * 1000L, subscribe.getContact(),
        subscription.flow());
    EventPackage.Admission admission = packages.of(state).admit(state, rules,
        new EventPackage.Candidate(live, identity, subscribe.getExtraHeaders()), nowMs);
    if (admission instanceof EventPackage.Admission.Refused refused) {
      Effects answered = Decisions.answer(state, event, refused.refusal().status(), refused.refusal().reason(),
          List.of(), null, nowMs);
      if (!ListWatches.isListWatch(live)) {
        return answered;
      }
      // RFC 4662 §5.5: the list shows a member its subscriber may not watch as terminated, rejected.
      return new Effects(state, answered.decision(), List.of(
          notifies.notify(state, live.notified(), "terminated;reason=rejected", Content.NONE, nowMs)), false);
    }
    EventPackage.Admission.Admitted admitted = (EventPackage.Admission.Admitted) admission;
    Subscription handled = admitted.subscription();
    if (granted == 0) {
      // RFC 6665 §4.4.3: a fetch gets the state once and no subscription.
      return unsubscribe(admitted.state(), event, handled, nowMs);
    }
    return acceptAndNotify(admitted.state(), event, handled, granted, true, nowMs);
  }

  private Effects acceptAndNotify(ResourceState state, RequestEvent event, Subscription subscription, int granted,
      boolean isNew, long nowMs) {
    // RFC 6665 §4.2.1.2: a new or refreshed subscription gets a NOTIFY with the current state at once.
    Subscription notified = subscription.notified();
    List<NotifyCommand> out = new ArrayList<>();
    // What the subscription itself holds shows in its own first NOTIFY (a seized appearance).
    ResourceState withIt = state.withSubscription(notified);
    NotifyCommand own = notifies.notify(withIt, notified, Notifies.live(notified, nowMs),
        packages.content(withIt, notified, nowMs), nowMs);
    ResourceState next = state.withSubscription(notified.nextDocumentVersion());
    if (isNew) {
      next = packages.of(state).started(next, notified, nowMs, out);
    }
    Decision decision = Decisions.of(event, 200, "OK", List.of(
        new Header("Expires", Integer.toString(granted)),
        new Header("Contact", "<" + notifies.contactFor(subscription.flow()) + ">")), subscription.localTag(),
        nowMs);
    // The answering edge sends it after the 200, so it never overtakes the 200 (RFC 6665 §4.1.2.4 lets
    // a subscriber cope with that; SIPp and some phones do not).
    decision.setNotifies(List.of(own));
    return new Effects(next, decision, out, false);
  }

  private Effects unsubscribe(ResourceState state, RequestEvent event, Subscription subscription, long nowMs) {
    // RFC 6665 §4.2.1.4: ending a subscription is confirmed by a NOTIFY saying terminated.
    Subscription notified = subscription.notified();
    List<NotifyCommand> out = new ArrayList<>();
    NotifyCommand own = notifies.notify(state, notified, "terminated;reason=timeout",
        packages.content(state, notified, nowMs), nowMs);
    ResourceState next = packages.ended(state.withoutSubscription(subscription.id()), subscription,
        ChangeCause.UNSUBSCRIBED, nowMs, out);
    Decision decision = Decisions.of(event, 200, "OK", List.of(new Header("Expires", "0"),
        new Header("Contact", "<" + notifies.contactFor(subscription.flow()) + ">")), subscription.localTag(),
        nowMs);
    decision.setNotifies(List.of(own));
    return new Effects(next, decision, out, false);
  }

  /**
   * A list's back-end subscription gets what its list asked, beyond the bounds and unspread: the
   * list refreshes and ends it (RFC 4662 §4.4), so it must not expire before the list subscription
   * does, which the bounds and the spread could make it do.
   */
  private int granted(Subscription subscription, Expiries.Bounds bounds, Integer requested, String requestId) {
    return ListWatches.isListWatch(subscription) && requested != null ? requested
        : grant(bounds, requested, requestId);
  }

  /** Granted expiry: bounded, then reduced by a share derived from the request, so replays grant the same. */
  private int grant(Expiries.Bounds bounds, Integer requested, String requestId) {
    int bounded = requested == null ? bounds.defaultSeconds() : Math.min(requested, bounds.max());
    int maxReduction = bounded * settings.expiryReductionPercent() / 100;
    if (maxReduction == 0) {
      return bounded;
    }
    int reduction = Math.floorMod(Hashes.sha256Hex(requestId).hashCode(), maxReduction + 1);
    return Math.max(bounds.min(), bounded - reduction);
  }

  /** The flow a SUBSCRIBE came on; an edge older than flows gave only its transport and source. */
  private static Flow flowOf(Subscribe subscribe) {
    return subscribe.getFlow() != null ? StateCodec.fromAvro(subscribe.getFlow())
        : Flow.legacy(subscribe.getTransport(), subscribe.getSourceHost(), subscribe.getSourcePort());
  }
}
