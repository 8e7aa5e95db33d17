package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.testkit.KafkaFixture;
import dev.herald.testkit.SipTestAgent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An edge whose admission is full refuses new UDP requests at its socket, and still takes retransmissions. */
class EarlySheddingIT {

  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static KafkaFixture kafka;
  private static SipEdge edge;
  private static SipTestAgent alice;
  private static StandInProcessor processor;
  private static final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private static final AtomicBoolean release = new AtomicBoolean();

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaFixture.shared();
    // One request may wait for a decision at once: the second is past saturation.
    EdgeConfig config = EdgeConfig.defaults("127.0.0.1", 0).withEdge("edge-shedding", 11, Duration.ofSeconds(30), 9)
        .toBuilder().admission(new AdmissionLimits(1, 1, Duration.ofMillis(250), Duration.ofSeconds(1))).build();
    edge = EdgeFixture.start(kafka, config, metrics);
    alice = SipTestAgent.udp("alice");
    processor = new StandInProcessor(kafka, "shedding-processor");
    processor.decideWith(event -> {
      await().atMost(ANSWER).untilTrue(release);
      return Decision.newBuilder().setRequestId(event.getRequestId()).setReplyPartition(event.getReplyPartition())
          .setStatusCode(202).setReason("Accepted").setToTag("decided").setHeaders(List.of(new Header("Expires", "600")))
          .setDecidedAtMs(0).build();
    });
  }

  @AfterAll
  static void stop() throws Exception {
    release.set(true);
    processor.close();
    alice.close();
    edge.close();
  }

  private Request subscribe(String bob, String branch) throws Exception {
    Request request = alice.request(Request.SUBSCRIBE, "sip:alice@example.com", bob, edge.sipPort());
    request.addHeader(alice.headers.createEventHeader("presence"));
    request.addHeader(alice.headers.createExpiresHeader(600));
    request.setHeader(alice.headers.createViaHeader("127.0.0.1", alice.port(), "udp", branch));
    return request;
  }

  private double shedUnparsed() {
    return metrics.counter("herald_edge_shed_unparsed_total").count();
  }

  @Test
  void aNewRequestPastSaturationGets503BeforeTheStackParsesItWhileARetransmissionIsStillTaken() throws Exception {
    String run = Long.toString(System.nanoTime());
    String waitingBranch = "z9hG4bK-waiting-" + run;
    Request waiting = subscribe("sip:bob-waiting@example.com", waitingBranch);
    alice.sendStateless(waiting);
    // The stand-in reads a log other tests wrote to as well: wait for this very request.
    await().atMost(ANSWER).until(() -> seen(waitingBranch) == 1);

    Request excess = subscribe("sip:bob-excess@example.com", "z9hG4bK-excess-" + run);
    alice.sendStateless(excess);
    Response refused = alice.nextStrayResponse(((CallIdHeader) excess.getHeader(CallIdHeader.NAME)).getCallId(), ANSWER);

    assertThat(refused).isNotNull();
    assertThat(refused.getStatusCode()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After").toString()).contains("9");
    assertThat(((ToHeader) refused.getHeader(ToHeader.NAME)).getTag())
        .isEqualTo(RequestIds.tagFor("z9hG4bK-excess-" + run + "|SUBSCRIBE|127.0.0.1:" + alice.port()));
    assertThat(shedUnparsed()).isEqualTo(1.0);
    // The retransmission of the request the edge holds is absorbed, not refused; its decision answers it.
    alice.sendStateless((Request) waiting.clone());
    release.set(true);
    Response decided = alice.nextStrayResponse(((CallIdHeader) waiting.getHeader(CallIdHeader.NAME)).getCallId(),
        ANSWER);
    assertThat(decided.getStatusCode()).isEqualTo(202);
    assertThat(shedUnparsed()).isEqualTo(1.0);
    assertThat(seen(waitingBranch)).isEqualTo(1);
    assertThat(seen("z9hG4bK-excess-" + run)).isZero();
  }

  private static long seen(String branch) {
    return processor.seen.stream().filter(event -> event.getRequestId().startsWith(branch + "|")).count();
  }
}
