package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.PresenceState;
import dev.herald.avro.RequestEvent;
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
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A topology on Herald's topics under TopologyTestDriver, with its inputs and outputs as the
 * topic catalog names them: for the processor's topology tests and anyone testing a topology of
 * their own on the same topics.
 * Records are stamped with the harness's clock, which {@link #advance} moves together with the
 * driver's wall clock, as an edge stamps requests with the time it sends them.
 */
public final class TopologyHarness implements AutoCloseable {

  public static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  public final TopologyTestDriver driver;
  public final TestInputTopic<String, RequestEvent> requests;
  public final TestInputTopic<String, RequestEvent> outcomes;
  public final TestInputTopic<String, PresenceRules> rules;
  public final TestInputTopic<String, String> registrarEvents;
  public final Wire<Decision> replies = new Wire<>(this::pull);
  public final Wire<NotifyCommand> notifications = new Wire<>(this::pull);
  public final TestOutputTopic<String, NotifyCommand> notifierTopic;
  public final TestOutputTopic<String, NotifyCommand> edgeTopic;
  private final TestOutputTopic<String, Decision> repliesTopic;
  public final TestOutputTopic<String, PresenceState> presenceStates;
  private int requestCount;

  /** {@code topology} under the application id {@code applicationId}, its stores under {@code stateDir}. */
  public TopologyHarness(Topology topology, String applicationId, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(topology, props, START);
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


  /** Moves the wall clock and the time the next records are stamped with. */
  public void advance(Duration by) {
    driver.advanceWallClockTime(by);
    requests.advanceTime(by);
    outcomes.advanceTime(by);
    rules.advanceTime(by);
    registrarEvents.advanceTime(by);
  }

  /** Pipes one request for {@code resource} that an edge on partition 0 waits for, and reads its decision. */
  public Decision send(String resource, Object payload) {
    String requestId = "request-" + ++requestCount;
    requests.pipeInput(resource, RequestEvent.newBuilder().setRequestId(requestId).setResource(resource)
        .setEdgeId("edge-1").setReplyPartition(0).setReceivedAtMs(START.toEpochMilli()).setPayload(payload).build());
    Decision decision = replies.readValue();
    assertThat(decision.getRequestId()).isEqualTo(requestId);
    return decision;
  }

  /** Every NOTIFY command emitted since the last read. */
  public List<NotifyCommand> drain() {
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
  public static final class Wire<V> {
    private final Deque<KeyValue<String, V>> queue = new ArrayDeque<>();
    private final Runnable pull;

    Wire(Runnable pull) {
      this.pull = pull;
    }

    void add(KeyValue<String, V> record) {
      queue.add(record);
    }

    public boolean isEmpty() {
      pull.run();
      return queue.isEmpty();
    }

    public KeyValue<String, V> readKeyValue() {
      pull.run();
      if (queue.isEmpty()) {
        throw new NoSuchElementException("Empty topic");
      }
      return queue.poll();
    }

    public V readValue() {
      return readKeyValue().value;
    }

    public List<KeyValue<String, V>> readKeyValuesToList() {
      List<KeyValue<String, V>> all = new ArrayList<>();
      while (!isEmpty()) {
        all.add(queue.poll());
      }
      return all;
    }

    public List<V> readValuesToList() {
      return readKeyValuesToList().stream().map(kv -> kv.value).toList();
    }
  }

  /** The values of header {@code name} in {@code decision}. */
  public static List<String> headers(Decision decision, String name) {
    return decision.getHeaders().stream().filter(h -> h.getName().equalsIgnoreCase(name)).map(Header::getValue).toList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
