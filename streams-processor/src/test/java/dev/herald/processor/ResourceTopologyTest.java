package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.Publish;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.processor.rls.ListServer;
import dev.herald.testkit.TopologyHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceTopologyTest {

  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir
  Path stateDir;

  private TopologyHarness harness;
  private TopologyTestDriver driver;
  private TestInputTopic<String, RequestEvent> requests;
  private TestInputTopic<String, RequestEvent> outcomes;
  private TopologyHarness.Wire<Decision> replies;

  @BeforeEach
  void start() {
    ProcessorConfig config = ProcessorConfig.defaults(stateDir);
    harness = ResourceHarness.of(config, stateDir);
    driver = harness.driver;
    requests = harness.requests;
    outcomes = harness.outcomes;
    replies = harness.replies;
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  static RequestEvent publish(String requestId, int replyPartition) {
    return RequestEvent.newBuilder()
        .setRequestId(requestId)
        .setResource("presence|sip:bob@example.com")
        .setEdgeId("edge-1")
        .setReplyPartition(replyPartition)
        .setReceivedAtMs(START.toEpochMilli())
        .setPayload(Publish.newBuilder().setEvent("presence").setCallId("c").setFromUri("sip:bob@example.com")
            .setContentType("application/pidf+xml")
            .setBody(ByteBuffer.wrap(("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:bob@example.com\">"
                + "<tuple id=\"t\"><status><basic>open</basic></status></tuple></presence>")
                .getBytes(StandardCharsets.UTF_8))).build())
        .build();
  }

  @Test
  void aRegistrationIsDecidedOnItsAorsPresenceResource() {
    RequestEvent register = RequestEvent.newBuilder(publish("r1", 0))
        .setPayload(Registration.newBuilder().setAor("sip:bob@example.com").setCallId("c").setCseq(1).build())
        .build();
    requests.pipeInput("presence|sip:bob@example.com", register);

    Decision decision = replies.readValue();
    assertThat(decision.getRequestId()).isEqualTo("r1");
    assertThat(decision.getStatusCode()).as("a REGISTER without Contact asks for the bindings").isEqualTo(200);
    assertThat(decision.getReplyPartition()).isZero();
    assertThat(replies.isEmpty()).isTrue();
  }

  @Test
  void aRepeatedRequestIdGetsTheSameDecisionAndIsStoredOnce() {
    requests.pipeInput("presence|sip:bob@example.com", publish("r1", 0), START);
    Decision first = replies.readValue();
    driver.advanceWallClockTime(Duration.ofSeconds(5));

    requests.pipeInput("presence|sip:bob@example.com", publish("r1", 0), START.plusSeconds(5));
    Decision second = replies.readValue();

    assertThat(second).isEqualTo(first);
    assertThat(storedDecisions("r1")).isEqualTo(1);
  }

  @Test
  void aRetransmissionWithinTheRetentionFindsTheDecisionAndOneAfterItIsDecidedAnew() {
    requests.pipeInput("presence|sip:bob@example.com", publish("r1", 0), START);
    Decision first = replies.readValue();

    // Another request moves stream time on by 30 s: r1 is still remembered.
    requests.pipeInput("presence|sip:bob@example.com", publish("r2", 0), START.plusSeconds(30));
    replies.readValue();
    requests.pipeInput("presence|sip:bob@example.com", publish("r1", 0), START.plusSeconds(30));
    assertThat(replies.readValue()).isEqualTo(first);

    // Stream time well past the 64 s retention: the segment holding r1 is gone.
    requests.pipeInput("presence|sip:bob@example.com", publish("r3", 0), START.plusSeconds(200));
    replies.readValue();
    assertThat(storedDecisions("r1")).isZero();
    driver.advanceWallClockTime(Duration.ofSeconds(200));
    requests.pipeInput("presence|sip:bob@example.com", publish("r1", 0), START.plusSeconds(200));
    assertThat(replies.readValue().getDecidedAtMs()).as("decided again, later")
        .isEqualTo(first.getDecidedAtMs() + Duration.ofSeconds(200).toMillis());
    assertThat(storedDecisions("r1")).isEqualTo(1);
  }

  @Test
  void aRebuildTopologyHasTheSameSourcesProcessorAndStoresButNoSinks() {
    TopologyDescription rebuild = ResourceTopology.build(ProcessorConfig.defaults(stateDir)
        .withOutputs(ProcessorConfig.Outputs.NONE)).describe();
    TopologyDescription live = ResourceTopology.build(ProcessorConfig.defaults(stateDir)).describe();

    assertThat(nodes(live)).contains(ResourceTopology.REPLIES_SINK, ResourceTopology.NOTIFICATIONS_SINK,
        ResourceTopology.PRESENCE_STATE_SINK, ResourceTopology.REQUESTS_SINK, ResourceTopology.REGISTRAR_EVENTS_SOURCE);
    assertThat(nodes(rebuild)).containsExactlyInAnyOrder(ResourceTopology.REQUESTS_SOURCE,
        ResourceTopology.OUTCOMES_SOURCE, ResourceTopology.RULES_SOURCE, ResourceTopology.RESOURCE_PROCESSOR);
    TopologyDescription.Processor processor = rebuild.subtopologies().iterator().next().nodes().stream()
        .filter(TopologyDescription.Processor.class::isInstance).map(TopologyDescription.Processor.class::cast)
        .findFirst().orElseThrow();
    assertThat(processor.stores()).containsExactlyInAnyOrder(ResourceTopology.RESOURCES_STORE,
        ResourceTopology.SUBSCRIPTIONS_STORE, ResourceTopology.RULES_STORE, ResourceTopology.DECISIONS_STORE,
        ListServer.TREES_STORE, ListServer.MEMBERS_STORE);
  }

  private static java.util.List<String> nodes(TopologyDescription description) {
    return description.subtopologies().stream().flatMap(s -> s.nodes().stream())
        .map(TopologyDescription.Node::name).toList();
  }

  private long storedDecisions(String requestId) {
    WindowStore<String, Decision> decisions = driver.getWindowStore(ResourceTopology.DECISIONS_STORE);
    try (WindowStoreIterator<Decision> found = decisions.fetch(requestId, 0L, Long.MAX_VALUE)) {
      long count = 0;
      while (found.hasNext()) {
        found.next();
        count++;
      }
      return count;
    }
  }

  @Test
  void notifyOutcomesAndEventsWithoutAnEdgeGetNoReply() {
    RequestEvent outcome = RequestEvent.newBuilder(publish("n1", -1))
        .setPayload(NotifyOutcome.newBuilder().setSubscriptionId("s1").setCseq(2).setStatusCode(200).build())
        .build();
    outcomes.pipeInput("presence|sip:bob@example.com", outcome);
    requests.pipeInput("presence|sip:bob@example.com", publish("r-no-edge", -1));

    assertThat(replies.isEmpty()).isTrue();
  }

  @Test
  void replyPartitionerRoutesToTheEdgesPartitionAndDropsOutOfRange() {
    var partitioner = ResourceTopology.replyPartitioner();
    Decision toFive = Decision.newBuilder().setRequestId("r").setReplyPartition(5).setStatusCode(200).setDecidedAtMs(0).build();
    Decision toNowhere = Decision.newBuilder(toFive).setReplyPartition(99).build();

    assertThat(partitioner.partitions("herald.replies", "r", toFive, 16)).contains(java.util.Set.of(5));
    assertThat(partitioner.partitions("herald.replies", "r", toNowhere, 16)).contains(java.util.Set.of());
  }
}
