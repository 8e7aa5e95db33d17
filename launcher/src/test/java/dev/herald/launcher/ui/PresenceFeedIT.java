package dev.herald.launcher.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.PresenceState;
import dev.herald.avro.SubHandling;
import dev.herald.processor.ProcessorState;
import dev.herald.processor.ResourceTopology;
import dev.herald.processor.state.ResourceStore;
import dev.herald.processor.state.StateCodec;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The web view's feed against a real broker: it reads what the topics hold from their beginning,
 * finds the processor's changelog once it exists, skips a record it cannot decode and goes on.
 */
class PresenceFeedIT {

  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void theFeedReadsTheTopicsFindsALateChangelogAndSkipsWhatItCannotDecode() throws Exception {
    KafkaFixture kafka = KafkaFixture.shared();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);
    }
    String applicationId = KafkaFixture.uniqueName("web-view-app");
    String resource = "presence|sip:" + KafkaFixture.uniqueName("feed") + "@example.com";
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
        new ByteArraySerializer())) {
      PresenceState state = PresenceState.newBuilder(PresenceViewTest.state("open", "from the topic"))
          .setResource(resource).build();
      producer.send(new ProducerRecord<>(Topics.PRESENCE_STATE.name(), resource,
          Topics.PRESENCE_STATE.valueSerde().serializer().serialize(Topics.PRESENCE_STATE.name(), state))).get();

      LiveView view = new LiveView(new SseBroadcaster(4, 64, Duration.ofSeconds(15)));
      try (PresenceFeed feed = new PresenceFeed(kafka.clientConfig(), applicationId, view).start()) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(view.snapshot().presentities())
            .extracting(PresenceView.Presentity::key).contains(resource));

        String changelog = ProcessorState.changelog(applicationId, ResourceTopology.SUBSCRIPTIONS_STORE);
        kafka.createTopic(changelog, 2);
        String key = ResourceStore.subscriptionKey(resource, "s1");
        producer.send(new ProducerRecord<>(changelog, key, new byte[] {1, 2, 3})).get();
        producer.send(new ProducerRecord<>(changelog, key, StateCodec.subscriptionSerde().serializer()
            .serialize(changelog, PresenceViewTest.subscription(SubHandling.ALLOW, 1)))).get();
        await().atMost(WAIT).untilAsserted(() -> assertThat(view.snapshot().watchers())
            .extracting(PresenceView.Watcher::resource).containsExactly(resource));
        assertThat(feed.healthCheck().check().healthy()).isTrue();

        producer.send(new ProducerRecord<>(changelog, key, null)).get();
        await().atMost(WAIT).untilAsserted(() -> assertThat(view.snapshot().watchers()).isEmpty());
      }
    }
  }
}
