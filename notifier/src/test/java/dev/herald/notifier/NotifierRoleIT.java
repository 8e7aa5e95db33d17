package dev.herald.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.RequestEvent;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import dev.herald.testkit.SipTestAgent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notifier against a real broker and a real SIP user agent on loopback: commands from
 * herald.notifications become NOTIFYs on the wire, and their outcomes land on
 * herald.notify-outcomes keyed by resource.
 */
class NotifierRoleIT {

  private static final Duration DELIVERY = Duration.ofSeconds(15);
  private static final String PIDF = "<?xml version=\"1.0\"?><presence xmlns=\"urn:ietf:params:xml:ns:pidf\""
      + " entity=\"sip:bob@example.com\"><tuple id=\"t1\"><status><basic>open</basic></status></tuple></presence>";

  private static KafkaFixture kafka;
  private static NotifierRole notifier;
  private static SimpleMeterRegistry metrics;
  private static KafkaProducer<String, NotifyCommand> commands;
  private static KafkaConsumer<String, RequestEvent> outcomes;
  private static final List<ConsumerRecord<String, RequestEvent>> seenOutcomes = new ArrayList<>();

  /** One subscriber for the class: a JAIN-SIP stack takes about 2 s to stop. */
  private static SipTestAgent subscriber;

  @BeforeAll
  static void startNotifier() throws Exception {
    kafka = KafkaFixture.shared();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);
    }
    commands = new KafkaProducer<>(kafka.clientConfig(), Topics.NOTIFICATIONS.keySerde().serializer(),
        Topics.NOTIFICATIONS.valueSerde().serializer());

    Map<String, Object> consumerProps = new HashMap<>(kafka.clientConfig());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    outcomes = new KafkaConsumer<>(consumerProps, Topics.NOTIFY_OUTCOMES.keySerde().deserializer(),
        Topics.NOTIFY_OUTCOMES.valueSerde().deserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < Topics.NOTIFY_OUTCOMES.partitions(); p++) {
      partitions.add(new TopicPartition(Topics.NOTIFY_OUTCOMES.name(), p));
    }
    outcomes.assign(partitions);
    outcomes.seekToBeginning(partitions);

    metrics = new SimpleMeterRegistry();
    notifier = new NotifierRole(new NotifierConfig("127.0.0.1", 0, KafkaFixture.uniqueName("notifier-it")),
        kafka.clientConfig(), Clock.systemUTC(), metrics).start();
    await().atMost(DELIVERY).until(() -> notifier.healthCheck().check().healthy());
    subscriber = SipTestAgent.udp("watcher");
  }

  @AfterAll
  static void stopNotifier() throws Exception {
    if (subscriber != null) {
      subscriber.close();
    }
    if (notifier != null) {
      notifier.close();
    }
    if (commands != null) {
      commands.close(Duration.ofSeconds(2));
    }
    if (outcomes != null) {
      outcomes.close(Duration.ofSeconds(2));
    }
  }

  @BeforeEach
  void resetSubscriber() throws InterruptedException {
    subscriber.answerWith(request -> 200);
    while (subscriber.nextRequest(Duration.ZERO) != null) {
      // drop whatever an earlier test left behind
    }
  }

  @Test
  void commandIsSentAsNotifyToTheSubscriberAndItsSuccessIsReportedKeyedByResource() throws Exception {
    NotifyCommand command = commandTo(subscriber.contactUri().toString())
        .setCseq(12)
        .setEventId("e7")
        .setSubscriptionState("active;expires=3600")
        .setContentType("application/pidf+xml")
        .setBody(ByteBuffer.wrap(PIDF.getBytes(StandardCharsets.UTF_8)))
        .build();

    produce(command);

    Request notify = nextNotifyOf(command, DELIVERY);
    assertThat(notify).as("NOTIFY received by the subscriber").isNotNull();
    assertThat(notify.getMethod()).isEqualTo(Request.NOTIFY);
    assertThat(notify.getRequestURI()).hasToString(command.getRequestUri());
    assertThat(((CallIdHeader) notify.getHeader(CallIdHeader.NAME)).getCallId()).isEqualTo(command.getCallId());
    CSeqHeader cseq = (CSeqHeader) notify.getHeader(CSeqHeader.NAME);
    assertThat(cseq.getSeqNumber()).isEqualTo(12L);
    assertThat(cseq.getMethod()).isEqualTo(Request.NOTIFY);
    EventHeader event = (EventHeader) notify.getHeader(EventHeader.NAME);
    assertThat(event.getEventType()).isEqualTo("presence");
    assertThat(event.getEventId()).isEqualTo("e7");
    SubscriptionStateHeader state = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
    assertThat(state.getState()).isEqualTo("active");
    assertThat(state.getExpires()).isEqualTo(3600);
    assertThat(new String(notify.getRawContent(), StandardCharsets.UTF_8)).isEqualTo(PIDF);

    ConsumerRecord<String, RequestEvent> record = awaitOutcome(command);
    assertThat(record.key()).isEqualTo(command.getResource());
    RequestEvent outcomeEvent = record.value();
    assertThat(outcomeEvent.getResource()).isEqualTo(command.getResource());
    assertThat(outcomeEvent.getReplyPartition()).isEqualTo(-1);
    assertThat(outcomeEvent.getRequestId()).isEqualTo("notify|" + command.getSubscriptionId() + "|12");
    assertThat(outcomeEvent.getPayload()).isInstanceOf(NotifyOutcome.class);
    NotifyOutcome outcome = (NotifyOutcome) outcomeEvent.getPayload();
    assertThat(outcome.getStatusCode()).isEqualTo(200);
    assertThat(outcome.getSubscriptionId()).isEqualTo(command.getSubscriptionId());
    assertThat(outcome.getCseq()).isEqualTo(12L);
    assertThat(outcome.getTimedOut()).isFalse();
    assertThat(metrics.counter("herald_notifier_outcomes_total", "status", "200").count()).isPositive();
  }

  @Test
  void aSuccessTheProcessorDidNotAskAboutLeavesNoOutcomeWhileAFailureIsAlwaysReported() throws Exception {
    NotifyCommand quiet = commandTo(subscriber.contactUri().toString()).setCseq(5).setReportSuccess(false).build();
    NotifyCommand refused = NotifyCommand.newBuilder(quiet).setCseq(6).build();
    subscriber.answerWith(request -> callIdOf(request).equals(quiet.getCallId())
        && ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber() == 6 ? 481 : 200);
    double okBefore = metrics.counter("herald_notifier_outcomes_total", "status", "200").count();

    produce(quiet);
    assertThat(nextNotifyOf(quiet, DELIVERY)).as("the first NOTIFY").isNotNull();
    await().atMost(DELIVERY).until(
        () -> metrics.counter("herald_notifier_outcomes_total", "status", "200").count() > okBefore);
    produce(refused);

    NotifyOutcome outcome = (NotifyOutcome) awaitOutcome(refused).value().getPayload();
    assertThat(outcome.getStatusCode()).isEqualTo(481);
    // Both outcomes would share the resource's partition, the first one ahead.
    assertThat(findOutcome(quiet)).as("no record of a 2xx nobody needs").isEmpty();
  }

  @Test
  void subscriberAnswering481IsReportedAs481() throws Exception {
    NotifyCommand command = commandTo(subscriber.contactUri().toString()).build();
    subscriber.answerWith(request -> callIdOf(request).equals(command.getCallId()) ? 481 : 200);

    produce(command);

    assertThat(nextNotifyOf(command, DELIVERY)).as("NOTIFY received by the subscriber").isNotNull();
    NotifyOutcome outcome = (NotifyOutcome) awaitOutcome(command).value().getPayload();
    assertThat(outcome.getStatusCode()).isEqualTo(481);
    assertThat(outcome.getTimedOut()).isFalse();
    assertThat(outcome.getSubscriptionId()).isEqualTo(command.getSubscriptionId());
    assertThat(outcome.getCseq()).isEqualTo(command.getCseq());
  }

  @Test
  void unansweredNotifyOverUdpIsRetransmittedAfterTimerEAndSucceedsOnTheSecondCopy() throws Exception {
    NotifyCommand command = commandTo(subscriber.contactUri().toString()).setCseq(3).build();
    AtomicInteger copies = new AtomicInteger();
    subscriber.answerWith(request -> {
      if (!callIdOf(request).equals(command.getCallId())) {
        return 200;
      }
      // The first copy goes unanswered, as if the 200 had been lost.
      return copies.incrementAndGet() == 1 ? null : 200;
    });

    produce(command);

    Request first = nextNotifyOf(command, DELIVERY);
    assertThat(first).as("first copy").isNotNull();
    Request second = nextNotifyOf(command, Duration.ofMillis(1500));
    assertThat(second).as("retransmission within Timer E's first interval").isNotNull();
    assertThat(((CSeqHeader) second.getHeader(CSeqHeader.NAME)).getSeqNumber())
        .isEqualTo(((CSeqHeader) first.getHeader(CSeqHeader.NAME)).getSeqNumber())
        .isEqualTo(3L);
    assertThat(((ViaHeader) second.getHeader(ViaHeader.NAME)).getBranch())
        .isEqualTo(((ViaHeader) first.getHeader(ViaHeader.NAME)).getBranch());
    assertThat(((CallIdHeader) second.getHeader(CallIdHeader.NAME)).getCallId()).isEqualTo(command.getCallId());

    NotifyOutcome outcome = (NotifyOutcome) awaitOutcome(command).value().getPayload();
    assertThat(outcome.getStatusCode()).isEqualTo(200);
    assertThat(outcome.getTimedOut()).isFalse();
  }

  @Test
  void pinnedDestinationReachesTheSubscriberWhateverTheRequestUriSays() throws Exception {
    // The Request-URI names a host nobody listens on (TEST-NET-1); the flow the SUBSCRIBE came on is the agent.
    NotifyCommand command = commandTo("sip:natted@192.0.2.1:5999")
        .setRouteSet(List.of())
        .setDestinationHost("127.0.0.1")
        .setDestinationPort(subscriber.port())
        .build();

    produce(command);

    Request notify = nextNotifyOf(command, DELIVERY);
    assertThat(notify).as("NOTIFY received over the pinned flow").isNotNull();
    assertThat(notify.getRequestURI()).hasToString("sip:natted@192.0.2.1:5999");
    NotifyOutcome outcome = (NotifyOutcome) awaitOutcome(command).value().getPayload();
    assertThat(outcome.getStatusCode()).isEqualTo(200);
  }

  @Test
  void pinnedDestinationNeedsNoResolvableHostInTheRequestUri() throws Exception {
    NotifyCommand command = commandTo("sip:natted@phone.invalid:5999;transport=udp")
        .setRouteSet(List.of())
        .setDestinationHost("127.0.0.1")
        .setDestinationPort(subscriber.port())
        .build();

    produce(command);

    assertThat(nextNotifyOf(command, DELIVERY)).as("NOTIFY received over the pinned flow").isNotNull();
    NotifyOutcome outcome = (NotifyOutcome) awaitOutcome(command).value().getPayload();
    assertThat(outcome.getStatusCode()).isEqualTo(200);
  }

  @Test
  void healthIsUpOnceStartedAndDownAfterClose() throws Exception {
    NotifierRole role = new NotifierRole(new NotifierConfig("127.0.0.1", 0, KafkaFixture.uniqueName("notifier-health")),
        kafka.clientConfig(), Clock.systemUTC(), new SimpleMeterRegistry());
    assertThat(role.healthCheck().check().healthy()).as("before start").isFalse();
    try {
      role.start();
      await().atMost(DELIVERY).until(() -> role.healthCheck().check().healthy());
      assertThat(role.healthCheck().name()).isEqualTo("notifier");
    } finally {
      role.close();
    }
    assertThat(role.healthCheck().check().healthy()).as("after close").isFalse();
  }

  // ------------------------------------------------------------------------------------------

  /**
   * The next NOTIFY of {@code command}'s dialog the subscriber received, skipping others (a notifier
   * started with a new group replays earlier tests' commands from the start of the topic).
   */
  private static Request nextNotifyOf(NotifyCommand command, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Request request = subscriber.nextRequest(left);
      if (request == null || callIdOf(request).equals(command.getCallId())) {
        return request;
      }
    }
  }

  private static String callIdOf(Request request) {
    return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
  }

  /** A command of a new subscription to a new resource, sent over UDP to {@code requestUri}. */
  private static NotifyCommand.Builder commandTo(String requestUri) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    return NotifyCommand.newBuilder()
        .setSubscriptionId("sub-" + id)
        .setResource("presence|sip:bob-" + id + "@example.com")
        .setRequestUri(requestUri)
        .setCallId("call-" + id + "@127.0.0.1")
        .setFromUri("sip:bob-" + id + "@example.com")
        .setFromTag("from-" + id)
        .setToUri("sip:watcher@example.com")
        .setToTag("to-" + id)
        .setCseq(1)
        .setContact("sip:herald@127.0.0.1")
        .setEvent("presence")
        .setSubscriptionState("active;expires=600")
        .setTransport("udp")
        .setCreatedAtMs(System.currentTimeMillis());
  }

  private static void produce(NotifyCommand command) throws Exception {
    commands.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(), command.getSubscriptionId(), command))
        .get(10, TimeUnit.SECONDS);
  }

  /** The first outcome on herald.notify-outcomes for the command's subscription and CSeq. */
  private static ConsumerRecord<String, RequestEvent> awaitOutcome(NotifyCommand command) {
    return await().atMost(DELIVERY).until(() -> {
      outcomes.poll(Duration.ofMillis(100)).forEach(seenOutcomes::add);
      return findOutcome(command);
    }, Optional::isPresent).orElseThrow();
  }

  private static Optional<ConsumerRecord<String, RequestEvent>> findOutcome(NotifyCommand command) {
    return seenOutcomes.stream()
        .filter(r -> r.value().getPayload() instanceof NotifyOutcome o
            && o.getSubscriptionId().equals(command.getSubscriptionId()) && o.getCseq() == command.getCseq())
        .findFirst();
  }
}
