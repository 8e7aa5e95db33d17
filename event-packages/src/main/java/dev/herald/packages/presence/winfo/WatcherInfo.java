package dev.herald.packages.presence.winfo;

import dev.herald.avro.NotifyCommand;
import dev.herald.packages.presence.winfo.WatcherEntry.Status;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.util.List;
import java.util.Optional;

/**
 * The {@code presence.winfo} view of a presentity's watcher list (RFC 3857): the presentity's own
 * winfo subscriptions live on its presence resource, so every change of a watcher is told to them
 * in the same step that made it.
 */
public final class WatcherInfo {

  public static final String EVENT = "presence.winfo";
  public static final String CONTENT_TYPE = "application/watcherinfo+xml";

  /**
   * One watcher that moved from {@code from} (null: it had no subscription) to {@code to}, and
   * why, which decides the winfo event (RFC 3857 §5).
   */
  public record Change(Subscription watcher, Status from, Status to, ChangeCause cause) {
    public static Change started(Subscription watcher) {
      return new Change(watcher, null, WinfoDocuments.statusOf(watcher), ChangeCause.NEW_SUBSCRIPTION);
    }

    public static Change ended(Subscription watcher, ChangeCause cause) {
      return new Change(watcher, WinfoDocuments.statusOf(watcher), Status.TERMINATED, cause);
    }
  }

  private final Notifies notifies;
  private final boolean partialState;

  public WatcherInfo(Notifies notifies, boolean partialState) {
    this.notifies = notifies;
    this.partialState = partialState;
  }

  public static boolean isWinfo(Subscription subscription) {
    return EVENT.equals(subscription.event());
  }

  /** The full document for {@code subscriber}, numbered with its next version. */
  public Content full(ResourceState state, Subscription subscriber, long nowMs) {
    List<WatcherEntry> watchers = state.subscriptions().stream()
        .filter(s -> !isWinfo(s)).map(s -> WinfoDocuments.current(s, nowMs)).toList();
    return new Content(CONTENT_TYPE,
        WinfoDocuments.full(subscriber.resourceUri(), subscriber.documentVersion(), watchers));
  }

  /**
   * Tells every winfo subscriber of the resource about {@code changes}: a partial document with the
   * changed watchers (RFC 3858 §4.4), or a full one when partial state is off.
   */
  public ResourceState tell(ResourceState state, List<Change> changes, long nowMs, List<NotifyCommand> out) {
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
      Content content = partialState
          ? new Content(CONTENT_TYPE,
              WinfoDocuments.partial(next.resourceUri(), next.documentVersion(), changed))
          : full(state, next, nowMs);
      out.add(notifies.notify(state, next, Notifies.live(next, nowMs), content, nowMs));
      return next.nextDocumentVersion();
    });
  }
}
