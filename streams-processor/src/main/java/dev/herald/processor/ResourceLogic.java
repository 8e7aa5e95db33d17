package dev.herald.processor;

import dev.herald.avro.AdminCommand;
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
import dev.herald.common.Buffers;
import dev.herald.common.Hashes;
import dev.herald.packages.spi.AdminOutcome;
import dev.herald.packages.spi.AdminRequest;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EntityTags;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.spi.Refusals;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.state.StateCodec;
import dev.herald.schemas.ResourceKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What every event package shares, over one resource's state: SUBSCRIBE dialogs (RFC 6665),
 * publications (RFC 3903), registrations (RFC 3261 §10.3), the NOTIFYs they cause, rule changes,
 * expiry and NOTIFY outcomes. The resource's package decides what it accepts and what each
 * subscription sees. Pure: time and rules come in, effects go out.
 */
final class ResourceLogic {

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

  private final PresenceSettings settings;
  private final ResourceLimits limits;
  private final Registrar registrar;
  private final Notifies notifies;
  private final Map<String, EventPackage<?>> packages;

  ResourceLogic(PresenceSettings settings, RegistrarSettings registrarSettings, ResourceLimits limits,
      Notifies notifies, List<EventPackage<?>> packages) {
    this.settings = settings;
    this.limits = limits;
    this.registrar = new Registrar(registrarSettings);
    this.notifies = notifies;
    this.packages = packages.stream().collect(Collectors.toUnmodifiableMap(EventPackage::name, p -> p));
  }

  /** The package of {@code resource}, if Herald has it. */
  Optional<EventPackage<?>> packageOf(String resource) {
    return Optional.ofNullable(packages.get(ResourceKeys.packageOf(resource)));
  }

  private EventPackage<?> packageOf(ResourceState state) {
    return packageOf(state.resource()).orElseThrow(() -> new IllegalStateException("no package for " + state.resource()));
  }

  Effects subscribe(ResourceState state, PresenceRules rules, RequestEvent event, Subscribe subscribe, long nowMs) {
    if (!packageOf(state).events().contains(subscribe.getEvent())) {
      // RFC 6665 §4.2.1.1: the package does not serve this event on this resource.
      return answer(state, event, 489, "Bad Event", List.of(), null, nowMs);
    }
    Integer requested = subscribe.getExpires();
    Expiries.Bounds bounds = packageOf(state).subscribeBounds(subscribe.getEvent());
    if (requested != null && requested > 0 && requested < bounds.min()) {
      // RFC 6665 §4.2.1.1
      return answer(state, event, 423, "Interval Too Brief",
          List.of(new Header("Min-Expires", Integer.toString(bounds.min()))), null, nowMs);
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
      return unsubscribe(state, event,
          existing.get().refreshed(subscribe.getCseq(), nowMs, subscribe.getContact(), flowOf(subscribe)), nowMs);
    }
    int granted = grant(bounds, requested, event.getRequestId());
    Subscription refreshed = existing.get().refreshed(subscribe.getCseq(), nowMs + granted * 1000L,
        subscribe.getContact(), flowOf(subscribe));
    return acceptAndNotify(state, event, refreshed, granted, false, nowMs);
  }

  private Effects newSubscription(ResourceState state, PresenceRules rules, RequestEvent event, Subscribe subscribe,
      Integer requested, long nowMs) {
    String identity = identityOf(subscribe.getAssertedIdentity(), subscribe.getFromUri());
    String localTag = Hashes.sha256Hex(event.getRequestId()).substring(0, 16);
    Subscription subscription = Subscription.builder()
        .id(Subscription.dialogId(subscribe.getCallId(), subscribe.getFromTag(), localTag))
        .event(subscribe.getEvent()).eventId(subscribe.getEventId()).callId(subscribe.getCallId())
        .watcherUri(subscribe.getFromUri()).watcherTag(subscribe.getFromTag())
        .resourceUri(subscribe.getToUri()).localTag(localTag).remoteCseq(subscribe.getCseq())
        .remoteTarget(subscribe.getContact()).routeSet(subscribe.getRouteSet())
        .accept(subscribe.getAccept()).expiresAtMs(nowMs).flow(flowOf(subscribe))
        .watcherIdentity(identity).createdAtMs(nowMs).build();
    int granted = requested != null && requested == 0 ? 0
        : grant(packageOf(state).subscribeBounds(subscribe.getEvent()), requested, event.getRequestId());
    if (granted > 0 && state.subscriptions().stream().filter(s -> !s.expiredAt(nowMs)).count() >= limits.maxWatchers()) {
      // Herald's own cap: every watcher is notified of every change of the resource.
      return answer(state, event, 403, "Too Many Watchers of This Resource", List.of(), null, nowMs);
    }
    Subscription live = subscription.refreshed(subscribe.getCseq(), nowMs + granted * 1000L, subscribe.getContact(),
        subscription.flow());
    EventPackage.Admission admission = packageOf(state).admit(state, rules,
        new EventPackage.Candidate(live, identity, subscribe.getExtraHeaders()), nowMs);
    if (admission instanceof EventPackage.Admission.Refused refused) {
      return answer(state, event, refused.refusal().status(), refused.refusal().reason(), List.of(), null, nowMs);
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
        content(withIt, notified, nowMs), nowMs);
    ResourceState next = state.withSubscription(notified.nextDocumentVersion());
    if (isNew) {
      next = packageOf(state).started(next, notified, nowMs, out);
    }
    Decision decision = decision(event, 200, "OK", List.of(
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
    NotifyCommand own = notifies.notify(state, notified, "terminated;reason=timeout", content(state, notified, nowMs),
        nowMs);
    ResourceState next = ended(state.withoutSubscription(subscription.id()), subscription,
        ChangeCause.UNSUBSCRIBED, nowMs, out);
    Decision decision = decision(event, 200, "OK", List.of(new Header("Expires", "0"),
        new Header("Contact", "<" + notifies.contactFor(subscription.flow()) + ">")), subscription.localTag(),
        nowMs);
    decision.setNotifies(List.of(own));
    return new Effects(next, decision, out, false);
  }

  Effects publish(ResourceState state, RequestEvent event, Publish publish, long nowMs) {
    Integer requested = publish.getExpires();
    Expiries.Bounds bounds = packageOf(state).expiries().publish();
    if (requested != null && requested > 0 && requested < bounds.min()) {
      // RFC 3903 §6 step 3
      return answer(state, event, 423, "Interval Too Brief",
          List.of(new Header("Min-Expires", Integer.toString(bounds.min()))), null, nowMs);
    }
    EventPackage<?> pkg = packageOf(state);
    byte[] body = publish.getBody() == null ? null : Buffers.copy(publish.getBody());
    if (body != null && !pkg.contentTypes().contains(publish.getContentType())) {
      return answer(state, event, 415, "Unsupported Media Type",
          List.of(new Header("Accept", String.join(", ", pkg.contentTypes()))), null, nowMs);
    }
    EventPackage.PublishCheck check = pkg.check(state, publish);
    if (check instanceof EventPackage.PublishCheck.Refused refused) {
      return answer(state, event, refused.refusal().status(), refused.refusal().reason(), List.of(), null, nowMs);
    }
    byte[] change = null;
    if (check instanceof EventPackage.PublishCheck.Merged merged) {
      body = merged.body();
      change = merged.change();
    }
    int granted = requested == null ? bounds.defaultSeconds() : Math.min(requested, bounds.max());
    String ifMatch = publish.getIfMatch();
    if (ifMatch == null) {
      if (body == null && pkg.publishNeedsBody() || granted == 0) {
        return answer(state, event, Refusals.INITIAL_PUBLISH_NEEDS_BODY.status(),
            Refusals.INITIAL_PUBLISH_NEEDS_BODY.reason(), List.of(), null, nowMs);
      }
      if (state.publications().stream().filter(p -> !p.expiredAt(nowMs)).count() >= limits.maxPublications()) {
        // Herald's own cap: every publication is composed again on each change of the presentity.
        return answer(state, event, 403, "Too Many Publications for This Resource", List.of(), null, nowMs);
      }
      ResourceState tagged = state.nextEntityTag();
      String tag = EntityTags.of(tagged, event.getRequestId());
      Publication created = new Publication(tag, nowMs + granted * 1000L, contentTypeOf(pkg, publish),
          body == null ? new byte[0] : body, nowMs, identityOf(publish.getAssertedIdentity(), publish.getFromUri()),
          publish.getExtraHeaders(), change);
      return published(state, tagged.withPublication(created), event, tag, granted, publish.getSender(), nowMs);
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
    String tag = EntityTags.of(tagged, event.getRequestId());
    // RFC 3903 §4.2: a refresh has no body; a package whose state travels in headers is modified by them.
    boolean modifies = body != null || !pkg.publishNeedsBody() && !publish.getExtraHeaders().isEmpty();
    Publication next = modifies
        ? existing.get().modified(tag, nowMs + granted * 1000L, body == null ? new byte[0] : body,
            publish.getExtraHeaders(), change, nowMs)
        : existing.get().refreshed(tag, nowMs + granted * 1000L);
    return published(state, tagged.replacingPublication(ifMatch, next), event, tag, granted, publish.getSender(),
        nowMs);
  }

  private Effects published(ResourceState before, ResourceState after, RequestEvent event, String tag, int granted,
      String sender, long nowMs) {
    Decision decision = decision(event, 200, "OK", List.of(
        new Header("SIP-ETag", tag), new Header("Expires", Integer.toString(granted))), null, nowMs);
    return changedIn(packageOf(after), before, after, decision, sender, nowMs);
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

  /** Notifies every watcher the package lets hear of it when what they see differs from before (RFC 3856 §6.6). */
  private Effects changed(ResourceState before, ResourceState after, Decision decision, long nowMs) {
    return changedIn(packageOf(after), before, after, decision, null, nowMs);
  }

  /** {@code sender}: where the PUBLISH that made the change came from, or null. */
  private <V> Effects changedIn(EventPackage<V> pkg, ResourceState before, ResourceState after, Decision decision,
      String sender, long nowMs) {
    boolean inputsChanged = !before.publications().equals(after.publications()) || !before.bindings().equals(after.bindings());
    if (pkg.sameInputs(before, after)) {
      // A refresh: nothing watchers see can differ, but a publication or binding has a new tag or expiry.
      return new Effects(after, decision, List.of(), inputsChanged);
    }
    V view = pkg.view(after);
    byte[] document = pkg.document(view);
    if (pkg.same(pkg.view(before), view)) {
      return new Effects(after, decision, List.of(), inputsChanged, document);
    }
    List<NotifyCommand> out = new ArrayList<>();
    ResourceState notified = after.mapSubscriptions(subscription -> {
      if (!pkg.notifiedOnChange(subscription) || settings.excludePublisher() && comesFrom(subscription, sender)) {
        return subscription;
      }
      Subscription next = subscription.notified();
      out.add(notifies.notify(after, next, Notifies.live(next, nowMs), pkg.changeContent(after, view, next, nowMs),
          nowMs));
      return next.nextDocumentVersion();
    });
    return new Effects(notified, decision, out, true, document);
  }

  /** An operator's command on the resource, as its package takes it. */
  Effects admin(ResourceState state, RequestEvent event, AdminCommand command, long nowMs) {
    EventPackage<?> pkg = packageOf(state);
    AdminOutcome outcome = pkg.admin(state, new AdminRequest(command.getCommand(), command.getArgs(),
        event.getRequestId(), command.getOperator(), nowMs));
    if (outcome instanceof AdminOutcome.Changed changed) {
      return notifyAll(pkg, changed.state(), decision(event, 200, "OK", List.of(), null, nowMs), nowMs);
    }
    if (outcome instanceof AdminOutcome.Refused refused) {
      return answer(state, event, refused.refusal().status(), refused.refusal().reason(), List.of(), null, nowMs);
    }
    return answer(state, event, 400, "Unknown Command for This Resource", List.of(), null, nowMs);
  }

  /** Sends every subscription that hears of changes the full state, whether or not it changed. */
  private <V> Effects notifyAll(EventPackage<V> pkg, ResourceState state, Decision decision, long nowMs) {
    V view = pkg.view(state);
    List<NotifyCommand> out = new ArrayList<>();
    ResourceState notified = state.mapSubscriptions(subscription -> {
      if (!pkg.notifiedOnChange(subscription)) {
        return subscription;
      }
      Subscription next = subscription.notified();
      out.add(notifies.notify(state, next, Notifies.live(next, nowMs), pkg.content(state, view, next, nowMs), nowMs));
      return next.nextDocumentVersion();
    });
    return new Effects(notified, decision, out, true, pkg.document(view));
  }

  /**
   * The presentity's rules changed (or were removed): the package judges every subscription again
   * at once. One now blocked ends with reason rejected (RFC 6665 §4.2.2); one whose handling changed
   * gets a NOTIFY with what it may now see.
   */
  Effects rulesChanged(ResourceState state, PresenceRules rules, long nowMs) {
    EventPackage<?> pkg = packageOf(state);
    List<NotifyCommand> out = new ArrayList<>();
    ResourceState current = state;
    for (Subscription subscription : state.subscriptions()) {
      if (subscription.expiredAt(nowMs)) {
        continue;
      }
      SubHandling handling = pkg.rejudge(current, rules, subscription);
      if (handling == subscription.handling()) {
        continue;
      }
      if (handling == SubHandling.BLOCK) {
        Subscription notified = subscription.notified();
        out.add(notifies.notify(current, notified, "terminated;reason=rejected", Content.NONE, nowMs));
        current = pkg.ended(current.withoutSubscription(subscription.id()), subscription, ChangeCause.REJECTED_BY_RULE,
            nowMs, out);
        continue;
      }
      Subscription rehandled = subscription.handled(handling).notified();
      out.add(notifies.notify(current, rehandled, Notifies.live(rehandled, nowMs), content(current, rehandled, nowMs),
          nowMs));
      current = pkg.rehandled(current.withSubscription(rehandled.nextDocumentVersion()), subscription, rehandled, nowMs,
          out);
    }
    return new Effects(current, null, out, false);
  }

  /** Removes what has expired: publications and bindings (watchers are told) and subscriptions (ended with reason timeout). */
  Effects expire(ResourceState state, long nowMs) {
    EventPackage<?> pkg = packageOf(state);
    List<NotifyCommand> out = new ArrayList<>();
    ResourceState current = state;
    for (Subscription subscription : state.subscriptions()) {
      if (subscription.expiredAt(nowMs)) {
        // RFC 6665 §4.2.2: the notifier ends an expired subscription with a final NOTIFY.
        Subscription notified = subscription.notified();
        out.add(notifies.notify(current, notified, "terminated;reason=timeout", content(current, notified, nowMs), nowMs));
        current = pkg.ended(current.withoutSubscription(subscription.id()), subscription, ChangeCause.EXPIRED, nowMs, out);
      }
    }
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

  /** One expiry of a resource: what expired at {@code atMs}, and what that did. */
  record Expiry(long atMs, Effects effects) {}

  /**
   * Every expiry of {@code state} due at or before {@code horizonMs}, oldest first, each applied at
   * its own due time. So the result does not depend on when expiry runs (a punctuator now, a later
   * record, a replay next year): only on which due times the horizon has passed.
   */
  List<Expiry> expiriesUpTo(ResourceState state, long horizonMs) {
    List<Expiry> expiries = new ArrayList<>();
    ResourceState current = state;
    for (var due = current.nextExpiryMs(); due.isPresent() && due.getAsLong() <= horizonMs;
        due = current.nextExpiryMs()) {
      Effects effects = expire(current, due.getAsLong());
      expiries.add(new Expiry(due.getAsLong(), effects));
      current = effects.state();
    }
    return expiries;
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
        ChangeCause.NOTIFY_FAILED, nowMs, out);
    return new Effects(next, null, out, false);
  }

  private ResourceState ended(ResourceState state, Subscription subscription, ChangeCause cause, long nowMs,
      List<NotifyCommand> out) {
    return packageOf(state).ended(state, subscription, cause, nowMs, out);
  }

  /** The composed document of the resource, as herald.presence-state carries it. */
  byte[] document(ResourceState state) {
    return documentIn(packageOf(state), state);
  }

  private static <V> byte[] documentIn(EventPackage<V> pkg, ResourceState state) {
    return pkg.document(pkg.view(state));
  }

  /** What {@code subscription} may see now. */
  private Content content(ResourceState state, Subscription subscription, long nowMs) {
    return contentIn(packageOf(state), state, subscription, nowMs);
  }

  private static <V> Content contentIn(EventPackage<V> pkg, ResourceState state, Subscription subscription,
      long nowMs) {
    return pkg.content(state, pkg.view(state), subscription, nowMs);
  }

  private static String contentTypeOf(EventPackage<?> pkg, Publish publish) {
    return publish.getContentType() != null ? publish.getContentType() : pkg.contentTypes().get(0);
  }

  /** Whether the subscription's dialog runs to {@code sender} (host:port): its flow or its remote target. */
  private static boolean comesFrom(Subscription subscription, String sender) {
    if (sender == null) {
      return false;
    }
    String target = subscription.remoteTarget();
    int at = target.indexOf('@');
    String hostPort = (at >= 0 ? target.substring(at + 1) : target.substring(target.indexOf(':') + 1)).split("[;?>]", 2)[0];
    return sender.equalsIgnoreCase(subscription.flow().remote().host() + ":" + subscription.flow().remote().port())
        || sender.equalsIgnoreCase(hostPort);
  }

  /** The flow a SUBSCRIBE came on; an edge older than flows gave only its transport and source. */
  private static Flow flowOf(Subscribe subscribe) {
    return subscribe.getFlow() != null ? StateCodec.fromAvro(subscribe.getFlow())
        : Flow.legacy(subscribe.getTransport(), subscribe.getSourceHost(), subscribe.getSourcePort());
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
  private int grant(Expiries.Bounds bounds, Integer requested, String requestId) {
    int bounded = requested == null ? bounds.defaultSeconds() : Math.min(requested, bounds.max());
    int maxReduction = bounded * settings.expiryReductionPercent() / 100;
    if (maxReduction == 0) {
      return bounded;
    }
    int reduction = Math.floorMod(Hashes.sha256Hex(requestId).hashCode(), maxReduction + 1);
    return Math.max(bounds.min(), bounded - reduction);
  }
}
