package dev.herald.processor.logic;

import dev.herald.avro.NotifyCommand;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * Expiry (RFC 6665 §4.2.2, RFC 3903 §4.5): subscriptions end with a final NOTIFY, publications and
 * bindings go and the watchers are told; applied at each due time in turn, so the result depends
 * only on which due times have passed, never on when expiry runs.
 */
final class Expirations {

  private final Packages packages;
  private final Notifies notifies;
  private final FanOut fanOut;

  Expirations(Packages packages, Notifies notifies, FanOut fanOut) {
    this.packages = packages;
    this.notifies = notifies;
    this.fanOut = fanOut;
  }

  /** Removes what has expired: publications and bindings (watchers are told) and subscriptions (ended with reason timeout). */
  Effects expire(ResourceState state, long nowMs) {
    EventPackage<?> pkg = packages.of(state);
    List<NotifyCommand> out = new ArrayList<>();
    ResourceState current = state;
    for (Subscription subscription : state.subscriptions()) {
      if (subscription.expiredAt(nowMs)) {
        // RFC 6665 §4.2.2: the notifier ends an expired subscription with a final NOTIFY.
        Subscription notified = subscription.notified();
        out.add(notifies.notify(current, notified, "terminated;reason=timeout",
            packages.content(current, notified, nowMs), nowMs));
        current = pkg.ended(current.withoutSubscription(subscription.id()), subscription, ChangeCause.EXPIRED,
            nowMs, out);
      }
    }
    ResourceState withoutOld = current;
    for (Publication publication : current.publications()) {
      if (publication.expiredAt(nowMs)) {
        withoutOld = withoutOld.withoutPublication(publication.entityTag());
      }
    }
    withoutOld = withoutOld.withBindings(withoutOld.bindings().stream().filter(b -> !b.expiredAt(nowMs)).toList());
    Effects change = fanOut.changed(current, withoutOld, null, nowMs);
    out.addAll(change.notifies());
    return new Effects(change.state(), null, out, change.presenceChanged(), change.document());
  }

  /**
   * Every expiry of {@code state} due at or before {@code horizonMs}, oldest first, each applied at
   * its own due time. So the result does not depend on when expiry runs (a punctuator now, a later
   * record, a replay next year): only on which due times the horizon has passed.
   */
  List<Effects.Expiry> expiriesUpTo(ResourceState state, long horizonMs) {
    List<Effects.Expiry> expiries = new ArrayList<>();
    ResourceState current = state;
    for (var due = current.nextExpiryMs(); due.isPresent() && due.getAsLong() <= horizonMs;
        due = current.nextExpiryMs()) {
      Effects effects = expire(current, due.getAsLong());
      expiries.add(new Effects.Expiry(due.getAsLong(), effects));
      current = effects.state();
    }
    return expiries;
  }
}
