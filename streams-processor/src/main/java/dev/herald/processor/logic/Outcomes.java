package dev.herald.processor.logic;

import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.PresenceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a NOTIFY's outcome does to its subscription (RFC 6665 §4.2.2). */
final class Outcomes {

  private final Packages packages;
  private final PresenceSettings settings;

  Outcomes(Packages packages, PresenceSettings settings) {
    this.packages = packages;
    this.settings = settings;
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
    ResourceState next = packages.ended(state.withoutSubscription(subscription.id()), subscription,
        ChangeCause.NOTIFY_FAILED, nowMs, out);
    return new Effects(next, null, out, false);
  }
}
