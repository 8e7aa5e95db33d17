package dev.herald.registrant;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's one scheduling thread and the timers it runs, one delay queue for all accounts: when
 * each owned account's next REGISTER cycle starts, paced by the {@link Pacer}, and when its REGISTER
 * in flight has waited long enough for a final response.
 *
 * <p>Thread confinement: every owned account's state (its {@link OwnedAccount}, {@link AccountCycle}
 * and {@link Timers}) and the {@link Pacer} are read and written on this thread only, which is why
 * none of them takes a lock. The poll loop, the SIP stack and the Kafka producer hand their events to
 * it through {@link #submit} or {@link #runAndWait}.
 */
final class CycleTimers implements AutoCloseable {

  // The role's logger: operators filter the registrant's lines by its name.
  private static final Logger log = LoggerFactory.getLogger(RegistrantRole.class);

  /** One account's timers: its next cycle and its REGISTER's transaction timer. */
  static final class Timers {
    private ScheduledFuture<?> cycle;
    private ScheduledFuture<?> transaction;

    void cancel() {
      cancelCycle();
      cancelTransaction();
    }

    void cancelCycle() {
      if (cycle != null) {
        cycle.cancel(false);
        cycle = null;
      }
    }

    void cancelTransaction() {
      if (transaction != null) {
        transaction.cancel(false);
        transaction = null;
      }
    }
  }

  private final String workerId;
  private final Clock clock;
  private final Pacer pacer;
  private final long transactionTimeoutMs;
  private final ScheduledThreadPoolExecutor scheduler;
  private volatile boolean closed;

  CycleTimers(RegistrantConfig config, Clock clock, Pacer pacer) {
    this.workerId = config.workerId();
    this.clock = clock;
    this.pacer = pacer;
    this.transactionTimeoutMs = config.transactionTimeout().toMillis();
    this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "registrant-" + workerId + "-timer");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /**
   * Plans an account's next cycle at {@code atMs}, in place of one planned before; when due, it waits
   * for its turn under the rate cap, then runs {@code start} if {@code current} still holds.
   */
  void scheduleCycle(Timers timers, long atMs, BooleanSupplier current, Runnable start) {
    timers.cancelCycle();
    timers.cycle = scheduler.schedule(() -> due(timers, current, start), Math.max(0, atMs - clock.millis()),
        TimeUnit.MILLISECONDS);
  }

  private void due(Timers timers, BooleanSupplier current, Runnable start) {
    if (!current.getAsBoolean()) {
      return;
    }
    long now = clock.millis();
    long slot = pacer.reserve(now);
    if (slot > now) {
      timers.cycle = scheduler.schedule(() -> {
        if (current.getAsBoolean()) {
          timers.cycle = null;
          start.run();
        }
      }, slot - now, TimeUnit.MILLISECONDS);
    } else {
      timers.cycle = null;
      start.run();
    }
  }

  /** Starts the transaction timer of the REGISTER just sent: {@code onTimeout} runs unless it is cancelled first. */
  void startTransactionTimer(Timers timers, Runnable onTimeout) {
    timers.transaction = scheduler.schedule(onTimeout, transactionTimeoutMs, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on the scheduling thread; its failure is logged, and once closed it is dropped. */
  void submit(Runnable task) {
    if (closed) {
      return;
    }
    try {
      scheduler.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("registrant {}: event failed", workerId, e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("registrant {}: event after shutdown dropped", workerId);
    }
  }

  /**
   * Runs {@code task} on the scheduling thread and waits for it up to {@code wait}. Its failure, or the
   * timeout, is returned for the caller to report, as the caller goes on either way; once closed,
   * nothing runs and nothing is returned.
   */
  Optional<Exception> runAndWait(Runnable task, Duration wait) {
    if (scheduler.isShutdown()) {
      return Optional.empty();
    }
    try {
      scheduler.submit(task).get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.of(e);
    } catch (RejectedExecutionException e) {
      log.debug("registrant {}: hand-over after shutdown skipped", workerId);
      return Optional.empty();
    }
  }

  boolean closed() {
    return closed;
  }

  /** Stops the thread: planned cycles and timers are dropped, and a task under way gets 2 s to end. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    scheduler.shutdownNow();
    scheduler.awaitTermination(2, TimeUnit.SECONDS);
  }
}
