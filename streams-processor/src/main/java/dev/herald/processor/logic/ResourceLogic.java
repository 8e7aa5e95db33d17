package dev.herald.processor.logic;

import dev.herald.avro.AdminCommand;
import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.SubHandling;
import dev.herald.avro.Subscribe;
import dev.herald.packages.spi.AdminOutcome;
import dev.herald.packages.spi.AdminRequest;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.PresenceSettings;
import dev.herald.processor.RegistrarSettings;
import dev.herald.processor.ResourceLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every event package shares, over one resource's state: SUBSCRIBE dialogs ({@link
 * Subscriptions}), publications ({@link Publications}), registrations (RFC 3261 §10.3), the NOTIFYs
 * a change causes ({@link FanOut}), rule changes, operator commands, expiry ({@link Expirations})
 * and NOTIFY outcomes ({@link Outcomes}). The resource's package decides what it accepts and what
 * each subscription sees. Pure: time and rules come in, effects go out.
 */
public final class ResourceLogic {

  private final Packages packages;
  private final Notifies notifies;
  private final Registrar registrar;
  private final FanOut fanOut;
  private final Subscriptions subscriptions;
  private final Publications publications;
  private final Expirations expirations;
  private final Outcomes outcomes;

  public ResourceLogic(PresenceSettings settings, RegistrarSettings registrarSettings, ResourceLimits limits,
      Notifies notifies, List<EventPackage<?>> packages) {
    this.packages = new Packages(packages);
    this.notifies = notifies;
    this.registrar = new Registrar(registrarSettings);
    this.fanOut = new FanOut(this.packages, notifies, settings);
    this.subscriptions = new Subscriptions(this.packages, notifies, settings, limits);
    this.publications = new Publications(this.packages, fanOut, limits);
    this.expirations = new Expirations(this.packages, notifies, fanOut);
    this.outcomes = new Outcomes(this.packages, settings);
  }

  /** The package of {@code resource}, if Herald has it. */
  public Optional<EventPackage<?>> packageOf(String resource) {
    return packages.of(resource);
  }

  public Effects subscribe(ResourceState state, PresenceRules rules, RequestEvent event, Subscribe subscribe,
      long nowMs) {
    return subscriptions.subscribe(state, rules, event, subscribe, nowMs);
  }

  public Effects publish(ResourceState state, RequestEvent event, Publish publish, long nowMs) {
    return publications.publish(state, event, publish, nowMs);
  }

  /**
   * A REGISTER, or a binding change of an external registrar (RFC 3261 §10.3): the new bindings,
   * a 200 listing them, and NOTIFYs when the presence derived from them changed.
   */
  public Effects register(ResourceState state, RequestEvent event, Registration registration, long nowMs) {
    Registrar.Outcome outcome = registrar.apply(state.bindings(), registration, nowMs);
    if (outcome instanceof Registrar.Outcome.Refused refused) {
      return Decisions.answer(state, event, refused.status(), refused.reason(), refused.headers(), null, nowMs);
    }
    ResourceState after = state.withBindings(((Registrar.Outcome.Updated) outcome).bindings());
    Decision decision = Decisions.of(event, 200, "OK", Registrar.contactHeaders(after.bindings(), nowMs), null, nowMs);
    return fanOut.changed(state, after, decision, nowMs);
  }

  /** An operator's command on the resource, as its package takes it. */
  public Effects admin(ResourceState state, RequestEvent event, AdminCommand command, long nowMs) {
    EventPackage<?> pkg = packages.of(state);
    AdminOutcome outcome = pkg.admin(state, new AdminRequest(command.getCommand(), command.getArgs(),
        event.getRequestId(), command.getOperator(), nowMs));
    if (outcome instanceof AdminOutcome.Changed changed) {
      return fanOut.notifyAll(pkg, changed.state(), Decisions.of(event, 200, "OK", List.of(), null, nowMs), nowMs);
    }
    if (outcome instanceof AdminOutcome.Refused refused) {
      return Decisions.answer(state, event, refused.refusal().status(), refused.refusal().reason(), List.of(), null,
          nowMs);
    }
    return Decisions.answer(state, event, 400, "Unknown Command for This Resource", List.of(), null, nowMs);
  }

  /**
   * The presentity's rules changed (or were removed): the package judges every subscription again
   * at once. One now blocked ends with reason rejected (RFC 6665 §4.2.2); one whose handling changed
   * gets a NOTIFY with what it may now see.
   */
  public Effects rulesChanged(ResourceState state, PresenceRules rules, long nowMs) {
    EventPackage<?> pkg = packages.of(state);
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
      out.add(notifies.notify(current, rehandled, Notifies.live(rehandled, nowMs),
          packages.content(current, rehandled, nowMs), nowMs));
      current = pkg.rehandled(current.withSubscription(rehandled.nextDocumentVersion()), subscription, rehandled, nowMs,
          out);
    }
    return new Effects(current, null, out, false);
  }

  /** Removes what has expired at {@code nowMs}; see {@link Expirations}. */
  public Effects expire(ResourceState state, long nowMs) {
    return expirations.expire(state, nowMs);
  }

  /** Every expiry due at or before {@code horizonMs}, oldest first, each applied at its own due time. */
  public List<Effects.Expiry> expiriesUpTo(ResourceState state, long horizonMs) {
    return expirations.expiriesUpTo(state, horizonMs);
  }

  public Effects outcome(ResourceState state, NotifyOutcome outcome, long nowMs) {
    return outcomes.outcome(state, outcome, nowMs);
  }

  /** The composed document of the resource, as herald.presence-state carries it. */
  public byte[] document(ResourceState state) {
    return packages.document(state);
  }
}
