package dev.herald.launcher.ui;

import dev.herald.common.Health;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the web view's feed only while someone looks: a page that connects, or a snapshot asked for,
 * starts it (reading the topics from their beginning, so the view fills within seconds); once no page
 * has been connected and no snapshot asked for during {@code idleStop}, it stops and the view is emptied.
 * A view nobody looks at then costs nothing: under load the feed decoded every presence change, and
 * holding every presentity and watcher of a large deployment took hundreds of megabytes of heap.
 */
final class FeedOnDemand implements AutoCloseable {

  /** A feed of the view: started once, closed once. */
  interface Feed extends AutoCloseable {
    Feed start();

    Health health();

    @Override
    void close() throws InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(FeedOnDemand.class);

  private final Supplier<? extends Feed> feeds;
  private final LiveView view;
  private final long idleStopNanos;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService idleCheck;
  private Feed running;
  private long lastDemandNanos;

  FeedOnDemand(Supplier<? extends Feed> feeds, LiveView view, Duration idleStop, LongSupplier nanoTime) {
    this.feeds = feeds;
    this.view = view;
    this.idleStopNanos = idleStop.toNanos();
    this.nanoTime = nanoTime;
    this.idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "web-view-idle");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(1, idleStop.toMillis() / 4);
    idleCheck.scheduleWithFixedDelay(this::stopIfIdle, period, period, TimeUnit.MILLISECONDS);
  }

  /** Someone looks at the view: the feed runs from now on, at least {@code idleStop} longer. */
  synchronized void demand() {
    lastDemandNanos = nanoTime.getAsLong();
    if (running == null) {
      log.info("web view: a page looks; reading the presence topics");
      running = feeds.get().start();
    }
  }

  /** Stops the feed and empties the view when no page is connected and none looked for {@code idleStop}. */
  synchronized void stopIfIdle() {
    if (running == null || view.clients() > 0 || nanoTime.getAsLong() - lastDemandNanos < idleStopNanos) {
      return;
    }
    log.info("web view: no page looked for {} s; the feed stops", TimeUnit.NANOSECONDS.toSeconds(idleStopNanos));
    closeFeed();
    view.clear();
  }

  /** Whether the feed runs now. */
  synchronized boolean running() {
    return running != null;
  }

  /** The running feed's health; idle is healthy. */
  synchronized Health health() {
    return Optional.ofNullable(running).map(Feed::health).orElse(Health.up());
  }

  private void closeFeed() {
    try {
      running.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running = null;
    }
  }

  @Override
  public synchronized void close() {
    idleCheck.shutdownNow();
    if (running != null) {
      closeFeed();
    }
  }
}
