package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.PresenceState;
import dev.herald.avro.PublicationSummary;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The example consumer against a real broker: Herald's records as another system reads them. */
class PresenceChangesIT {

  private static final String PIDF = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:%s@example.com\">"
      + "<tuple id=\"t1\"><status><basic>open</basic></status></tuple></presence>";

  @Test
  void aPresenceChangeAndARemovalArePrintedAsTheyArrive() throws Exception {
    KafkaFixture kafka = KafkaFixture.shared();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);
    }
    String user = "example-" + UUID.randomUUID().toString().substring(0, 8);
    String resource = "presence|sip:" + user + "@example.com";
    try (KafkaProducer<String, PresenceState> producer = new KafkaProducer<>(kafka.clientConfig(),
        Topics.PRESENCE_STATE.keySerde().serializer(), Topics.PRESENCE_STATE.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.PRESENCE_STATE.name(), resource, PresenceState.newBuilder()
          .setResource(resource).setEvent("presence").setContentType("application/pidf+xml")
          .setDocument(ByteBuffer.wrap(PIDF.formatted(user).getBytes(StandardCharsets.UTF_8)))
          .setPublications(List.of(PublicationSummary.newBuilder().setEntityTag("e1").setExpiresAtMs(1)
              .setContentType("application/pidf+xml").setBody(null).setSource("publish").build()))
          .setUpdatedAtMs(1).build())).get();
      producer.send(new ProducerRecord<>(Topics.PRESENCE_STATE.name(), resource, null)).get();
    }

    Map<String, Object> props = new HashMap<>(kafka.clientConfig());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "example-" + user);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (KafkaConsumer<String, PresenceState> consumer = new KafkaConsumer<>(props,
        Topics.PRESENCE_STATE.keySerde().deserializer(), Topics.PRESENCE_STATE.valueSerde().deserializer());
         PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      consumer.subscribe(List.of(Topics.PRESENCE_STATE.name()));
      long deadline = System.currentTimeMillis() + 30_000;
      PresenceChanges.print(consumer, out,
          () -> System.currentTimeMillis() < deadline && lines(printed, resource).size() < 2);
    }

    assertThat(lines(printed, resource)).hasSize(2);
    assertThat(lines(printed, resource).get(0)).endsWith(resource + "  open  (1 publications and bindings)");
    assertThat(lines(printed, resource).get(1)).endsWith(resource + "  gone");
  }

  private static List<String> lines(ByteArrayOutputStream printed, String resource) {
    return printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(resource + " ")).toList();
  }
}
