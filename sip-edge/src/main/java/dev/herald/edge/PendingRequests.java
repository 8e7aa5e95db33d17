package dev.herald.edge;

import dev.herald.common.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The requests waiting for the processor's decision, by request id (RFC 3261 §17.2.3): which are
 * admitted ({@link AdmissionControl}), the deadline of each, after which the edge gives up on it,
 * and what a request id is to the edge when a request or a decision comes in with it: answered
 * (from {@link AnsweredRequests}), still waiting, or unknown.
 *
 * <p>Giving up on a request hands it, with the reason, to the consumer given at construction,
 * which answers it 503 with Retry-After. The meters are of what it decides: requests waiting,
 * how long they waited for a decision, and how many were shed or given up.
 */
final class PendingRequests {

  /** What a request id is to the edge when a request comes in with it. */
  sealed interface Seen {

    /** Answered already: the retransmission gets this very response again. */
    record Answered(Response response) implements Seen {}

    /** Waiting for its decision: the retransmission is absorbed. */
    record Waiting() implements Seen {}

    /** Neither: a request the edge has to look at. */
    record Unknown() implements Seen {}
  }

  /** What a request id is to the edge when the processor's decision on it comes in. */
  sealed interface Decided {

    /** The request was waiting: it gets the decision as its answer. */
    record Waited(Request request) implements Decided {}

    /** Decided after the edge gave up on the request, or after a restart of the edge. */
    record Late() implements Decided {}

    /** The request was answered already: a decision on it came before. */
    record Repeated() implements Decided {}
  }

  /** Whether a request joins the waiting ones. */
  enum Admission {
    ADMITTED,
    /** Too many are waiting already: 503 at once. */
    SHED,
    /** A copy of it got in first: this one is absorbed. */
    ALREADY_WAITING
  }

  private record Pending(Request request, long startedNanos, ScheduledFuture<?> deadline) {}

  private static final Seen WAITING = new Seen.Waiting();
  private static final Seen UNKNOWN = new Seen.Unknown();
  private static final Decided LATE = new Decided.Late();
  private static final Decided REPEATED = new Decided.Repeated();

  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final AnsweredRequests answered;
  private final Duration decisionTimeout;
  private final AdmissionControl admission;
  private final Timer decisionLatency;
  private final Counter shed;
  private final Counter shedUnparsed;
  private final Counter unavailable;
  private final LongSupplier nanoTime;
  private final BiConsumer<Request, String> giveUp;
  private final ScheduledThreadPoolExecutor deadlines;

  /**
   * @param giveUp answers a request the edge gives up on, with why it does
   */
  PendingRequests(Duration decisionTimeout, AdmissionLimits limits, AnsweredRequests answered, MeterRegistry metrics,
      LongSupplier nanoTime, BiConsumer<Request, String> giveUp) {
    this.answered = answered;
    this.decisionTimeout = decisionTimeout;
    this.admission = new AdmissionControl(limits, nanoTime.getAsLong());
    this.nanoTime = nanoTime;
    this.giveUp = giveUp;
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = Executors.defaultThreadFactory().newThread(r);
      t.setName("edge-deadlines");
      t.setDaemon(true);
      return t;
    });
    this.deadlines.setRemoveOnCancelPolicy(true);
    this.decisionLatency = Timer.builder("herald_edge_decision_latency")
        .description("request received to decision answered")
        // Buckets, which Prometheus aggregates across edges; a histogram there carries no quantiles.
        .serviceLevelObjectives(Metrics.LATENCY_BUCKETS).register(metrics);
    metrics.gauge("herald_edge_pending_requests", pending, Map::size);
    this.shed = metrics.counter("herald_edge_shed_total");
    this.shedUnparsed = metrics.counter("herald_edge_shed_unparsed_total");
    this.unavailable = metrics.counter("herald_edge_unavailable_total");
  }

  Seen seen(String requestId) {
    Optional<Response> earlier = answered.earlier(requestId);
    if (earlier.isPresent()) {
      return new Seen.Answered(earlier.get());
    }
    return pending.containsKey(requestId) ? WAITING : UNKNOWN;
  }

  /** Whether admission would shed a new request now, were {@code coming} more requests already waiting. */
  boolean full(int coming) {
    return !admission.admit(pending.size() + coming, nanoTime.getAsLong());
  }

  /** A new request was shed before the SIP stack parsed it ({@link EarlyShedding}); counted among the shed. */
  void shedUnparsed() {
    shed.increment();
    shedUnparsed.increment();
  }

  /** Lets {@code request} wait for its decision until the decision timeout, if admission allows. */
  Admission admit(String requestId, Request request) {
    if (!admission.admit(pending.size(), nanoTime.getAsLong())) {
      shed.increment();
      return Admission.SHED;
    }
    ScheduledFuture<?> deadline = deadlines.schedule(() -> giveUp(requestId, "no decision in time"),
        decisionTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (pending.putIfAbsent(requestId, new Pending(request, nanoTime.getAsLong(), deadline)) != null) {
      deadline.cancel(false);
      return Admission.ALREADY_WAITING;
    }
    return Admission.ADMITTED;
  }

  /** The processor decided on {@code requestId}: it waits no longer. */
  Decided decided(String requestId) {
    Pending waiting = pending.remove(requestId);
    if (waiting == null) {
      return answered.answered(requestId) ? REPEATED : LATE;
    }
    waiting.deadline().cancel(false);
    long now = nanoTime.getAsLong();
    admission.decided(now);
    decisionLatency.record(now - waiting.startedNanos(), TimeUnit.NANOSECONDS);
    return new Decided.Waited(waiting.request());
  }

  /** Gives up on {@code requestId} if it is still waiting. */
  void giveUp(String requestId, String why) {
    Pending waiting = pending.remove(requestId);
    if (waiting == null) {
      return;
    }
    waiting.deadline().cancel(false);
    unavailable.increment();
    giveUp.accept(waiting.request(), why);
  }

  /** Gives up on every request still waiting. */
  void giveUpAll(String why) {
    pending.keySet().forEach(id -> giveUp(id, why));
  }

  /** No deadline fires from now on. */
  void stopDeadlines() {
    deadlines.shutdownNow();
  }
}
