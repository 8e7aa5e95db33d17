package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timers on a real scheduling thread, each set and cancelled on that thread as CycleTimers asks of callers. */
class CycleTimersTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofMillis(40);
  private static final RegistrantConfig CONFIG = RegistrantConfig.defaults("t1", "g")
      .withTransactionTimeout(TRANSACTION_TIMEOUT);

  private final Clock clock = Clock.systemUTC();
  private final CycleTimers timers = new CycleTimers(CONFIG, clock, new Pacer(0, 1000));
  private final AtomicInteger fired = new AtomicInteger();
  private final AtomicInteger timedOut = new AtomicInteger();

  @AfterEach
  void closeTimers() throws InterruptedException {
    timers.close();
  }

  private static void onSchedulingThreadOf(CycleTimers timers, Runnable task) {
    assertThat(timers.runAndWait(task, WAIT)).isEmpty();
  }

  /**
   * Waits until a cycle planned {@code delayMs} from now has started: the one thread runs its timers in
   * the order they are due, so any timer due earlier has fired by then, or never will.
   */
  private void awaitTimersDueWithin(long delayMs) throws InterruptedException {
    CountDownLatch passed = new CountDownLatch(1);
    onSchedulingThreadOf(timers, () ->
        timers.scheduleCycle(new CycleTimers.Timers(), clock.millis() + delayMs, () -> true, passed::countDown));
    assertThat(passed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the later cycle started").isTrue();
  }

  @Test
  void plannedCycleStartsWhenDue() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);

    onSchedulingThreadOf(timers, () ->
        timers.scheduleCycle(new CycleTimers.Timers(), clock.millis() + 20, () -> true, started::countDown));

    assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  /**
   * Plans a cycle 20 ms ahead and starts a transaction timer, runs {@code cancel}, and once both were
   * due returns how many cycles started and how many transactions timed out.
   */
  private List<Integer> firedAfter(Consumer<CycleTimers.Timers> cancel) throws InterruptedException {
    CycleTimers.Timers account = new CycleTimers.Timers();
    onSchedulingThreadOf(timers, () -> {
      timers.scheduleCycle(account, clock.millis() + 20, () -> true, fired::incrementAndGet);
      timers.startTransactionTimer(account, timedOut::incrementAndGet);
      cancel.accept(account);
    });
    awaitTimersDueWithin(TRANSACTION_TIMEOUT.toMillis() + 100);
    return List.of(fired.get(), timedOut.get());
  }

  @Test
  void cancelledCycleAndTransactionTimersNeverFire() throws InterruptedException {
    assertThat(firedAfter(CycleTimers.Timers::cancel)).containsExactly(0, 0);
  }

  @Test
  void cancellingTheTransactionTimerLeavesThePlannedCycle() throws InterruptedException {
    assertThat(firedAfter(CycleTimers.Timers::cancelTransaction)).containsExactly(1, 0);
  }

  @Test
  void cancellingThePlannedCycleLeavesTheTransactionTimer() throws InterruptedException {
    assertThat(firedAfter(CycleTimers.Timers::cancelCycle)).containsExactly(0, 1);
  }

  @Test
  void planningACycleAgainMovesItRatherThanAddingOne() throws InterruptedException {
    CycleTimers.Timers account = new CycleTimers.Timers();
    onSchedulingThreadOf(timers, () -> {
      timers.scheduleCycle(account, clock.millis() + 20, () -> true, fired::incrementAndGet);
      timers.scheduleCycle(account, clock.millis() + 40, () -> true, fired::incrementAndGet);
    });

    awaitTimersDueWithin(150);

    assertThat(fired).hasValue(1);
  }

  @Test
  void cycleOfAnAccountNoLongerOwnedDoesNotStart() throws InterruptedException {
    onSchedulingThreadOf(timers, () ->
        timers.scheduleCycle(new CycleTimers.Timers(), clock.millis(), () -> false, fired::incrementAndGet));

    awaitTimersDueWithin(50);

    assertThat(fired).hasValue(0);
  }

  @Test
  void cyclesDueTogetherStartOnePacerIntervalApart() throws InterruptedException {
    // 20 per second: one every 50 ms. A fixed clock makes both due at the same instant.
    try (CycleTimers paced = new CycleTimers(CONFIG, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC),
        new Pacer(0, 20))) {
      List<Long> startedAtNanos = new CopyOnWriteArrayList<>();
      CountDownLatch both = new CountDownLatch(2);
      Runnable start = () -> {
        startedAtNanos.add(System.nanoTime());
        both.countDown();
      };

      onSchedulingThreadOf(paced, () -> {
        paced.scheduleCycle(new CycleTimers.Timers(), 1_000_000, () -> true, start);
        paced.scheduleCycle(new CycleTimers.Timers(), 1_000_000, () -> true, start);
      });

      assertThat(both.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(startedAtNanos.get(1) - startedAtNanos.get(0))
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  @Test
  void transactionTimerFiresOnceTheTransactionTimeoutHasPassed() throws InterruptedException {
    CountDownLatch timedOut = new CountDownLatch(1);
    long sentAt = System.nanoTime();
    List<Long> firedAt = new CopyOnWriteArrayList<>();

    onSchedulingThreadOf(timers, () -> timers.startTransactionTimer(new CycleTimers.Timers(), () -> {
      firedAt.add(System.nanoTime());
      timedOut.countDown();
    }));

    assertThat(timedOut.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(firedAt.get(0) - sentAt).isGreaterThanOrEqualTo(TRANSACTION_TIMEOUT.toNanos());
  }

  @Test
  void failureOfATaskWaitedForIsReturnedToTheCaller() {
    assertThat(timers.runAndWait(() -> {
      throw new IllegalStateException("broken hand-over");
    }, WAIT)).hasValueSatisfying(failure ->
        assertThat(failure).hasCauseInstanceOf(IllegalStateException.class));
  }

  @Test
  void cyclesPlannedWhenClosedNeverStart() throws InterruptedException {
    onSchedulingThreadOf(timers, () ->
        timers.scheduleCycle(new CycleTimers.Timers(), clock.millis() + 20, () -> true, fired::incrementAndGet));

    timers.close();

    assertThat(timers.closed()).isTrue();
    assertThat(fired).hasValue(0);
    assertThat(timers.runAndWait(fired::incrementAndGet, WAIT)).isEmpty();
    assertThat(fired).hasValue(0);
  }
}
