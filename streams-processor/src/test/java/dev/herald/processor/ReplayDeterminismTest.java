package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.state.StateCodec;
import dev.herald.testkit.TopologyHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's state is a function of its input records, not of the wall clock: the records a
 * live processor got, read again hours later (as a rebuild does), give the same stores, also where
 * something expired between two records.
 */
class ReplayDeterminismTest {

  private static final Instant START = TopologyHarness.START;
  private static final String BOB = "sip:bob@example.com";
  private static final String PRESENCE = "presence|" + BOB;
  private static final String DIALOG = "dialog|" + BOB;
  private static final String PIDF = "application/pidf+xml";

  @TempDir
  Path stateDir;

  /** One input record as the log holds it: its topic, its value and its timestamp. */
  private record Input(boolean outcome, RequestEvent event, Instant at) {}

  @Test
  void theSameRecordsGiveTheSameStoresWhenReadHoursLaterOrWithoutOutputs() {
    List<Input> log = new ArrayList<>();
    Map<String, Map<String, String>> live = runLive(log, harness -> { });

    assertThat(replay(ProcessorConfig.Outputs.LIVE, log, Duration.ZERO)).isEqualTo(live);
    assertThat(replay(ProcessorConfig.Outputs.NONE, log, Duration.ofHours(1))).isEqualTo(live);
  }

  @Test
  void anExpiryBetweenTwoRecordsHappensAtItsDueTimeWhateverRunsIt() {
    List<Input> log = new ArrayList<>();
    Map<String, Map<String, String>> live = runLive(log, harness -> {
      ResourceState presence = resource(harness, PRESENCE);
      assertThat(presence.publications()).as("the 60 s publication expired, the other one was removed").isEmpty();
      assertThat(presence.subscriptions()).singleElement()
          .satisfies(alice -> assertThat(alice.failedNotifies()).as("the timed-out NOTIFY counts").isOne());
      assertThat(resource(harness, DIALOG)).as("the dialog subscription expired between two records").isNull();
    });

    Map<String, Map<String, String>> rebuilt = replay(ProcessorConfig.Outputs.NONE, log, Duration.ofDays(1));
    assertThat(rebuilt).isEqualTo(live);
    assertThat(rebuilt.get(ResourceTopology.RESOURCES_STORE)).containsOnlyKeys(PRESENCE);
  }

  /**
   * Pipes {@code log} into a fresh processor whose wall clock is five hours ahead of the records and
   * moves on by {@code wallClockStep} after each, and returns its stores. Without outputs, also checks
   * that it wrote nothing.
   */
  private Map<String, Map<String, String>> replay(ProcessorConfig.Outputs outputs, List<Input> log,
      Duration wallClockStep) {
    try (TopologyHarness harness = ResourceHarness.of(ProcessorConfig.defaults(stateDir).withOutputs(outputs),
        stateDir.resolve("replay-" + outputs))) {
      harness.driver.advanceWallClockTime(Duration.ofHours(5));
      for (Input input : log) {
        pipe(harness, input);
        harness.driver.advanceWallClockTime(wallClockStep);
      }
      if (outputs == ProcessorConfig.Outputs.NONE) {
        assertThat(harness.replies.isEmpty()).as("a rebuild answers nobody").isTrue();
        assertThat(harness.notifications.isEmpty()).as("a rebuild notifies nobody").isTrue();
        assertThat(harness.presenceStates.isEmpty()).isTrue();
      }
      return stores(harness);
    }
  }

  /**
   * An edge whose clock is behind (or a backlog) stamps a refresh before a due time the wall clock has
   * passed already: live, the punctuator expired the publication, so the refresh gets 412 (RFC 3903
   * §6 step 4) and nothing is left half-expired. A replay would still find the publication (the caveat
   * docs/replay.md states).
   */
  @Test
  void aRecordStampedBeforeWhatThePunctuatorExpiredFindsItGone() {
    try (TopologyHarness harness = ResourceHarness.of(ProcessorConfig.defaults(stateDir), stateDir.resolve("live"))) {
      List<Input> log = new ArrayList<>();
      String desk = header(send(harness, log, 0, PRESENCE, "pub-desk", publish(null, 60, "desk").build()), "SIP-ETag");
      harness.driver.advanceWallClockTime(Duration.ofSeconds(65));
      assertThat(resource(harness, PRESENCE)).as("expired by the wall clock at 60 s").isNull();

      harness.requests.pipeInput(PRESENCE, event(PRESENCE, "late-refresh", 0, publish(desk, 60, null)
          .setContentType(null).build()), START.plusSeconds(59));

      assertThat(harness.replies.readValue().getStatusCode()).isEqualTo(412);
      assertThat(resource(harness, PRESENCE)).isNull();
      assertThat(stores(harness).get(ResourceTopology.SUBSCRIPTIONS_STORE)).isEmpty();
    }
  }

  /** An edge clock running an hour fast must not end, live, what is due in the next hour. */
  @Test
  void aRecordStampedAheadOfTheWallClockExpiresNothingEarlyLive() {
    try (TopologyHarness harness = ResourceHarness.of(ProcessorConfig.defaults(stateDir), stateDir.resolve("live"))) {
      List<Input> log = new ArrayList<>();
      send(harness, log, 0, PRESENCE, "pub-desk", publish(null, 60, "desk").build());
      harness.requests.pipeInput(DIALOG, event(DIALOG, "sub-fast-clock", 0,
          subscribe("dialog", "fast-call", 1, null, 600).build()), START.plusSeconds(3600));
      assertThat(harness.replies.readValue().getStatusCode()).isEqualTo(200);

      assertThat(resource(harness, PRESENCE)).as("due at 60 s; the wall clock is at 0 s").isNotNull()
          .satisfies(presence -> assertThat(presence.publications()).hasSize(1));
      harness.driver.advanceWallClockTime(Duration.ofSeconds(60));
      assertThat(resource(harness, PRESENCE)).as("expired when the wall clock reached its due time").isNull();
    }
  }

  /**
   * A watcher subscribes to Bob's presence and another to his dialogs for a minute; Bob publishes
   * twice, one publication for a minute; a NOTIFY times out; two minutes later Bob modifies and then
   * removes his other publication and the watcher refreshes. The wall clock follows the records, so
   * the punctuator expires what falls due between them, as it does live. Every input goes to {@code log};
   * {@code check} looks at the processor before its stores are returned.
   */
  private Map<String, Map<String, String>> runLive(List<Input> log, Consumer<TopologyHarness> check) {
    try (TopologyHarness harness = ResourceHarness.of(ProcessorConfig.defaults(stateDir), stateDir.resolve("live"))) {
      runScenario(harness, log);
      check.accept(harness);
      return stores(harness);
    }
  }

  private static void runScenario(TopologyHarness harness, List<Input> log) {
    Decision subscribed = send(harness, log, 0, PRESENCE, "sub-alice",
        subscribe("presence", "alice-call", 1, null, 3600).build());
    NotifyCommand first = harness.notifications.readValue();
    send(harness, log, 1, PRESENCE, "pub-desk", publish(null, 60, "desk").build());
    String soft = header(send(harness, log, 2, PRESENCE, "pub-soft", publish(null, 3600, "soft").build()), "SIP-ETag");
    send(harness, log, 10, DIALOG, "sub-carol", subscribe("dialog", "carol-call", 1, null, 60).build());
    pipeLive(harness, log, new Input(true, event(PRESENCE, "outcome-1", -1, NotifyOutcome.newBuilder()
        .setSubscriptionId(first.getSubscriptionId()).setCseq(first.getCseq()).setStatusCode(408).setTimedOut(true)
        .build()), START.plusSeconds(20)));
    String modified = header(send(harness, log, 120, PRESENCE, "pub-soft-2",
        publish(soft, 3600, "soft-away").build()), "SIP-ETag");
    send(harness, log, 130, PRESENCE, "sub-alice-2",
        subscribe("presence", "alice-call", 2, subscribed.getToTag(), 600).build());
    Decision removed = send(harness, log, 140, PRESENCE, "pub-soft-3",
        publish(modified, 0, null).setContentType(null).build());
    assertThat(removed.getStatusCode()).isEqualTo(200);
  }

  private static Decision send(TopologyHarness harness, List<Input> log, int atSecond, String resource,
      String requestId, Object payload) {
    pipeLive(harness, log, new Input(false, event(resource, requestId, 0, payload), START.plusSeconds(atSecond)));
    Decision decision = harness.replies.readValue();
    assertThat(decision.getStatusCode()).as(decision.getReason()).isEqualTo(200);
    return decision;
  }

  /** Moves the live wall clock to the record's time (so the punctuator runs first), then pipes it. */
  private static void pipeLive(TopologyHarness harness, List<Input> log, Input input) {
    Duration ahead = Duration.between(START.plus(wallClockOffset(log)), input.at());
    harness.driver.advanceWallClockTime(ahead);
    log.add(input);
    pipe(harness, input);
  }

  private static Duration wallClockOffset(List<Input> log) {
    return log.isEmpty() ? Duration.ZERO : Duration.between(START, log.get(log.size() - 1).at());
  }

  private static void pipe(TopologyHarness harness, Input input) {
    (input.outcome() ? harness.outcomes : harness.requests).pipeInput(input.event().getResource(), input.event(),
        input.at());
  }

  /** Every entry of the processor's key-value stores, by store, in the store's text form. */
  private static Map<String, Map<String, String>> stores(TopologyHarness harness) {
    Map<String, Map<String, String>> stores = new TreeMap<>();
    for (String name : List.of(ResourceTopology.RESOURCES_STORE, ResourceTopology.SUBSCRIPTIONS_STORE,
        ResourceTopology.RULES_STORE)) {
      Map<String, String> entries = new TreeMap<>();
      KeyValueStore<String, Object> store = harness.driver.getKeyValueStore(name);
      try (KeyValueIterator<String, Object> all = store.all()) {
        all.forEachRemaining((KeyValue<String, Object> entry) -> entries.put(entry.key,
            entry.value instanceof ResourceState state ? StateCodec.canonical(state)
            : entry.value instanceof Subscription subscription ? StateCodec.canonical(subscription)
            : String.valueOf(entry.value)));
      }
      stores.put(name, entries);
    }
    return stores;
  }

  private static ResourceState resource(TopologyHarness harness, String key) {
    return ResourceHarness.stored(harness.driver, key);
  }

  private static RequestEvent event(String resource, String requestId, int replyPartition, Object payload) {
    return RequestEvent.newBuilder().setRequestId(requestId).setResource(resource).setEdgeId("edge-1")
        .setReplyPartition(replyPartition).setReceivedAtMs(START.toEpochMilli()).setPayload(payload).build();
  }

  private static Subscribe.Builder subscribe(String event, String callId, long cseq, String toTag, int expires) {
    return Subscribe.newBuilder().setEvent(event).setCallId(callId).setFromUri("sip:" + callId + "@example.com")
        .setFromTag("tag-" + callId).setToUri(BOB).setToTag(toTag).setCseq(cseq)
        .setContact("sip:w@192.0.2.20:5062").setExpires(expires).setTransport("udp").setSourceHost("192.0.2.20")
        .setSourcePort(5062);
  }

  private static Publish.Builder publish(String ifMatch, int expires, String tupleId) {
    Publish.Builder publish = Publish.newBuilder().setEvent("presence").setCallId("pub").setFromUri(BOB)
        .setIfMatch(ifMatch).setExpires(expires).setContentType(PIDF);
    return tupleId == null ? publish.setBody(null) : publish.setBody(ByteBuffer.wrap(
        ("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + BOB + "\"><tuple id=\"" + tupleId
            + "\"><status><basic>open</basic></status></tuple></presence>").getBytes(StandardCharsets.UTF_8)));
  }

  private static String header(Decision decision, String name) {
    return TopologyHarness.headers(decision, name).get(0);
  }
}
