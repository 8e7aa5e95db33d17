package dev.herald.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.Publish;
import dev.herald.avro.RegistrantStatus;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  static RequestEvent subscribeEvent() {
    return RequestEvent.newBuilder()
        .setRequestId("z9hG4bK-1|SUBSCRIBE|127.0.0.1:5070")
        .setResource("presence|sip:bob@example.com")
        .setEdgeId("edge-1").setReplyPartition(3).setReceivedAtMs(1_700_000_000_000L)
        .setPayload(Subscribe.newBuilder()
            .setEvent("presence").setEventId("7").setCallId("c1")
            .setFromUri("sip:alice@example.com").setFromTag("a1").setToUri("sip:bob@example.com")
            .setCseq(1).setContact("sip:alice@127.0.0.1:5070").setRouteSet(List.of("<sip:p1;lr>"))
            .setAccept(List.of("application/pidf+xml")).setExpires(600)
            .setTransport("udp").setSourceHost("127.0.0.1").setSourcePort(5070).build())
        .build();
  }

  @Test
  void requestEventsRoundTripWithEachVariant() {
    AvroSerde<RequestEvent> serde = AvroSerde.of(RequestEvent.class);
    RequestEvent publish = RequestEvent.newBuilder(subscribeEvent())
        .setPayload(Publish.newBuilder().setEvent("presence").setCallId("p1")
            .setFromUri("sip:bob@example.com").setExpires(3600).setContentType("application/pidf+xml")
            .setBody(ByteBuffer.wrap("<presence/>".getBytes(StandardCharsets.UTF_8)))
            .setExtraHeaders(List.of(new Header("Call-Info", "<sip:x>;appearance-index=1"))).build())
        .build();
    RequestEvent outcome = RequestEvent.newBuilder(subscribeEvent())
        .setReplyPartition(-1)
        .setPayload(NotifyOutcome.newBuilder().setSubscriptionId("s").setCseq(4).setStatusCode(481).build())
        .build();

    for (RequestEvent event : List.of(subscribeEvent(), publish, outcome)) {
      byte[] bytes = serde.serializer().serialize("t", event);
      assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(event);
    }
  }

  @Test
  void recordsCarrySingleObjectEncodingMarkerAndFingerprint() {
    AvroSerde<Decision> serde = AvroSerde.of(Decision.class);
    byte[] bytes = serde.encode(Decision.newBuilder().setRequestId("r").setStatusCode(200).setDecidedAtMs(1).build());

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(org.apache.avro.SchemaNormalization.parsingFingerprint64(serde.schema()));
  }

  @Test
  void aRecordWrittenWithAnOlderSchemaIsReadWithDefaultsForNewFields() throws Exception {
    Schema older = new Schema.Parser().parse("""
        {"type":"record","name":"RegistrantStatus","namespace":"dev.herald.avro","fields":[
          {"name":"accountId","type":"string"},{"name":"aor","type":"string"},
          {"name":"registrar","type":"string"},{"name":"state","type":"int"},
          {"name":"stateName","type":"string"},{"name":"updatedAtMs","type":"long"}]}""");
    GenericRecord old = new GenericData.Record(older);
    old.put("accountId", "acc-1");
    old.put("aor", "sip:trunk@carrier.example");
    old.put("registrar", "sip:carrier.example");
    old.put("state", 3);
    old.put("stateName", "REGISTERED");
    old.put("updatedAtMs", 42L);
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    RegistrantStatus read = AvroSerde.withWriterSchemas(RegistrantStatus.class, List.of(older)).decode(bytes);

    assertThat(read.getAccountId()).isEqualTo("acc-1");
    assertThat(read.getState()).isEqualTo(3);
    assertThat(read.getGrantedExpires()).isNull();
    assertThat(read.getWorker()).isNull();
  }

  @Test
  void aRecordOfAnUnknownSchemaIsRejectedNotMisread() throws Exception {
    Schema unknown = new Schema.Parser().parse("""
        {"type":"record","name":"Other","fields":[{"name":"x","type":"long"}]}""");
    GenericRecord record = new GenericData.Record(unknown);
    record.put("x", 1L);
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unknown).encode(record);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    assertThatThrownBy(() -> AvroSerde.of(Decision.class).decode(bytes))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> AvroSerde.of(Decision.class).decode("not avro".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void nullsPassThroughAsTombstones() {
    AvroSerde<Decision> serde = AvroSerde.of(Decision.class);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}
