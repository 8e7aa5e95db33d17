package dev.herald.launcher.ui;

import dev.herald.common.Json;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link PresenceView} of one process and the pages watching it. Records are applied and their
 * changes published under one lock, and a page connects under the same lock, so each page gets a
 * snapshot and then exactly the changes after it, in order. Publishing only queues
 * ({@link SseBroadcaster}), so the lock is never held while a page is written to.
 */
final class LiveView implements AutoCloseable {

  static final String SNAPSHOT_EVENT = "snapshot";

  private PresenceView view = new PresenceView();
  private final SseBroadcaster broadcaster;
  private long nextId;
  private volatile Runnable onDemand = () -> { };

  LiveView(SseBroadcaster broadcaster) {
    this.broadcaster = broadcaster;
  }

  /** Runs {@code demand} whenever a page connects or a snapshot is asked for ({@link FeedOnDemand}). */
  void onDemand(Runnable demand) {
    this.onDemand = demand;
  }

  /** Forgets everything the view holds: its feed stopped, and starts again from the beginning when it runs again. */
  synchronized void clear() {
    view = new PresenceView();
  }

  /**
   * Applies one record through {@code change} and publishes what it changed. A change no page watches
   * is not encoded: under load the feed applies thousands a second, and a page that connects later
   * gets it in its snapshot.
   */
  synchronized void apply(Function<PresenceView, Optional<PresenceView.Update>> change) {
    Optional<PresenceView.Update> update = change.apply(view);
    nextId += update.isPresent() ? 1 : 0;
    if (update.isPresent() && broadcaster.clients() > 0) {
      broadcaster.publish(SseFrame.of(update.get().kind(), nextId, Json.write(update.get())));
    }
  }

  PresenceView.Snapshot snapshot() {
    onDemand.run();
    synchronized (this) {
      return view.snapshot();
    }
  }

  /** Streams to {@code sink}: the snapshot first, then every change. */
  SseBroadcaster.Connection connect(SseBroadcaster.Sink sink) {
    onDemand.run();
    synchronized (this) {
      return broadcaster.connect(sink, SseFrame.of(SNAPSHOT_EVENT, nextId, Json.write(view.snapshot())));
    }
  }

  int clients() {
    return broadcaster.clients();
  }

  @Override
  public void close() {
    broadcaster.close();
  }
}
