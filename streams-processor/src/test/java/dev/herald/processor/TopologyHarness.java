package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.PresenceState;
import dev.herald.avro.RequestEvent;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.state.ResourceStore;
import dev.herald.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The resource topology under TopologyTestDriver, with its inputs and outputs, for package tests.
 * Records are stamped with the harness's clock, which {@link #advance} moves together with the
 * driver's wall clock, as an edge stamps requests with the time it sends them.
 */
final class TopologyHarness implements AutoCloseable {

  static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  final TopologyTestDriver driver;
  final TestInputTopic<String, RequestEvent> requests;
  final TestInputTopic<String, RequestEvent> outcomes;
  final TestInputTopic<String, PresenceRules> rules;
  final TestInputTopic<String, String> registrarEvents;
  final Wire<Decision> replies = new Wire<>(this::pull);
  final Wire<NotifyCommand> notifications = new Wire<>(this::pull);
  final TestOutputTopic<String, NotifyCommand> notifierTopic;
  final TestOutputTopic<String, NotifyCommand> edgeTopic;
  private final TestOutputTopic<String, Decision> repliesTopic;
  final TestOutputTopic<String, PresenceState> presenceStates;
  private int requestCount;

  TopologyHarness(ProcessorConfig config, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(ResourceTopology.build(config), props, START);
    requests = driver.createInputTopic(Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
        Topics.REQUESTS.valueSerde().serializer(), START, Duration.ZERO);
    outcomes = driver.createInputTopic(Topics.NOTIFY_OUTCOMES.name(), Topics.NOTIFY_OUTCOMES.keySerde().serializer(),
        Topics.NOTIFY_OUTCOMES.valueSerde().serializer(), START, Duration.ZERO);
    rules = driver.createInputTopic(Topics.PRESENCE_RULES.name(), Topics.PRESENCE_RULES.keySerde().serializer(),
        Topics.PRESENCE_RULES.valueSerde().serializer(), START, Duration.ZERO);
    registrarEvents = driver.createInputTopic(Topics.REGISTRAR_EVENTS.name(),
        Topics.REGISTRAR_EVENTS.keySerde().serializer(), Topics.REGISTRAR_EVENTS.valueSerde().serializer(), START,
        Duration.ZERO);
    repliesTopic = driver.createOutputTopic(Topics.REPLIES.name(), Topics.REPLIES.keySerde().deserializer(),
        Topics.REPLIES.valueSerde().deserializer());
    notifierTopic = driver.createOutputTopic(Topics.NOTIFICATIONS.name(),
        Topics.NOTIFICATIONS.keySerde().deserializer(), Topics.NOTIFICATIONS.valueSerde().deserializer());
    edgeTopic = driver.createOutputTopic(Topics.EDGE_NOTIFICATIONS.name(),
        Topics.EDGE_NOTIFICATIONS.keySerde().deserializer(), Topics.EDGE_NOTIFICATIONS.valueSerde().deserializer());
    presenceStates = driver.createOutputTopic(Topics.PRESENCE_STATE.name(),
        Topics.PRESENCE_STATE.keySerde().deserializer(), Topics.PRESENCE_STATE.valueSerde().deserializer());
  }

  /** The resource's state as the driver's stores hold it, or null if they hold nothing of it. */
  static ResourceState stored(TopologyTestDriver driver, String resource) {
    return ResourceStore.read(driver.getKeyValueStore(ResourceTopology.RESOURCES_STORE),
        driver.getKeyValueStore(ResourceTopology.SUBSCRIPTIONS_STORE), resource);
  }

  /** Moves the wall clock and the time the next records are stamped with. */
  void advance(Duration by) {
    driver.advanceWallClockTime(by);
    requests.advanceTime(by);
    outcomes.advanceTime(by);
    rules.advanceTime(by);
    registrarEvents.advanceTime(by);
  }

  /** Pipes one request for {@code resource} that an edge on partition 0 waits for, and reads its decision. */
  Decision send(String resource, Object payload) {
    String requestId = "request-" + ++requestCount;
    requests.pipeInput(resource, RequestEvent.newBuilder().setRequestId(requestId).setResource(resource)
        .setEdgeId("edge-1").setReplyPartition(0).setReceivedAtMs(START.toEpochMilli()).setPayload(payload).build());
    Decision decision = replies.readValue();
    assertThat(decision.getRequestId()).isEqualTo(requestId);
    return decision;
  }

  /** Every NOTIFY command emitted since the last read. */
  List<NotifyCommand> drain() {
    List<NotifyCommand> all = new ArrayList<>();
    while (!notifications.isEmpty()) {
      all.add(notifications.readValue());
    }
    return all;
  }

  /**
   * Moves what the topology wrote into the two views tests read: each decision, and the NOTIFYs as
   * they leave: first those the answering edge sends right after a decision, then those of
   * herald.edge-notifications and herald.notifications.
   */
  private void pull() {
    while (!repliesTopic.isEmpty()) {
      KeyValue<String, Decision> decision = repliesTopic.readKeyValue();
      replies.add(decision);
      decision.value.getNotifies().forEach(n -> notifications.add(KeyValue.pair(n.getSubscriptionId(), n)));
    }
    while (!edgeTopic.isEmpty()) {
      notifications.add(edgeTopic.readKeyValue());
    }
    while (!notifierTopic.isEmpty()) {
      notifications.add(notifierTopic.readKeyValue());
    }
  }

  /** An output as tests read it, with the methods of {@link TestOutputTopic} they use. */
  static final class Wire<V> {
    private final Deque<KeyValue<String, V>> queue = new ArrayDeque<>();
    private final Runnable pull;

    Wire(Runnable pull) {
      this.pull = pull;
    }

    void add(KeyValue<String, V> record) {
      queue.add(record);
    }

    boolean isEmpty() {
      pull.run();
      return queue.isEmpty();
    }

    KeyValue<String, V> readKeyValue() {
      pull.run();
      if (queue.isEmpty()) {
        throw new NoSuchElementException("Empty topic");
      }
      return queue.poll();
    }

    V readValue() {
      return readKeyValue().value;
    }

    List<KeyValue<String, V>> readKeyValuesToList() {
      List<KeyValue<String, V>> all = new ArrayList<>();
      while (!isEmpty()) {
        all.add(queue.poll());
      }
      return all;
    }

    List<V> readValuesToList() {
      return readKeyValuesToList().stream().map(kv -> kv.value).toList();
    }
  }

  static List<String> headers(Decision decision, String name) {
    return decision.getHeaders().stream().filter(h -> h.getName().equalsIgnoreCase(name)).map(Header::getValue).toList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
