package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

  private static final Duration NEVER = Duration.ofMinutes(10);
  private static final AdmissionLimits ROOMY = AdmissionLimits.defaults();

  /** A request the edge gave up on, and why. */
  private record GivenUp(Request request, String why) {}

  private SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final AnsweredRequests answered = new AnsweredRequests(Duration.ofSeconds(32), 100);
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final List<GivenUp> givenUp = new CopyOnWriteArrayList<>();
  private PendingRequests pending = pendingRequests(NEVER, ROOMY);

  private PendingRequests pendingRequests(Duration decisionTimeout, AdmissionLimits limits) {
    return new PendingRequests(decisionTimeout, limits, answered, metrics, nanos::get,
        (request, why) -> givenUp.add(new GivenUp(request, why)));
  }

  /** Waiting requests of this decision timeout and these limits instead, with meters of their own. */
  private void use(Duration decisionTimeout, AdmissionLimits limits) {
    pending.stopDeadlines();
    metrics = new SimpleMeterRegistry();
    pending = pendingRequests(decisionTimeout, limits);
  }

  /** A SUBSCRIBE of transaction {@code branch}, admitted to wait for its decision. */
  private Request admitted(String branch) {
    Request request = SipRequests.subscribe(branch);
    assertThat(pending.admit(idOf(request), request)).isEqualTo(PendingRequests.Admission.ADMITTED);
    return request;
  }

  @AfterEach
  void stop() {
    pending.stopDeadlines();
  }

  private static String idOf(Request request) {
    return RequestIds.of(request);
  }

  private double waiting() {
    return metrics.get("herald_edge_pending_requests").gauge().value();
  }

  @Test
  void aRequestNeitherWaitingNorAnsweredIsToBeLookedAt() {
    assertThat(pending.seen(idOf(SipRequests.subscribe("z9hG4bK-new"))))
        .isInstanceOf(PendingRequests.Seen.Unknown.class);
  }

  @Test
  void aRetransmissionOfAWaitingRequestIsAbsorbed() {
    admitted("z9hG4bK-waiting");

    assertThat(pending.seen(idOf(SipRequests.subscribe("z9hG4bK-waiting"))))
        .isInstanceOf(PendingRequests.Seen.Waiting.class);
    assertThat(waiting()).isEqualTo(1);
  }

  @Test
  void aRetransmissionOfAnAnsweredRequestGetsTheSameResponseObjectAgain() {
    Request request = admitted("z9hG4bK-answered");
    pending.decided(idOf(request));
    Response sent = SipRequests.response(request, 202);
    answered.remember(idOf(request), sent);

    PendingRequests.Seen seen = pending.seen(idOf(SipRequests.subscribe("z9hG4bK-answered")));

    assertThat(seen).isInstanceOf(PendingRequests.Seen.Answered.class);
    assertThat(((PendingRequests.Seen.Answered) seen).response()).isSameAs(sent);
  }

  @Test
  void aDecisionInTimeHandsBackTheWaitingRequestAndItsDeadlineNeverFires() {
    use(Duration.ofMillis(100), ROOMY);
    Request request = admitted("z9hG4bK-in-time");

    PendingRequests.Decided decided = pending.decided(idOf(request));

    assertThat(decided).isInstanceOf(PendingRequests.Decided.Waited.class);
    assertThat(((PendingRequests.Decided.Waited) decided).request()).isSameAs(request);
    assertThat(waiting()).isZero();
    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(givenUp::isEmpty);
  }

  @Test
  void noDecisionInTimeGivesTheRequestUpAndCountsIt() {
    use(Duration.ofMillis(50), ROOMY);
    Request request = admitted("z9hG4bK-too-late");

    await().atMost(Duration.ofSeconds(5)).until(() -> !givenUp.isEmpty());

    assertThat(givenUp).containsExactly(new GivenUp(request, "no decision in time"));
    assertThat(pending.seen(idOf(request))).as("a retransmission may try again")
        .isInstanceOf(PendingRequests.Seen.Unknown.class);
    assertThat(metrics.get("herald_edge_unavailable_total").counter().count()).isEqualTo(1);
  }

  @Test
  void aDecisionRecordsHowLongTheRequestWaited() {
    Request request = admitted("z9hG4bK-latency");
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(7));

    pending.decided(idOf(request));

    assertThat(metrics.get("herald_edge_decision_latency").timer().count()).isEqualTo(1);
    assertThat(metrics.get("herald_edge_decision_latency").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
  }

  @Test
  void aDecisionOnARequestTheEdgeGaveUpOnOrNeverSawIsLate() {
    Request request = admitted("z9hG4bK-gave-up");
    pending.giveUp(idOf(request), "request log unavailable: broker gone");

    assertThat(pending.decided(idOf(request))).isInstanceOf(PendingRequests.Decided.Late.class);
    assertThat(pending.decided(idOf(SipRequests.subscribe("z9hG4bK-before-restart"))))
        .isInstanceOf(PendingRequests.Decided.Late.class);
    assertThat(givenUp).containsExactly(new GivenUp(request, "request log unavailable: broker gone"));
  }

  @Test
  void aSecondDecisionOnAnAnsweredRequestIsRepeated() {
    Request request = admitted("z9hG4bK-twice");
    pending.decided(idOf(request));
    answered.remember(idOf(request), SipRequests.response(request, 202));

    assertThat(pending.decided(idOf(request))).isInstanceOf(PendingRequests.Decided.Repeated.class);
    assertThat(metrics.get("herald_edge_decision_latency").timer().count()).isEqualTo(1);
  }

  @Test
  void givingUpOnADecidedRequestAnswersNothing() {
    Request request = admitted("z9hG4bK-decided");
    pending.decided(idOf(request));

    pending.giveUp(idOf(request), "request log unavailable: late error");

    assertThat(givenUp).isEmpty();
    assertThat(metrics.get("herald_edge_unavailable_total").counter().count()).isZero();
  }

  @Test
  void overTheAdmissionLimitARequestIsShedAndNotKept() {
    use(NEVER, new AdmissionLimits(1, 1, Duration.ofMillis(250), Duration.ofSeconds(1)));
    admitted("z9hG4bK-first");
    Request second = SipRequests.subscribe("z9hG4bK-second");

    assertThat(pending.admit(idOf(second), second)).isEqualTo(PendingRequests.Admission.SHED);

    assertThat(pending.seen(idOf(second))).isInstanceOf(PendingRequests.Seen.Unknown.class);
    assertThat(metrics.get("herald_edge_shed_total").counter().count()).isEqualTo(1);
    assertThat(waiting()).isEqualTo(1);
  }

  @Test
  void aCopyAdmittedAfterTheFirstIsAbsorbed() {
    Request request = admitted("z9hG4bK-raced");

    assertThat(pending.admit(idOf(request), SipRequests.subscribe("z9hG4bK-raced")))
        .isEqualTo(PendingRequests.Admission.ALREADY_WAITING);

    assertThat(waiting()).isEqualTo(1);
    assertThat(((PendingRequests.Decided.Waited) pending.decided(idOf(request))).request()).isSameAs(request);
  }

  @Test
  void stoppingGivesUpOnEveryWaitingRequest() {
    Request one = admitted("z9hG4bK-one");
    Request two = admitted("z9hG4bK-two");

    pending.stopDeadlines();
    pending.giveUpAll("edge stopping");

    assertThat(givenUp).containsExactlyInAnyOrder(new GivenUp(one, "edge stopping"), new GivenUp(two, "edge stopping"));
    assertThat(waiting()).isZero();
  }
}
