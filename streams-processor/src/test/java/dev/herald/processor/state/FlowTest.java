package dev.herald.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.state.Binding;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.SchemaHistory;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The flow a subscriber's request came on (RFC 5626 §3): whether its Contact reaches it as it is
 * (RFC 3581 §4), and how the store keeps it.
 */
class FlowTest {

  private static Flow udp(String host, int port) {
    return new Flow(new Flow.Edge("edge-1", 0), "udp", new Flow.Endpoint("10.0.0.1", 5060),
        new Flow.Endpoint(host, port), false, false);
  }

  private static Flow flow(String transport, String host, int port, boolean natted, boolean outbound) {
    return new Flow(new Flow.Edge("edge-2", 3), transport, new Flow.Endpoint("10.0.0.1", 5060),
        new Flow.Endpoint(host, port), natted, outbound);
  }

  @Nested
  class ContactReachesSource {

    @Test
    void aUdpContactNamingTheSourceAddressAndPortReachesIt() {
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.20:5062")).isTrue();
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:192.0.2.20:5062")).as("no user part").isTrue();
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.20:5062;line=7?x=1")).isTrue();
    }

    @Test
    void anotherHostOrPortDoesNot() {
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.21:5062")).isFalse();
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.20:5063")).isFalse();
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.20:port")).isFalse();
    }

    @Test
    void aContactWithoutPortMeans5060() {
      assertThat(udp("192.0.2.20", 5060).contactReachesSource("sip:bob@192.0.2.20")).isTrue();
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.20")).isFalse();
      assertThat(udp("192.0.2.20", 5060).contactReachesSource("sip:bob@192.0.2.20;ob")).isTrue();
    }

    @Test
    void aContactAskingForAnotherTransportDoesNotButTransportUdpDoes() {
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.20:5062;transport=tcp")).isFalse();
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.20:5062;TRANSPORT=TLS")).isFalse();
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sip:bob@192.0.2.20:5062;transport=udp")).isTrue();
      assertThat(udp("192.0.2.20", 5062).contactReachesSource("sips:bob@192.0.2.20:5062")).isFalse();
    }

    @Test
    void aHostNameNeverMatchesSinceNoNameIsResolved() {
      assertThat(udp("192.0.2.20", 5060).contactReachesSource("sip:bob@phone.example.com")).isFalse();
      assertThat(udp("192.0.2.20", 5060).contactReachesSource("sip:bob@phone.example.com:5060")).isFalse();
    }

    @Test
    void anIpv6ContactInBracketsIsComparedWithoutThem() {
      assertThat(udp("2001:db8::20", 5062).contactReachesSource("sip:bob@[2001:db8::20]:5062")).isTrue();
      assertThat(udp("2001:db8::20", 5060).contactReachesSource("sip:bob@[2001:db8::20]")).isTrue();
      assertThat(udp("2001:db8::20", 5060).contactReachesSource("sip:bob@[2001:DB8::20];transport=udp")).isTrue();
      assertThat(udp("2001:db8::20", 5062).contactReachesSource("sip:bob@[2001:db8::20]:5063")).isFalse();
      assertThat(udp("2001:db8::20", 5062).contactReachesSource("sip:bob@[2001:db8::21]:5062")).isFalse();
    }

    @Test
    void aNattedAnOutboundOrAConnectionOrientedFlowIsNeverReachedByItsContact() {
      String contact = "sip:bob@192.0.2.20:5062";
      assertThat(flow("udp", "192.0.2.20", 5062, false, false).contactReachesSource(contact)).isTrue();
      assertThat(flow("udp", "192.0.2.20", 5062, true, false).contactReachesSource(contact)).as("natted").isFalse();
      assertThat(flow("udp", "192.0.2.20", 5062, false, true).contactReachesSource(contact)).as("outbound").isFalse();
      assertThat(flow("tcp", "192.0.2.20", 5062, false, false).contactReachesSource(contact + ";transport=tcp"))
          .as("tcp").isFalse();
      assertThat(flow("TLS", "192.0.2.20", 5062, false, false).contactReachesSource(contact)).as("tls").isFalse();
      assertThat(flow("ws", "192.0.2.20", 5062, false, false).contactReachesSource(contact)).as("ws").isFalse();
    }

    @Test
    void somethingThatIsNoSipUriDoesNotReachIt() {
      assertThat(udp("192.0.2.20", 5060).contactReachesSource("192.0.2.20")).isFalse();
      assertThat(udp("192.0.2.20", 5060).contactReachesSource("tel:+15551234")).isFalse();
    }
  }

  @Test
  void theTransportIsKeptInLowerCaseAndOnlyUdpIsConnectionless() {
    assertThat(flow("TCP", "h", 1, false, false).transport()).isEqualTo("tcp");
    assertThat(flow("UDP", "h", 1, false, false).connectionOriented()).isFalse();
    assertThat(flow("wss", "h", 1, false, false).connectionOriented()).isTrue();
  }

  @Test
  void aLegacyFlowHasNoEdgeAndKeepsTheSource() {
    Flow legacy = Flow.legacy("UDP", "192.0.2.20", 5062);
    assertThat(legacy.edge().known()).isFalse();
    assertThat(legacy.transport()).isEqualTo("udp");
    assertThat(legacy.remote()).isEqualTo(new Flow.Endpoint("192.0.2.20", 5062));
    assertThat(new Flow.Endpoint("2001:db8::1", 5060)).hasToString("[2001:db8::1]:5060");
  }

  @Nested
  class Stored {

    private final Flow natted = new Flow(new Flow.Edge("edge-3", 3), "udp", new Flow.Endpoint("10.0.0.1", 5060),
        new Flow.Endpoint("127.0.0.1", 40000), true, false);
    private final Flow outbound = new Flow(new Flow.Edge("edge-5", 5), "tcp", new Flow.Endpoint("10.0.0.2", 5060),
        new Flow.Endpoint("198.51.100.7", 41234), false, true);

    @Test
    void aSubscriptionAndABindingKeepTheirFlowThroughTheStore() {
      ResourceState state = new ResourceState("presence|sip:alice@example.com", List.of(),
          List.of(subscription(natted)), 4, List.of(binding(outbound), binding(null)));

      ResourceState decoded = roundTrip(state);

      assertThat(decoded).isEqualTo(state);
      assertThat(decoded.subscriptions().get(0).flow()).isEqualTo(natted);
      assertThat(decoded.bindings().get(0).flow()).isEqualTo(outbound);
      assertThat(decoded.bindings().get(1).flow()).as("an external registrar's binding").isNull();
    }

    @Test
    void theAvroFlowCarriesEveryField() {
      assertThat(StateCodec.fromAvro(StateCodec.toAvro(natted))).isEqualTo(natted);
      assertThat(StateCodec.fromAvro(StateCodec.toAvro(outbound))).isEqualTo(outbound);
      dev.herald.avro.Flow avro = StateCodec.toAvro(natted);
      assertThat(avro.getEdgeId()).isEqualTo("edge-3");
      assertThat(avro.getEdgeInstance()).isEqualTo(3);
      assertThat(avro.getRemoteHost()).isEqualTo("127.0.0.1");
      assertThat(avro.getRemotePort()).isEqualTo(40000);
      assertThat(avro.getNatted()).isTrue();
      assertThat(avro.getOutbound()).isFalse();
    }

    @Test
    void aLegacySubscriptionStaysLegacyAndKeepsItsSource() {
      Flow legacy = Flow.legacy("udp", "192.0.2.20", 5062);
      ResourceState state = new ResourceState("presence|sip:alice@example.com", List.of(),
          List.of(subscription(legacy)), 0, List.of());

      ResourceState decoded = roundTrip(state);

      assertThat(decoded.subscriptions().get(0).flow()).isEqualTo(legacy);
      assertThat(StateCodec.toRecord(state).getSubscriptions().get(0).getFlow()).isNull();
    }

    @Test
    void aRecordWrittenBeforeFlowsDecodesToALegacyFlowFromItsTransportAndSource() throws Exception {
      List<Schema> versions = SchemaHistory.versionsOf("dev.herald.avro.store.ResourceStateRecord");
      Schema v4 = versions.get(3);
      assertThat(v4.getField("subscriptions").schema().getElementType().getField("flow")).as("v4 is pre-flows")
          .isNull();
      Schema subscriptionSchema = v4.getField("subscriptions").schema().getElementType();
      Schema bindingSchema = v4.getField("bindings").schema().getElementType();
      GenericRecord subscription = new GenericRecordBuilder(subscriptionSchema)
          .set("id", "call-1;bob-tag;local").set("event", "presence").set("callId", "call-1")
          .set("watcherUri", "sip:bob@example.com").set("watcherTag", "bob-tag")
          .set("resourceUri", "sip:alice@example.com").set("localTag", "local").set("remoteCseq", 1L)
          .set("notifyCseq", 1L).set("remoteTarget", "sip:bob@192.0.2.20:5062").set("expiresAtMs", 600_000L)
          .set("transport", "udp").set("sourceHost", "192.0.2.20").set("sourcePort", 5062)
          .build();
      GenericRecord binding = new GenericRecordBuilder(bindingSchema)
          .set("contact", "sip:alice@192.0.2.10").set("expiresAtMs", 3_600_000L).set("callId", "reg-1")
          .set("cseq", 1L).build();
      GenericRecord old = new GenericRecordBuilder(v4).set("resource", "presence|sip:alice@example.com")
          .set("subscriptions", List.of(subscription)).set("bindings", List.of(binding)).build();
      ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v4).encode(old);
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);

      ResourceState decoded = StateCodec.serde().deserializer().deserialize("resources", bytes);

      assertThat(decoded.subscriptions()).singleElement().satisfies(s -> {
        assertThat(s.flow()).isEqualTo(Flow.legacy("udp", "192.0.2.20", 5062));
        assertThat(s.flow().edge().known()).isFalse();
      });
      assertThat(decoded.bindings()).singleElement().satisfies(b -> assertThat(b.flow()).isNull());
    }

    private ResourceState roundTrip(ResourceState state) {
      var serde = StateCodec.serde();
      return serde.deserializer().deserialize("resources", serde.serializer().serialize("resources", state));
    }

    private Subscription subscription(Flow flow) {
      return Subscription.builder().id("call-1;bob-tag;local").event("presence").callId("call-1")
          .watcherUri("sip:bob@example.com").watcherTag("bob-tag")
          .resourceUri("sip:alice@example.com").localTag("local").remoteCseq(1).notifyCseq(1)
          .remoteTarget("sip:bob@127.0.0.2:5062").expiresAtMs(600_000).flow(flow)
          .watcherIdentity("sip:bob@example.com").createdAtMs(0).build();
    }

    private Binding binding(Flow flow) {
      return new Binding(flow == null ? "sip:alice@192.0.2.10" : "sip:alice@198.51.100.7;ob", 3_600_000,
          "reg-1", 1, null, flow == null ? null : "<urn:uuid:0001>", flow == null ? null : 1,
          flow == null ? "external" : "edge", null, 0, flow);
    }
  }
}
