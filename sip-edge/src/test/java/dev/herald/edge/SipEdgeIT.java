package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.testkit.KafkaFixture;
import dev.herald.testkit.SipTestAgent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edge against a real broker and a real SIP user agent. The test itself stands in for the
 * processor: it reads herald.requests and writes decisions to herald.replies.
 */
class SipEdgeIT {

  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static final int REPLY_PARTITION = 9;
  private static KafkaFixture kafka;
  private static SipEdge edge;
  private static SipTestAgent alice;
  private static StandInProcessor processor;
  private static int tests;

  /** Each test watches its own resource, so late events of another test cannot mix in. */
  private String bob;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaFixture.shared();
    edge = EdgeFixture.start(kafka, "edge-it", REPLY_PARTITION, Duration.ofSeconds(2));
    alice = SipTestAgent.udp("alice");
    processor = new StandInProcessor(kafka, "fake-processor");
  }

  @AfterAll
  static void stop() throws Exception {
    processor.close();
    alice.close();
    edge.close();
  }

  @BeforeEach
  void newResource() {
    tests++;
    bob = "sip:bob-" + tests + "@example.com";
    processor.decideWith(event -> null);
  }

  private List<RequestEvent> seen() {
    return processor.seen.stream().filter(e -> e.getResource().equals("presence|" + bob)).toList();
  }

  private Request subscribe() throws Exception {
    Request request = alice.request(Request.SUBSCRIBE, "sip:alice@example.com", bob, edge.sipPort());
    request.addHeader(alice.headers.createEventHeader("presence"));
    request.addHeader(alice.headers.createExpiresHeader(600));
    return request;
  }

  @Test
  void optionsIsAnsweredByTheEdgeItself() throws Exception {
    Request options = alice.request(Request.OPTIONS, "sip:alice@example.com", "sip:herald@example.com", edge.sipPort());

    Response response = alice.send(options, ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(values(response, "Allow")).contains("SUBSCRIBE", "PUBLISH", "REGISTER", "OPTIONS");
    assertThat(values(response, "Allow-Events")).contains("presence");
    assertThat(values(response, "Accept")).contains("application/pidf+xml");
    assertThat(response.getHeader("Supported")).isNotNull();
    assertThat(seen()).isEmpty();
  }

  @Test
  void aSubscribeIsAnsweredWithTheProcessorsDecision() throws Exception {
    processor.decideWith(event -> Decision.newBuilder()
        .setRequestId(event.getRequestId()).setReplyPartition(event.getReplyPartition())
        .setStatusCode(200).setReason("OK").setToTag("tag-from-processor")
        .setHeaders(List.of(new Header("Expires", "570"))).setDecidedAtMs(0).build());

    Response response = alice.send(subscribe(), ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(((ToHeader) response.getHeader(ToHeader.NAME)).getTag()).isEqualTo("tag-from-processor");
    assertThat(((ExpiresHeader) response.getHeader(ExpiresHeader.NAME)).getExpires()).isEqualTo(570);
    RequestEvent event = seen().get(0);
    assertThat(event.getResource()).isEqualTo("presence|" + bob);
    assertThat(event.getReplyPartition()).isEqualTo(REPLY_PARTITION);
    assertThat(((Subscribe) event.getPayload()).getContact()).isEqualTo(alice.contactUri().toString());
  }

  @Test
  void aRetransmissionWhilePendingIsAbsorbedAndProducesNoSecondEvent() throws Exception {
    AtomicBoolean release = new AtomicBoolean(false);
    processor.decideWith(event -> {
      await().atMost(ANSWER).untilTrue(release);
      return accepted(event);
    });
    Request request = withBranch(subscribe(), "z9hG4bK-pending-" + tests);
    int decidedBefore = processor.decided.get();

    alice.sendStateless(request);
    alice.sendStateless(request);
    await().atMost(ANSWER).until(() -> seen().size() == 1);
    release.set(true);
    await().atMost(ANSWER).until(() -> processor.decided.get() >= decidedBefore + 1);
    Response later = alice.send(withBranch(subscribe(), "z9hG4bK-later-" + tests), ANSWER);

    // Same resource, same partition: a second copy would stand between the two events.
    assertThat(later.getStatusCode()).isEqualTo(202);
    assertThat(seen()).extracting(RequestEvent::getRequestId).containsExactly(
        "z9hG4bK-pending-" + tests + "|SUBSCRIBE|127.0.0.1:" + alice.port(),
        "z9hG4bK-later-" + tests + "|SUBSCRIBE|127.0.0.1:" + alice.port());
  }

  @Test
  void aRetransmissionAfterTheDecisionGetsTheSameAnswerWithoutANewEvent() throws Exception {
    processor.decideWith(event -> Decision.newBuilder(accepted(event))
        .setHeaders(List.of(new dev.herald.avro.Header("Expires", "600"))).build());
    Request request = withBranch(subscribe(), "z9hG4bK-twice-" + tests);
    String callId = ((javax.sip.header.CallIdHeader) request.getHeader("Call-ID")).getCallId();
    alice.sendStateless(request);
    Response first = alice.nextStrayResponse(callId, ANSWER);

    alice.sendStateless((Request) request.clone());
    Response second = alice.nextStrayResponse(callId, ANSWER);
    alice.send(withBranch(subscribe(), "z9hG4bK-third-" + tests), ANSWER);

    assertThat(second.getStatusCode()).isEqualTo(first.getStatusCode()).isEqualTo(202);
    assertThat(((ToHeader) second.getHeader(ToHeader.NAME)).getTag())
        .isEqualTo(((ToHeader) first.getHeader(ToHeader.NAME)).getTag());
    assertThat(second.toString()).as("the same answer, header for header").isEqualTo(first.toString())
        .contains("Expires: 600");
    assertThat(seen()).hasSize(2);
  }

  private static Decision accepted(RequestEvent event) {
    return Decision.newBuilder().setRequestId(event.getRequestId()).setReplyPartition(event.getReplyPartition())
        .setStatusCode(202).setReason("Accepted").setDecidedAtMs(0).build();
  }

  @Test
  void aSubscribeOverTcpTravelsTheSamePath() throws Exception {
    processor.decideWith(SipEdgeIT::accepted);
    try (SipTestAgent tcp = new SipTestAgent("carol", "tcp")) {
      Request request = tcp.request(Request.SUBSCRIBE, "sip:carol@example.com", bob, edge.sipPort());
      request.addHeader(tcp.headers.createEventHeader("presence"));

      Response response = tcp.send(request, ANSWER);

      assertThat(response.getStatusCode()).isEqualTo(202);
      assertThat(((Subscribe) seen().get(0).getPayload()).getTransport()).isEqualTo("tcp");
    }
  }

  @Test
  void aBodyOverTheLimitGets413OverTcpInsteadOfADroppedConnection() throws Exception {
    try (SipTestAgent tcp = new SipTestAgent("carol", "tcp")) {
      Request publish = tcp.request(Request.PUBLISH, bob, bob, edge.sipPort());
      publish.addHeader(tcp.headers.createEventHeader("presence"));
      publish.setContent("x".repeat(EdgeConfig.defaults("127.0.0.1", 0).maxBodyBytes() + 1),
          tcp.headers.createContentTypeHeader("application", "pidf+xml"));

      Response response = tcp.send(publish, ANSWER);

      assertThat(response.getStatusCode()).isEqualTo(413);
      assertThat(seen()).isEmpty();
    }
  }

  @Test
  void aRequiredExtensionGets420WithUnsupported() throws Exception {
    Request request = subscribe();
    request.addHeader(alice.headers.createRequireHeader("nonsenseext"));

    Response response = alice.send(request, ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(420);
    assertThat(values(response, "Unsupported")).contains("nonsenseext");
    assertThat(seen()).isEmpty();
  }

  @Test
  void noDecisionInTimeGets503WithRetryAfter() throws Exception {
    Response response = alice.send(subscribe(), ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After").toString()).contains("7");
    assertThat(seen()).hasSize(1);
  }

  @Test
  void aBadEventIsRefusedAtTheEdgeWithoutTouchingKafka() throws Exception {
    Request request = subscribe();
    request.setHeader(alice.headers.createEventHeader("weather"));

    Response response = alice.send(request, ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(489);
    List<String> allowed = new java.util.ArrayList<>();
    response.getHeaders("Allow-Events").forEachRemaining(h -> allowed.add(((javax.sip.header.AllowEventsHeader) h)
        .getEventType()));
    assertThat(allowed).contains("presence", "dialog", "call-info", "conference");
    assertThat(seen()).isEmpty();
  }

  @Test
  void kafkaUnreachableGets503InsteadOfAHang() throws Exception {
    int deadPort = dev.herald.common.FreePorts.findFreePort();
    EdgeConfig config = EdgeConfig.defaults("127.0.0.1", 0).withEdge("edge-dead", 0, Duration.ofSeconds(2), 3);
    try (SipEdge orphan = new SipEdge(config, Map.of("bootstrap.servers", "127.0.0.1:" + deadPort),
        Clock.systemUTC(), new SimpleMeterRegistry()).start()) {
      Request request = alice.request(Request.SUBSCRIBE, "sip:alice@example.com", bob, orphan.sipPort());
      request.addHeader(alice.headers.createEventHeader("presence"));

      Response response = alice.send(request, ANSWER);

      assertThat(response.getStatusCode()).isEqualTo(503);
      assertThat(response.getHeader("Retry-After")).isNotNull();
      assertThat(orphan.healthCheck().check().healthy()).isFalse();
    }
  }

  private static String values(Response response, String name) {
    StringBuilder all = new StringBuilder();
    response.getHeaders(name).forEachRemaining(all::append);
    return all.toString();
  }

  private Request withBranch(Request request, String branch) throws Exception {
    request.setHeader(alice.headers.createViaHeader("127.0.0.1", alice.port(), "udp", branch));
    return request;
  }
}
