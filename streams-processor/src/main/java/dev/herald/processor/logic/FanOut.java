package dev.herald.processor.logic;

import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.PresenceSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * What a change of a resource's state means for its watchers (RFC 3856 §6.6, RFC 6665 §4.2.2): a
 * NOTIFY to every subscription that hears of changes, when what it sees differs; with publisher
 * exclusion, not to the subscriber that made the change.
 */
final class FanOut {

  private final Notifies notifies;
  private final PresenceSettings settings;
  private final Packages packages;

  FanOut(Packages packages, Notifies notifies, PresenceSettings settings) {
    this.packages = packages;
    this.notifies = notifies;
    this.settings = settings;
  }

  /** The packages it notifies for. */
  Packages packages() {
    return packages;
  }

  /** Notifies every watcher the package lets hear of it when what they see differs from before (RFC 3856 §6.6). */
  Effects changed(ResourceState before, ResourceState after, Decision decision, long nowMs) {
    return changedIn(packages.of(after), before, after, decision, null, nowMs);
  }

  /** {@code sender}: where the PUBLISH that made the change came from, or null. */
  <V> Effects changedIn(EventPackage<V> pkg, ResourceState before, ResourceState after, Decision decision,
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

  /** Sends every subscription that hears of changes the full state, whether or not it changed. */
  <V> Effects notifyAll(EventPackage<V> pkg, ResourceState state, Decision decision, long nowMs) {
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
}
