package dev.herald.processor;

import dev.herald.avro.NotifyCommand;
import dev.herald.processor.state.ResourceState;
import dev.herald.processor.state.Subscription;
import dev.herald.processor.winfo.WatcherEntry;
import dev.herald.processor.winfo.WatcherEntry.Status;
import dev.herald.processor.winfo.WatcherTransitions.Cause;
import java.util.List;
import java.util.Optional;

/**
 * The {@code presence.winfo} view of a presentity's watcher list (RFC 3857): the presentity's own
 * winfo subscriptions live on its presence resource, so every change of a watcher is told to them
 * in the same step that made it.
 */
final class WatcherInfo {

  static final String EVENT = "presence.winfo";
  static final String CONTENT_TYPE = "application/watcherinfo+xml";

  /**
   * One watcher that moved from {@code from} (null: it had no subscription) to {@code to}, and
   * why, which decides the winfo event (RFC 3857 §5).
   */
  record Change(Subscription watcher, Status from, Status to, Cause cause) {
    static Change started(Subscription watcher) {
      return new Change(watcher, null, WinfoDocuments.statusOf(watcher), Cause.NEW_SUBSCRIPTION);
    }

    static Change ended(Subscription watcher, Cause cause) {
      return new Change(watcher, WinfoDocuments.statusOf(watcher), Status.TERMINATED, cause);
    }
  }

  private final Notifies notifies;
  private final boolean partialState;

  WatcherInfo(Notifies notifies, boolean partialState) {
    this.notifies = notifies;
    this.partialState = partialState;
  }

  static boolean isWinfo(Subscription subscription) {
    return EVENT.equals(subscription.event());
  }

  /** The full document for {@code subscriber}, numbered with its next version. */
  Notifies.Content full(ResourceState state, Subscription subscriber, long nowMs) {
    List<WatcherEntry> watchers = state.subscriptions().stream()
        .filter(s -> !isWinfo(s)).map(s -> WinfoDocuments.current(s, nowMs)).toList();
    return new Notifies.Content(CONTENT_TYPE,
        WinfoDocuments.full(subscriber.resourceUri(), subscriber.documentVersion(), watchers));
  }

  /**
   * Tells every winfo subscriber of the resource about {@code changes}: a partial document with the
   * changed watchers (RFC 3858 §4.4), or a full one when partial state is off.
   */
  ResourceState tell(ResourceState state, List<Change> changes, long nowMs, List<NotifyCommand> out) {
    if (changes.isEmpty() || state.subscriptions().stream().noneMatch(WatcherInfo::isWinfo)) {
      return state;
    }
    List<WatcherEntry> changed = changes.stream()
        .map(c -> WinfoDocuments.changed(c.watcher(), c.from(), c.to(), c.cause(), nowMs))
        .flatMap(Optional::stream).toList();
    if (changed.isEmpty()) {
      return state;
    }
    return state.mapSubscriptions(subscription -> {
      if (!isWinfo(subscription) || subscription.pending()) {
        return subscription;
      }
      Subscription next = subscription.notified();
      Notifies.Content content = partialState
          ? new Notifies.Content(CONTENT_TYPE,
              WinfoDocuments.partial(next.resourceUri(), next.documentVersion(), changed))
          : full(state, next, nowMs);
      out.add(notifies.notify(state, next, Notifies.live(next, nowMs), content, nowMs));
      return next.nextDocumentVersion();
    });
  }
}
