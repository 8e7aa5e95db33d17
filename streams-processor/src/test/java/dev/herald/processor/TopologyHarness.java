package dev.herald.processor;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
  final TestOutputTopic<String, Decision> replies;
  final TestOutputTopic<String, NotifyCommand> notifications;
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
    replies = driver.createOutputTopic(Topics.REPLIES.name(), Topics.REPLIES.keySerde().deserializer(),
        Topics.REPLIES.valueSerde().deserializer());
    notifications = driver.createOutputTopic(Topics.NOTIFICATIONS.name(),
        Topics.NOTIFICATIONS.keySerde().deserializer(), Topics.NOTIFICATIONS.valueSerde().deserializer());
    presenceStates = driver.createOutputTopic(Topics.PRESENCE_STATE.name(),
        Topics.PRESENCE_STATE.keySerde().deserializer(), Topics.PRESENCE_STATE.valueSerde().deserializer());
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

  static List<String> headers(Decision decision, String name) {
    return decision.getHeaders().stream().filter(h -> h.getName().equalsIgnoreCase(name)).map(Header::getValue).toList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
