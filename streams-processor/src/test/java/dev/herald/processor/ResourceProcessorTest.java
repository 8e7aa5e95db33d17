package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.packages.spi.Notifies;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor alone, where the test driver's single-partition topics would hide reply routing. */
class ResourceProcessorTest {

  private MockProcessorContext<String, SpecificRecord> context;
  private ResourceProcessor processor;
  private ProcessorConfig config;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private StateGauges gauges;

  @BeforeEach
  void init() {
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(1_795_000_000_000L);
    config = ProcessorConfig.defaults(Path.of("unused"));
    MockStores.addTo(context, config);
    gauges = StateGauges.register(metrics, ResourceTopology.packageNames(config));
    processor = new ResourceProcessor(config, new Notifies(config.presence().contactUri()),
        ResourceTopology.packages(config), gauges);
    processor.init(context);
  }

  private List<Decision> replies() {
    return context.forwarded().stream()
        .filter(f -> f.childName().orElseThrow().equals(ResourceTopology.REPLIES_SINK))
        .map(f -> (Decision) f.record().value())
        .toList();
  }

  @Test
  void aRetransmissionThroughAnotherEdgeIsAnsweredOnThatEdgesPartition() {
    RequestEvent viaEdge3 = ResourceTopologyTest.publish("r1", 3);
    RequestEvent viaEdge7 = RequestEvent.newBuilder(viaEdge3).setReplyPartition(7).build();

    processor.process(new Record<>(viaEdge3.getResource(), viaEdge3, 0L));
    processor.process(new Record<>(viaEdge7.getResource(), viaEdge7, 0L));

    assertThat(replies()).extracting(Decision::getReplyPartition).containsExactly(3, 7);
    assertThat(replies()).extracting(Decision::getDecidedAtMs).as("one decision, sent twice").containsOnly(
        replies().get(0).getDecidedAtMs());
    assertThat(replies()).extracting(Decision::getRequestId).containsOnly("r1");
  }

  @Test
  void decisionsAreKeyedByRequestIdSoTheEdgeCanMatchThem() {
    RequestEvent event = ResourceTopologyTest.publish("r9", 2);

    processor.process(new Record<>(event.getResource(), event, 0L));

    assertThat(context.forwarded()).filteredOn(f -> f.childName().orElseThrow().equals(ResourceTopology.REPLIES_SINK))
        .singleElement().satisfies(f -> assertThat(f.record().key()).isEqualTo("r9"));
  }

  private static RequestEvent subscribe(String requestId, String callId, long now, int expires) {
    return RequestEvent.newBuilder().setRequestId(requestId).setResource("presence|sip:bob@example.com")
        .setEdgeId("edge-1").setReplyPartition(0).setReceivedAtMs(now)
        .setPayload(Subscribe.newBuilder().setEvent("presence").setCallId(callId).setFromUri("sip:alice@example.com")
            .setFromTag("a1").setToUri("sip:bob@example.com").setToTag(null).setCseq(1)
            .setContact("sip:alice@192.0.2.20:5062").setExpires(expires).setTransport("udp")
            .setSourceHost("192.0.2.20").setSourcePort(5062).build())
        .build();
  }

  private static double gauge(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void theGaugesFollowSubscriptionsAndPublicationsAndARestartedTaskCountsItsStoresAgain() {
    long now = context.currentSystemTimeMs();
    processor.process(new Record<>("presence|sip:bob@example.com", subscribe("s1", "c1", now, 600), now));
    processor.process(new Record<>("presence|sip:bob@example.com", subscribe("s2", "c2", now, 600), now));
    RequestEvent publish = ResourceTopologyTest.publish("p1", 0);
    processor.process(new Record<>(publish.getResource(), publish, now));

    assertThat(gauge(metrics, StateGauges.SUBSCRIPTIONS, "package", "presence", "state", "active")).isEqualTo(2);
    assertThat(gauge(metrics, StateGauges.SUBSCRIPTIONS, "package", "presence", "state", "pending")).isZero();
    assertThat(gauge(metrics, StateGauges.PUBLICATIONS, "package", "presence")).isEqualTo(1);
    assertThat(gauge(metrics, StateGauges.BINDINGS)).isZero();

    RequestEvent unsubscribe = subscribe("s3", "c1", now, 0);
    ((Subscribe) unsubscribe.getPayload()).setToTag(replies().get(0).getToTag());
    ((Subscribe) unsubscribe.getPayload()).setCseq(2);
    processor.process(new Record<>("presence|sip:bob@example.com", unsubscribe, now));
    assertThat(gauge(metrics, StateGauges.SUBSCRIPTIONS, "package", "presence", "state", "active")).isEqualTo(1);

    // The task leaves this process and comes back (a restart): counted once from its stores, not twice.
    processor.close();
    assertThat(gauge(metrics, StateGauges.SUBSCRIPTIONS, "package", "presence", "state", "active")).isZero();
    SimpleMeterRegistry afterRestart = new SimpleMeterRegistry();
    ResourceProcessor restarted = new ResourceProcessor(config, new Notifies(config.presence().contactUri()),
        ResourceTopology.packages(config), StateGauges.register(afterRestart, ResourceTopology.packageNames(config)));
    restarted.init(context);
    restarted.init(context);

    assertThat(gauge(afterRestart, StateGauges.SUBSCRIPTIONS, "package", "presence", "state", "active")).isEqualTo(1);
    assertThat(gauge(afterRestart, StateGauges.SUBSCRIPTIONS, "package", "other", "state", "active")).isZero();
    assertThat(gauge(afterRestart, StateGauges.PUBLICATIONS, "package", "presence")).isEqualTo(1);
  }

  @Test
  void aProcessorStartedOnStoresItDidNotFillExpiresWhatTheyHoldOnTime() {
    long now = context.currentSystemTimeMs();
    String resource = "presence|sip:bob@example.com";
    RequestEvent subscribe = subscribe("s1", "c1", now, 60);
    processor.process(new Record<>(resource, subscribe, now));
    assertThat(replies()).singleElement().satisfies(ok -> assertThat(ok.getStatusCode()).isEqualTo(200));

    // The task starts again (a restart, a rebalance): a new processor on the same stores, its index empty.
    ResourceProcessor restarted = new ResourceProcessor(config, new Notifies(config.presence().contactUri()),
        ResourceTopology.packages(config), StateGauges.NONE);
    restarted.init(context);
    context.resetForwards();
    long due = now + 61_000;
    context.setCurrentSystemTimeMs(due);
    context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(config.expiryInterval()))
        .reduce((first, second) -> second).orElseThrow().getPunctuator().punctuate(due);

    assertThat(context.forwarded()).map(f -> f.record().value()).filteredOn(NotifyCommand.class::isInstance)
        .map(NotifyCommand.class::cast).singleElement()
        .satisfies(last -> assertThat(last.getSubscriptionState()).isEqualTo("terminated;reason=timeout"));
  }
}
