package dev.herald.processor;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.SubHandling;
import dev.herald.avro.Subscribe;
import dev.herald.common.Hashes;
import dev.herald.processor.presence.Pidf;
import dev.herald.processor.presence.Validation;
import dev.herald.processor.state.Publication;
import dev.herald.processor.state.ResourceState;
import dev.herald.processor.state.Subscription;
import dev.herald.processor.winfo.WatcherEntry.Status;
import dev.herald.processor.winfo.WatcherTransitions.Cause;
import dev.herald.schemas.ResourceKeys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The presence event package (RFC 3856) over one resource's state: SUBSCRIBE (presence and
 * presence.winfo), PUBLISH and REGISTER decisions, the NOTIFYs they cause, authorization of
 * watchers, expiry and NOTIFY outcomes. Pure: time and rules come in, effects go out.
 */
final class PresenceLogic {

  static final String EVENT = "presence";
  static final String PIDF = "application/pidf+xml";

  /**
   * What applying one input did: the new state, the answer (if someone waits), the NOTIFYs, and
   * whether the presentity's document inputs changed (a new document, or only a new entity-tag or
   * expiry), so that herald.presence-state must say so. {@code document} is the composed document
   * when it was composed anyway, so that nobody composes it again.
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

  /** Decides a watcher's sub-handling (RFC 5025 §3.2.1) from the presentity's rules and the defaults. */
  @FunctionalInterface
  interface Authorization {
    SubHandling handling(PresenceRules rules, String watcherIdentity, String presentityUri);
  }

  private final PresenceSettings settings;
  private final Authorization authorization;
  private final Registrar registrar;
  private final PresenceDocuments documents;
  private final Notifies notifies;
  private final WatcherInfo watcherInfo;

  PresenceLogic(PresenceSettings settings, RegistrarSettings registrarSettings, Authorization authorization) {
    this.settings = settings;
    this.authorization = authorization;
    this.registrar = new Registrar(registrarSettings);
    this.documents = new PresenceDocuments(registrarSettings.derivedPresence());
    this.notifies = new Notifies(settings.contactUri());
    this.watcherInfo = new WatcherInfo(notifies, settings.winfoPartialState());
  }

  Effects subscribe(ResourceState state, PresenceRules rules, RequestEvent event, Subscribe subscribe, long nowMs) {
    Integer requested = subscribe.getExpires();
    if (requested != null && requested > 0 && requested < settings.subscribeMinExpires()) {
      // RFC 6665 §4.2.1.1
      return answer(state, event, 423, "Interval Too Brief",
          List.of(new Header("Min-Expires", Integer.toString(settings.subscribeMinExpires()))), null, nowMs);
    }
    if (subscribe.getToTag() == null) {
      return newSubscription(state, rules, event, subscribe, requested, nowMs);
    }
    String id = Subscription.dialogId(subscribe.getCallId(), subscribe.getFromTag(), subscribe.getToTag());
    Optional<Subscription> existing = state.subscription(id);
    if (existing.isEmpty() || existing.get().expiredAt(nowMs) || !existing.get().event().equals(subscribe.getEvent())) {
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
    return acceptAndNotify(state, event, refreshed, granted, false, nowMs);
  }

  private Effects newSubscription(ResourceState state, PresenceRules rules, RequestEvent event, Subscribe subscribe,
      Integer requested, long nowMs) {
    String resourceUri = ResourceKeys.uriOf(state.resource());
    String identity = identityOf(subscribe.getAssertedIdentity(), subscribe.getFromUri());
    boolean winfo = WatcherInfo.EVENT.equals(subscribe.getEvent());
    SubHandling handling = winfo
        // RFC 3857 §5.2: by default only the presentity may see who watches it.
        ? (identity.equals(resourceUri) ? SubHandling.ALLOW : SubHandling.BLOCK)
        : authorization.handling(rules, identity, resourceUri);
    if (handling == SubHandling.BLOCK) {
      // RFC 5025 §3.2.1: block rejects the subscription.
      return answer(state, event, 403, "Forbidden", List.of(), null, nowMs);
    }
    String localTag = Hashes.sha256Hex(event.getRequestId()).substring(0, 16);
    Subscription subscription = new Subscription(
        Subscription.dialogId(subscribe.getCallId(), subscribe.getFromTag(), localTag),
        subscribe.getEvent(), subscribe.getEventId(), subscribe.getCallId(), subscribe.getFromUri(),
        subscribe.getFromTag(), subscribe.getToUri(), localTag, subscribe.getCseq(), 0, subscribe.getContact(),
        subscribe.getRouteSet(), subscribe.getAccept(), nowMs, subscribe.getTransport(), subscribe.getSourceHost(),
        subscribe.getSourcePort(), 0, handling, identity, nowMs, 0);
    if (requested != null && requested == 0) {
      // RFC 6665 §4.4.3: a fetch gets the state once and no subscription.
      return unsubscribe(state, event, subscription, nowMs);
    }
    int granted = grant(requested, event.getRequestId());
    Subscription live = subscription.refreshed(subscribe.getCseq(), nowMs + granted * 1000L, subscribe.getContact());
    return acceptAndNotify(state, event, live, granted, true, nowMs);
  }

  private Effects acceptAndNotify(ResourceState state, RequestEvent event, Subscription subscription, int granted,
      boolean isNew, long nowMs) {
    // RFC 6665 §4.2.1.2: a new or refreshed subscription gets a NOTIFY with the current state at once.
    Subscription notified = subscription.notified();
    List<NotifyCommand> out = new ArrayList<>();
    out.add(notifies.notify(state, notified, Notifies.live(notified, nowMs), content(state, notified, nowMs), nowMs));
    ResourceState next = state.withSubscription(numbered(notified));
    if (isNew && !WatcherInfo.isWinfo(subscription)) {
      next = watcherInfo.tell(next, List.of(WatcherInfo.Change.started(notified)), nowMs, out);
    }
    Decision decision = decision(event, 200, "OK", List.of(
        new Header("Expires", Integer.toString(granted)),
        new Header("Contact", "<" + settings.contactUri() + ">")), subscription.localTag(), nowMs);
    return new Effects(next, decision, out, false);
  }

  private Effects unsubscribe(ResourceState state, RequestEvent event, Subscription subscription, long nowMs) {
    // RFC 6665 §4.2.1.4: ending a subscription is confirmed by a NOTIFY saying terminated.
    Subscription notified = subscription.notified();
    List<NotifyCommand> out = new ArrayList<>();
    out.add(notifies.notify(state, notified, "terminated;reason=timeout", content(state, notified, nowMs), nowMs));
    ResourceState next = ended(state.withoutSubscription(subscription.id()), subscription,
        Cause.UNSUBSCRIBED, nowMs, out);
    Decision decision = decision(event, 200, "OK", List.of(new Header("Expires", "0"),
        new Header("Contact", "<" + settings.contactUri() + ">")), subscription.localTag(), nowMs);
    return new Effects(next, decision, out, false);
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

  /**
   * A REGISTER, or a binding change of an external registrar (RFC 3261 §10.3): the new bindings,
   * a 200 listing them, and NOTIFYs when the presence derived from them changed.
   */
  Effects register(ResourceState state, RequestEvent event, Registration registration, long nowMs) {
    Registrar.Outcome outcome = registrar.apply(state.bindings(), registration, nowMs);
    if (outcome instanceof Registrar.Outcome.Refused refused) {
      return answer(state, event, refused.status(), refused.reason(), refused.headers(), null, nowMs);
    }
    ResourceState after = state.withBindings(((Registrar.Outcome.Updated) outcome).bindings());
    Decision decision = decision(event, 200, "OK", Registrar.contactHeaders(after.bindings(), nowMs), null, nowMs);
    return changed(state, after, decision, nowMs);
  }

  /** Notifies every allowed presence watcher when the composed document differs from before (RFC 3856 §6.6). */
  private Effects changed(ResourceState before, ResourceState after, Decision decision, long nowMs) {
    boolean inputsChanged = !before.publications().equals(after.publications()) || !before.bindings().equals(after.bindings());
    if (documents.sameInputs(before, after)) {
      // A refresh: the document cannot differ, but a publication or binding has a new tag or expiry.
      return new Effects(after, decision, List.of(), inputsChanged);
    }
    byte[] newDocument = documents.document(after);
    if (Arrays.equals(documents.document(before), newDocument)) {
      return new Effects(after, decision, List.of(), inputsChanged, newDocument);
    }
    List<NotifyCommand> out = new ArrayList<>();
    ResourceState notified = after.mapSubscriptions(subscription -> {
      if (WatcherInfo.isWinfo(subscription) || subscription.handling() != SubHandling.ALLOW) {
        // A pending watcher sees nothing yet, a politely blocked one always the same neutral document.
        return subscription;
      }
      Subscription next = subscription.notified();
      out.add(notifies.notify(after, next, Notifies.live(next, nowMs), new Notifies.Content(PIDF, newDocument), nowMs));
      return next;
    });
    return new Effects(notified, decision, out, true, newDocument);
  }

  /**
   * The presentity's rules changed (or a rule it had was removed): every presence watcher is judged
   * again at once. One now blocked ends with reason rejected (RFC 6665 §4.2.2); one whose handling
   * changed gets a NOTIFY with what it may now see.
   */
  Effects rulesChanged(ResourceState state, PresenceRules rules, long nowMs) {
    String resourceUri = ResourceKeys.uriOf(state.resource());
    List<NotifyCommand> out = new ArrayList<>();
    List<WatcherInfo.Change> changes = new ArrayList<>();
    ResourceState current = state;
    for (Subscription subscription : state.subscriptions()) {
      if (WatcherInfo.isWinfo(subscription) || subscription.expiredAt(nowMs)) {
        continue;
      }
      SubHandling handling = authorization.handling(rules, subscription.watcherIdentity(), resourceUri);
      if (handling == subscription.handling()) {
        continue;
      }
      if (handling == SubHandling.BLOCK) {
        Subscription notified = subscription.notified();
        out.add(notifies.notify(current, notified, "terminated;reason=rejected", Notifies.Content.NONE, nowMs));
        current = current.withoutSubscription(subscription.id());
        changes.add(WatcherInfo.Change.ended(subscription, Cause.REJECTED_BY_RULE));
        continue;
      }
      Subscription rehandled = subscription.handled(handling).notified();
      out.add(notifies.notify(current, rehandled, Notifies.live(rehandled, nowMs),
          content(current, rehandled, nowMs), nowMs));
      current = current.withSubscription(rehandled);
      if (subscription.pending() && !rehandled.pending()) {
        changes.add(new WatcherInfo.Change(rehandled, Status.PENDING, Status.ACTIVE, Cause.APPROVED_BY_RULE));
      }
    }
    current = watcherInfo.tell(current, changes, nowMs, out);
    return new Effects(current, null, out, false);
  }

  /** Removes what has expired: publications and bindings (watchers are told) and subscriptions (ended with reason timeout). */
  Effects expire(ResourceState state, long nowMs) {
    List<NotifyCommand> out = new ArrayList<>();
    List<WatcherInfo.Change> changes = new ArrayList<>();
    ResourceState current = state;
    for (Subscription subscription : state.subscriptions()) {
      if (subscription.expiredAt(nowMs)) {
        // RFC 6665 §4.2.2: the notifier ends an expired subscription with a final NOTIFY.
        Subscription notified = subscription.notified();
        out.add(notifies.notify(current, notified, "terminated;reason=timeout", content(current, notified, nowMs), nowMs));
        current = current.withoutSubscription(subscription.id());
        if (!WatcherInfo.isWinfo(subscription)) {
          changes.add(WatcherInfo.Change.ended(subscription, Cause.EXPIRED));
        }
      }
    }
    current = watcherInfo.tell(current, changes, nowMs, out);
    ResourceState withoutOld = current;
    for (Publication publication : current.publications()) {
      if (publication.expiredAt(nowMs)) {
        withoutOld = withoutOld.withoutPublication(publication.entityTag());
      }
    }
    withoutOld = withoutOld.withBindings(withoutOld.bindings().stream().filter(b -> !b.expiredAt(nowMs)).toList());
    Effects change = changed(current, withoutOld, null, nowMs);
    out.addAll(change.notifies());
    return new Effects(change.state(), null, out, change.presenceChanged(), change.document());
  }

  /** RFC 6665 §4.2.2: 481 ends the subscription; timeouts end it after a configurable number in a row. */
  Effects outcome(ResourceState state, NotifyOutcome outcome, long nowMs) {
    Optional<Subscription> subscription = state.subscription(outcome.getSubscriptionId());
    if (subscription.isEmpty()) {
      return Effects.none(state);
    }
    int status = outcome.getStatusCode();
    if (status >= 200 && status < 300) {
      return Effects.none(state.withSubscription(subscription.get().notifySucceeded()));
    }
    if (status == 481) {
      return gaveUp(state, subscription.get(), nowMs);
    }
    if (status == 408 || outcome.getTimedOut()) {
      Subscription failed = subscription.get().notifyFailed();
      return failed.failedNotifies() >= settings.maxFailedNotifies()
          ? gaveUp(state, failed, nowMs) : Effects.none(state.withSubscription(failed));
    }
    return Effects.none(state);
  }

  private Effects gaveUp(ResourceState state, Subscription subscription, long nowMs) {
    List<NotifyCommand> out = new ArrayList<>();
    ResourceState next = ended(state.withoutSubscription(subscription.id()), subscription,
        Cause.NOTIFY_FAILED, nowMs, out);
    return new Effects(next, null, out, false);
  }

  /** Tells the winfo subscribers that a presence watcher ended; a winfo subscription ending tells nobody. */
  private ResourceState ended(ResourceState state, Subscription subscription, Cause cause, long nowMs,
      List<NotifyCommand> out) {
    if (WatcherInfo.isWinfo(subscription)) {
      return state;
    }
    return watcherInfo.tell(state, List.of(WatcherInfo.Change.ended(subscription, cause)), nowMs, out);
  }

  /** The composed document of the resource (RFC 3903 §4: the ESC composes). */
  byte[] document(ResourceState state) {
    return documents.document(state);
  }

  /** What {@code subscription} may see now: by its package and its authorization. */
  private Notifies.Content content(ResourceState state, Subscription subscription, long nowMs) {
    if (WatcherInfo.isWinfo(subscription)) {
      return watcherInfo.full(state, subscription, nowMs);
    }
    return switch (subscription.handling()) {
      case CONFIRM -> Notifies.Content.NONE;
      // RFC 5025 §3.2.1: polite-block shows a neutral document, the same whatever is published.
      case POLITE_BLOCK -> new Notifies.Content(PIDF, Pidf.closed(subscription.resourceUri()));
      default -> new Notifies.Content(PIDF, documents.document(state));
    };
  }

  /** A winfo subscription numbers its documents (RFC 3858 §4.2); the one just sent took the current number. */
  private static Subscription numbered(Subscription subscription) {
    return WatcherInfo.isWinfo(subscription) ? subscription.nextDocumentVersion() : subscription;
  }

  private static String identityOf(String asserted, String fromUri) {
    String raw = asserted != null ? asserted : fromUri;
    return ResourceKeys.normaliseUri(raw).orElse(raw);
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
