package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.Flow;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.Publish;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.state.StateCodec;
import dev.herald.schemas.Topics;
import dev.herald.testkit.TopologyHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which way each NOTIFY leaves (DESIGN.md, Flows): the first NOTIFY of a SUBSCRIBE rides its decision
 * to the answering edge; later ones go to herald.edge-notifications, on the partition of the edge
 * holding the subscriber's flow, when only that flow reaches the subscriber (a NAT, a connection,
 * RFC 5626 outbound), else to herald.notifications for any notifier. The raw topics are read
 * before the harness's merged views, so each test sees which one a NOTIFY took. The test driver
 * gives every topic a single partition, so NOTIFYs that reach herald.edge-notifications there come
 * from edge instance 0; other instances are followed at the processor ({@link AtTheProcessor}).
 */
class FlowRoutingTopologyTest {

  private static final String ALICE = "sip:alice@example.com";
  private static final String RESOURCE = "presence|" + ALICE;
  private static final String BOB = "sip:bob@example.com";
  private static final String PIDF = "application/pidf+xml";

  /** Bob's Contact names a private address; his packets come from the NAT's 127.0.0.1:40000. */
  private static final String NATTED_CONTACT = "sip:bob@127.0.0.2:5062";

  @TempDir
  Path stateDir;

  private TopologyHarness harness;
  private int requestCount;

  @BeforeEach
  void start() {
    harness = ResourceHarness.of(ProcessorConfig.defaults(stateDir), stateDir);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aNattedSubscribersFirstNotifyRidesTheDecisionToTheEdgeHoldingItsFlow() {
    Sent sent = send(subscribe("call-1", NATTED_CONTACT, udpFlow(3, 40000).setNatted(true)));

    assertThat(sent.decision().getStatusCode()).isEqualTo(200);
    assertThat(sent.edgeTopic()).as("herald.edge-notifications").isEmpty();
    assertThat(sent.notifierTopic()).as("herald.notifications").isEmpty();
    NotifyCommand first = single(sent.decision().getNotifies());
    assertThat(first.getCseq()).isEqualTo(1);
    assertThat(first.getSubscriptionState()).startsWith("active");
    assertThat(first.getRequestUri()).isEqualTo(NATTED_CONTACT);
    assertThat(first.getEdgeInstance()).isEqualTo(3);
    assertThat(first.getEdgeId()).isEqualTo("edge-3");
    assertThat(first.getTransport()).isEqualTo("udp");
    assertThat(first.getDestinationHost()).isEqualTo("127.0.0.1");
    assertThat(first.getDestinationPort()).isEqualTo(40000);
    assertThat(first.getFlowOnly()).isFalse();
  }

  @Test
  void aNattedSubscribersLaterNotifiesGoToHeraldEdgeNotificationsAtTheFlowsSource() {
    // Edge instance 0: the test driver gives every topic one partition and drops records for others.
    send(subscribe("call-1", NATTED_CONTACT, udpFlow(0, 40000).setNatted(true)));

    Sent published = send(publish("open"));

    assertThat(published.decision().getStatusCode()).isEqualTo(200);
    assertThat(published.decision().getNotifies()).as("a PUBLISH's answer carries no NOTIFY").isEmpty();
    assertThat(published.notifierTopic()).isEmpty();
    KeyValue<String, NotifyCommand> record = single(published.edgeTopic());
    NotifyCommand notify = record.value;
    assertThat(record.key).isEqualTo(notify.getSubscriptionId());
    assertThat(notify.getCseq()).isEqualTo(2);
    assertThat(notify.getEdgeInstance()).isEqualTo(0);
    assertThat(notify.getDestinationHost()).isEqualTo("127.0.0.1");
    assertThat(notify.getDestinationPort()).isEqualTo(40000);
  }

  @Test
  void edgePartitionerSendsANotifyToItsEdgeInstanceAndDropsOneOutOfRange() {
    var partitioner = ResourceTopology.edgePartitioner();
    NotifyCommand toFive = notifyCommand(5);

    assertThat(partitioner.partitions("herald.edge-notifications", "s", toFive, 16)).contains(Set.of(5));
    assertThat(partitioner.partitions("herald.edge-notifications", "s", notifyCommand(16), 16)).contains(Set.of());
    assertThat(partitioner.partitions("herald.edge-notifications", "s", notifyCommand(null), 16)).contains(Set.of());
  }

  @Test
  void aTcpSubscriberGoesThroughItsEdgeEvenWhenItsContactNamesItsSource() {
    // No ;transport=tcp: the Contact alone would read as reachable over UDP.
    String contact = "sip:bob@192.0.2.20:5062";
    Sent subscribed = send(subscribe("call-1", contact, udpFlow(0, 5062).setRemoteHost("192.0.2.20")
        .setTransport("tcp")));

    NotifyCommand first = single(subscribed.decision().getNotifies());
    assertThat(first.getEdgeInstance()).isEqualTo(0);
    assertThat(first.getTransport()).isEqualTo("tcp");

    Sent published = send(publish("open"));

    assertThat(published.notifierTopic()).isEmpty();
    NotifyCommand notify = single(published.edgeTopic()).value;
    assertThat(notify.getEdgeInstance()).isEqualTo(0);
    assertThat(notify.getTransport()).isEqualTo("tcp");
    assertThat(notify.getDestinationHost()).isEqualTo("192.0.2.20");
    assertThat(notify.getDestinationPort()).isEqualTo(5062);
  }

  @Test
  void heraldsContactInATcpDialogNamesTcpSoRefreshesComeOnTheConnection() {
    Sent subscribed = send(subscribe("call-1", "sip:bob@192.0.2.20:5062;transport=tcp",
        udpFlow(0, 5062).setRemoteHost("192.0.2.20").setTransport("tcp")));

    assertThat(TopologyHarness.headers(subscribed.decision(), "Contact")).singleElement().asString()
        .endsWith(";transport=tcp>");
    assertThat(single(subscribed.decision().getNotifies()).getContact()).endsWith(";transport=tcp");
  }

  @Test
  void heraldsContactInAUdpDialogNamesNoTransport() {
    Sent subscribed = send(subscribe("call-1", "sip:bob@192.0.2.20:5062", udpFlow(0, 5062)
        .setRemoteHost("192.0.2.20")));

    assertThat(TopologyHarness.headers(subscribed.decision(), "Contact")).singleElement().asString()
        .doesNotContain("transport");
    assertThat(single(subscribed.decision().getNotifies()).getContact()).doesNotContain("transport");
  }

  @Test
  void aUdpSubscriberWhoseContactIsItsSourceIsAnyNotifiersWithNoDestination() {
    String contact = "sip:bob@192.0.2.20:5062";
    Sent subscribed = send(subscribe("call-1", contact, udpFlow(0, 5062).setRemoteHost("192.0.2.20")));

    NotifyCommand first = single(subscribed.decision().getNotifies());
    assertThat(first.getEdgeInstance()).isNull();
    assertThat(first.getDestinationHost()).isNull();

    Sent published = send(publish("open"));

    assertThat(published.edgeTopic()).isEmpty();
    NotifyCommand notify = single(published.notifierTopic()).value;
    assertThat(notify.getRequestUri()).isEqualTo(contact);
    assertThat(notify.getEdgeInstance()).isNull();
    assertThat(notify.getDestinationHost()).isNull();
    assertThat(notify.getDestinationPort()).isNull();
    assertThat(notify.getFlowOnly()).isFalse();
  }

  @Test
  void aSubscriberBehindARecordRoutingProxyIsAnyNotifiersEvenWhenNatted() {
    List<String> recordRoute = List.of("<sip:proxy.example.com;lr>");
    Sent subscribed = send(subscribe("call-1", NATTED_CONTACT, udpFlow(0, 40000).setNatted(true))
        .setRouteSet(recordRoute));

    assertThat(single(subscribed.decision().getNotifies()).getEdgeInstance()).isNull();

    Sent published = send(publish("open"));

    assertThat(published.edgeTopic()).isEmpty();
    NotifyCommand notify = single(published.notifierTopic()).value;
    assertThat(notify.getRouteSet()).containsExactlyElementsOf(recordRoute);
    assertThat(notify.getEdgeInstance()).isNull();
    assertThat(notify.getDestinationHost()).isNull();
    assertThat(notify.getDestinationPort()).isNull();
  }

  @Test
  void anOutboundSubscriberAsksForItsFlowOnly() {
    String contact = "sip:bob@192.0.2.20:5062;ob";
    Sent subscribed = send(subscribe("call-1", contact, udpFlow(0, 5062).setRemoteHost("192.0.2.20")
        .setOutbound(true)));

    NotifyCommand first = single(subscribed.decision().getNotifies());
    assertThat(first.getEdgeInstance()).isEqualTo(0);
    assertThat(first.getFlowOnly()).isTrue();

    Sent published = send(publish("open"));

    assertThat(published.notifierTopic()).isEmpty();
    NotifyCommand later = single(published.edgeTopic()).value;
    assertThat(later.getFlowOnly()).isTrue();
    assertThat(later.getDestinationHost()).isEqualTo("192.0.2.20");
    assertThat(later.getDestinationPort()).isEqualTo(5062);
  }

  @Test
  void aRefreshThroughAnotherEdgeMovesLaterNotifiesToThatEdgeAndTheNewSource() {
    Decision ok = send(subscribe("call-1", NATTED_CONTACT, udpFlow(5, 40000).setNatted(true))).decision();
    assertThat(single(ok.getNotifies()).getEdgeInstance()).isEqualTo(5);

    Sent refreshed = send(subscribe("call-1", NATTED_CONTACT, udpFlow(0, 40001).setNatted(true))
        .setToTag(ok.getToTag()).setCseq(2));

    assertThat(refreshed.decision().getStatusCode()).isEqualTo(200);
    NotifyCommand afterRefresh = single(refreshed.decision().getNotifies());
    assertThat(afterRefresh.getCseq()).isEqualTo(2);
    assertThat(afterRefresh.getEdgeInstance()).isEqualTo(0);
    assertThat(afterRefresh.getEdgeId()).isEqualTo("edge-0");
    assertThat(afterRefresh.getDestinationPort()).isEqualTo(40001);

    Sent published = send(publish("open"));

    assertThat(published.notifierTopic()).isEmpty();
    NotifyCommand later = single(published.edgeTopic()).value;
    assertThat(later.getEdgeInstance()).isEqualTo(0);
    assertThat(later.getDestinationHost()).isEqualTo("127.0.0.1");
    assertThat(later.getDestinationPort()).isEqualTo(40001);
    assertThat(storedState().subscriptions()).singleElement()
        .satisfies(s -> assertThat(s.flow()).isEqualTo(StateCodec.fromAvro(udpFlow(0, 40001).setNatted(true).build())));
  }

  @Test
  void anUnsubscribesTerminatedNotifyRidesItsDecision() {
    Decision ok = send(subscribe("call-1", NATTED_CONTACT, udpFlow(3, 40000).setNatted(true))).decision();

    Sent ended = send(subscribe("call-1", NATTED_CONTACT, udpFlow(3, 40000).setNatted(true))
        .setToTag(ok.getToTag()).setCseq(2).setExpires(0));

    assertThat(ended.decision().getStatusCode()).isEqualTo(200);
    assertThat(ended.edgeTopic()).isEmpty();
    assertThat(ended.notifierTopic()).isEmpty();
    NotifyCommand terminated = single(ended.decision().getNotifies());
    assertThat(terminated.getSubscriptionState()).startsWith("terminated");
    assertThat(terminated.getCseq()).isEqualTo(2);
    assertThat(terminated.getEdgeInstance()).isEqualTo(3);
    assertThat(terminated.getDestinationPort()).isEqualTo(40000);
  }

  @Test
  void aSubscribeNobodyWaitsForHasItsFirstNotifySentOnTheTopicItsFlowTakes() {
    Sent natted = send(subscribe("call-1", NATTED_CONTACT, udpFlow(0, 40000).setNatted(true)), -1);
    Sent reachable = send(subscribe("call-2", "sip:bob@192.0.2.20:5062", udpFlow(0, 5062)
        .setRemoteHost("192.0.2.20")), -1);

    assertThat(natted.decision()).as("no edge reads an answer for partition -1").isNull();
    assertThat(natted.notifierTopic()).isEmpty();
    NotifyCommand viaEdge = single(natted.edgeTopic()).value;
    assertThat(viaEdge.getCallId()).isEqualTo("call-1");
    assertThat(viaEdge.getCseq()).isEqualTo(1);
    assertThat(viaEdge.getEdgeInstance()).isEqualTo(0);
    assertThat(viaEdge.getDestinationPort()).isEqualTo(40000);

    assertThat(reachable.edgeTopic()).isEmpty();
    NotifyCommand viaNotifier = single(reachable.notifierTopic()).value;
    assertThat(viaNotifier.getCallId()).isEqualTo("call-2");
    assertThat(viaNotifier.getCseq()).isEqualTo(1);
    assertThat(viaNotifier.getEdgeInstance()).isNull();
  }

  @Test
  void aSubscribeFromAnEdgeOlderThanFlowsIsAnyNotifiersPinnedToItsUdpSource() {
    Sent subscribed = send(subscribe("call-1", NATTED_CONTACT, null).setTransport("udp").setSourceHost("127.0.0.1")
        .setSourcePort(40000));

    NotifyCommand first = single(subscribed.decision().getNotifies());
    assertThat(first.getEdgeInstance()).isNull();
    assertThat(first.getDestinationHost()).isEqualTo("127.0.0.1");
    assertThat(first.getDestinationPort()).isEqualTo(40000);

    Sent published = send(publish("open"));

    assertThat(published.edgeTopic()).isEmpty();
    NotifyCommand notify = single(published.notifierTopic()).value;
    assertThat(notify.getDestinationHost()).isEqualTo("127.0.0.1");
    assertThat(notify.getDestinationPort()).isEqualTo(40000);
    assertThat(storedState().subscriptions()).singleElement()
        .satisfies(s -> assertThat(s.flow().edge().known()).isFalse());
  }

  @Test
  void aRegistersFlowIsKeptOnItsBinding() {
    Flow flow = udpFlow(3, 40000).setNatted(true).setOutbound(true).build();
    Registration register = Registration.newBuilder().setAor(ALICE).setCallId("reg-1").setCseq(1).setExpires(3600)
        .setBindings(List.of(dev.herald.avro.Binding.newBuilder().setContact("sip:alice@127.0.0.2:5062;ob")
            .setExpires(3600).setInstanceId("<urn:uuid:00000000-0000-1000-8000-000000000001>").setRegId(1).build()))
        .setFlow(flow).build();

    Sent registered = send(register);

    assertThat(registered.decision().getStatusCode()).isEqualTo(200);
    assertThat(storedState().bindings()).singleElement()
        .satisfies(b -> assertThat(b.flow()).isEqualTo(StateCodec.fromAvro(flow)));
  }

  @Test
  void anExternalRegistrarsBindingHasNoFlow() {
    Registration register = Registration.newBuilder().setAor(ALICE).setCallId("reg-1").setCseq(1).setExpires(3600)
        .setBindings(List.of(dev.herald.avro.Binding.newBuilder().setContact("sip:alice@192.0.2.10")
            .setExpires(3600).build()))
        .setSource("external").build();

    send(register);

    assertThat(storedState().bindings()).singleElement().satisfies(b -> assertThat(b.flow()).isNull());
  }

  /**
   * The processor alone, for edge instances other than 0: the test driver gives each topic one
   * partition, so {@link ResourceTopology#edgePartitioner()} drops what goes to the others there.
   */
  @Nested
  class AtTheProcessor {

    private MockProcessorContext<String, SpecificRecord> context;
    private ResourceProcessor processor;

    @BeforeEach
    void init() {
      context = new MockProcessorContext<>();
      context.setCurrentSystemTimeMs(TopologyHarness.START.toEpochMilli());
      ProcessorConfig config = ProcessorConfig.defaults(stateDir);
      MockStores.addTo(context, config);
      processor = new ResourceProcessor(config, new Notifies(config.presence().contactUri()),
          ResourceTopology.packages(config), StateGauges.NONE);
      processor.init(context);
    }

    @Test
    void aNattedSubscribersLaterNotifyGoesToTheEdgeNotificationsSinkForItsEdgeInstance() {
      Decision ok = decisionOf(process(subscribe("call-1", NATTED_CONTACT, udpFlow(3, 40000).setNatted(true)).build(),
          0));
      assertThat(single(ok.getNotifies()).getEdgeInstance()).isEqualTo(3);

      List<MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord>> published =
          process(publish("open").build(), 0);

      assertThat(notifies(published, ResourceTopology.NOTIFICATIONS_SINK)).isEmpty();
      NotifyCommand notify = single(notifies(published, ResourceTopology.EDGE_NOTIFICATIONS_SINK));
      assertThat(notify.getEdgeInstance()).isEqualTo(3);
      assertThat(notify.getDestinationHost()).isEqualTo("127.0.0.1");
      assertThat(notify.getDestinationPort()).isEqualTo(40000);
      assertThat(ResourceTopology.edgePartitioner().partitions(Topics.EDGE_NOTIFICATIONS.name(),
          notify.getSubscriptionId(), notify, Topics.EDGE_NOTIFICATIONS.partitions())).contains(Set.of(3));
    }

    @Test
    void aRefreshThroughEdgeFiveMovesLaterNotifiesToInstanceFiveAndTheNewPort() {
      Decision ok = decisionOf(process(subscribe("call-1", NATTED_CONTACT, udpFlow(3, 40000).setNatted(true)).build(),
          3));
      Decision refreshed = decisionOf(process(subscribe("call-1", NATTED_CONTACT, udpFlow(5, 40001).setNatted(true))
          .setToTag(ok.getToTag()).setCseq(2).build(), 5));
      assertThat(refreshed.getReplyPartition()).isEqualTo(5);
      assertThat(single(refreshed.getNotifies()).getEdgeInstance()).isEqualTo(5);

      NotifyCommand later = single(notifies(process(publish("open").build(), 0),
          ResourceTopology.EDGE_NOTIFICATIONS_SINK));

      assertThat(later.getEdgeInstance()).isEqualTo(5);
      assertThat(later.getEdgeId()).isEqualTo("edge-5");
      assertThat(later.getDestinationHost()).isEqualTo("127.0.0.1");
      assertThat(later.getDestinationPort()).isEqualTo(40001);
    }

    @Test
    void aSubscribeNobodyWaitsForSendsItsFirstNotifyToItsEdgesInstance() {
      List<MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord>> forwarded =
          process(subscribe("call-1", NATTED_CONTACT, udpFlow(3, 40000).setNatted(true)).build(), -1);

      NotifyCommand first = single(notifies(forwarded, ResourceTopology.EDGE_NOTIFICATIONS_SINK));
      assertThat(first.getCseq()).isEqualTo(1);
      assertThat(first.getEdgeInstance()).isEqualTo(3);
      assertThat(notifies(forwarded, ResourceTopology.NOTIFICATIONS_SINK)).isEmpty();
    }

    @Test
    void aSubscribeAnEdgeWaitsForSendsNoNotifyOfItsOwn() {
      List<MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord>> forwarded =
          process(subscribe("call-1", NATTED_CONTACT, udpFlow(3, 40000).setNatted(true)).build(), 3);

      assertThat(notifies(forwarded, ResourceTopology.EDGE_NOTIFICATIONS_SINK)).isEmpty();
      assertThat(notifies(forwarded, ResourceTopology.NOTIFICATIONS_SINK)).isEmpty();
      assertThat(single(decisionOf(forwarded).getNotifies()).getEdgeInstance()).isEqualTo(3);
    }

    private List<MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord>> process(
        Object payload, int replyPartition) {
      context.resetForwards();
      RequestEvent event = RequestEvent.newBuilder().setRequestId("request-" + ++requestCount).setResource(RESOURCE)
          .setEdgeId("edge-1").setReplyPartition(replyPartition)
          .setReceivedAtMs(TopologyHarness.START.toEpochMilli()).setPayload(payload).build();
      processor.process(new Record<>(RESOURCE, event, TopologyHarness.START.toEpochMilli()));
      return List.copyOf(context.forwarded());
    }

    private Decision decisionOf(
        List<MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord>> forwarded) {
      return (Decision) single(forwarded.stream()
          .filter(f -> f.childName().orElseThrow().equals(ResourceTopology.REPLIES_SINK))
          .map(f -> f.record().value()).toList());
    }

    private List<NotifyCommand> notifies(
        List<MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord>> forwarded, String sink) {
      return forwarded.stream().filter(f -> f.childName().orElseThrow().equals(sink))
          .map(f -> (NotifyCommand) f.record().value()).toList();
    }
  }

  /** What one request produced: its decision (null when none came) and what each NOTIFY topic got. */
  private record Sent(Decision decision, List<KeyValue<String, NotifyCommand>> edgeTopic,
      List<KeyValue<String, NotifyCommand>> notifierTopic) {}

  private Sent send(Object payload) {
    return send(payload, 0);
  }

  private Sent send(Subscribe.Builder subscribe) {
    return send(subscribe.build(), 0);
  }

  private Sent send(Subscribe.Builder subscribe, int replyPartition) {
    return send(subscribe.build(), replyPartition);
  }

  private Sent send(Publish.Builder publish) {
    return send(publish.build(), 0);
  }

  /**
   * Pipes one request, reads the two NOTIFY topics as they are and then its decision, if any: the
   * harness's merged views would take the topics' records too.
   */
  private Sent send(Object payload, int replyPartition) {
    String requestId = "request-" + ++requestCount;
    harness.requests.pipeInput(RESOURCE, RequestEvent.newBuilder().setRequestId(requestId).setResource(RESOURCE)
        .setEdgeId("edge-1").setReplyPartition(replyPartition).setReceivedAtMs(TopologyHarness.START.toEpochMilli())
        .setPayload(payload).build());
    List<KeyValue<String, NotifyCommand>> edge = harness.edgeTopic.readKeyValuesToList();
    List<KeyValue<String, NotifyCommand>> notifier = harness.notifierTopic.readKeyValuesToList();
    List<Decision> decisions = harness.replies.readValuesToList();
    harness.notifications.readValuesToList();
    assertThat(decisions).hasSizeLessThanOrEqualTo(1);
    Decision decision = decisions.isEmpty() ? null : decisions.get(0);
    if (decision != null) {
      assertThat(decision.getRequestId()).isEqualTo(requestId);
    }
    return new Sent(decision, edge, notifier);
  }

  /** Bob's SUBSCRIBE to Alice's presence, no route set; {@code flow} null as from an edge older than flows. */
  private static Subscribe.Builder subscribe(String callId, String contact, Flow.Builder flow) {
    return Subscribe.newBuilder().setEvent("presence").setCallId(callId).setFromUri(BOB).setFromTag("bob-" + callId)
        .setToUri(ALICE).setCseq(1).setContact(contact).setRouteSet(List.of()).setAccept(List.of(PIDF))
        .setExpires(600).setTransport(flow == null ? "udp" : flow.getTransport())
        .setSourceHost(flow == null ? "127.0.0.1" : flow.getRemoteHost())
        .setSourcePort(flow == null ? 40000 : flow.getRemotePort())
        .setFlow(flow == null ? null : flow.build());
  }

  /** A UDP flow into edge {@code instance} from 127.0.0.1:{@code remotePort}. */
  private static Flow.Builder udpFlow(int instance, int remotePort) {
    return Flow.newBuilder().setEdgeId("edge-" + instance).setEdgeInstance(instance).setTransport("udp")
        .setLocalHost("10.0.0." + instance).setLocalPort(5060).setRemoteHost("127.0.0.1").setRemotePort(remotePort)
        .setNatted(false).setOutbound(false);
  }

  private static Publish.Builder publish(String basic) {
    String body = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + ALICE + "\"><tuple id=\"t\"><status>"
        + "<basic>" + basic + "</basic></status></tuple></presence>";
    return Publish.newBuilder().setEvent("presence").setCallId("pub").setFromUri(ALICE).setExpires(3600)
        .setContentType(PIDF).setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static NotifyCommand notifyCommand(Integer edgeInstance) {
    return NotifyCommand.newBuilder().setSubscriptionId("s").setResource(RESOURCE).setRequestUri(NATTED_CONTACT)
        .setCallId("c").setFromUri(ALICE).setFromTag("a").setToUri(BOB).setToTag("b").setCseq(1).setEvent("presence")
        .setSubscriptionState("active").setEdgeInstance(edgeInstance).setCreatedAtMs(0).build();
  }

  private ResourceState storedState() {
    return ResourceHarness.stored(harness.driver, RESOURCE);
  }

  private static <T> T single(List<T> values) {
    assertThat(values).hasSize(1);
    return values.get(0);
  }
}
