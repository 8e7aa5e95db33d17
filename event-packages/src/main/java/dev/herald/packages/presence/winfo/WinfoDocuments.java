package dev.herald.packages.presence.winfo;

import dev.herald.packages.presence.winfo.WatcherEntry.Status;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.state.Subscription;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Presence subscriptions as the watcher entries of RFC 3858 documents. */
final class WinfoDocuments {

  private static final Logger log = LoggerFactory.getLogger(WinfoDocuments.class);

  private WinfoDocuments() {}

  static Status statusOf(Subscription subscription) {
    return subscription.pending() ? Status.PENDING : Status.ACTIVE;
  }

  /** A watcher as a full document lists it: in its current status, with the event that put it there. */
  static WatcherEntry current(Subscription watcher, long nowMs) {
    return entry(watcher, statusOf(watcher), WinfoEvent.SUBSCRIBE, nowMs);
  }

  /** A watcher that moved from {@code from} (null: it had no subscription) to {@code to}, or nothing if no event names the move. */
  static Optional<WatcherEntry> changed(Subscription watcher, Status from, Status to, ChangeCause cause, long nowMs) {
    Optional<WinfoEvent> event = WatcherTransitions.eventFor(from, to, cause);
    if (event.isEmpty()) {
      log.warn("no watcher info event for {} -> {} by {} of {}", from, to, cause, watcher.id());
      return Optional.empty();
    }
    return Optional.of(entry(watcher, to, event.get(), nowMs));
  }

  static byte[] full(String presentityUri, long version, List<WatcherEntry> watchers) {
    return WatcherInfoDocument.full(presentityUri, version, watchers);
  }

  static byte[] partial(String presentityUri, long version, List<WatcherEntry> changed) {
    return WatcherInfoDocument.partial(presentityUri, version, changed);
  }

  private static WatcherEntry entry(Subscription watcher, Status status, WinfoEvent event, long nowMs) {
    boolean live = status == Status.PENDING || status == Status.ACTIVE;
    return new WatcherEntry(WatcherEntry.idFor(watcher.id()), watcher.watcherIdentity(), null, status, event,
        Math.max(0, (nowMs - watcher.createdAtMs()) / 1000),
        live ? OptionalLong.of(watcher.secondsLeft(nowMs)) : OptionalLong.empty());
  }
}
