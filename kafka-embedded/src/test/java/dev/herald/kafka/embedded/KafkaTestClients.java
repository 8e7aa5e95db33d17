package dev.herald.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small client helpers for the broker tests. */
final class KafkaTestClients {

  private KafkaTestClients() {
  }

  static void createTopic(String bootstrap, String topic) throws Exception {
    createTopic(plain(bootstrap), topic);
  }

  /** The client properties of a plaintext listener. */
  static Map<String, Object> plain(String bootstrap) {
    return Map.of("bootstrap.servers", bootstrap);
  }

  /** Client properties: {@code settings} and {@code bootstrap}. */
  static Map<String, Object> client(String bootstrap, Map<String, String> settings) {
    Map<String, Object> client = new java.util.HashMap<>(settings);
    client.put("bootstrap.servers", bootstrap);
    return client;
  }

  static void createTopic(Map<String, Object> client, String topic) throws Exception {
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  static Set<String> listTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  static void produce(String bootstrap, String topic, String key, String value) throws Exception {
    produce(plain(bootstrap), topic, key, value);
  }

  static void produce(Map<String, Object> client, String topic, String key, String value) throws Exception {
    Map<String, Object> props = new java.util.HashMap<>(client);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  /** Reads the topic from the beginning with a fresh group until {@code expected} records arrived. */
  static List<ConsumerRecord<String, String>> consumeFromBeginning(String bootstrap, String topic, int expected) {
    return consumeFromBeginning(plain(bootstrap), topic, expected);
  }

  static List<ConsumerRecord<String, String>> consumeFromBeginning(Map<String, Object> client, String topic,
      int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    Map<String, Object> props = new java.util.HashMap<>(client);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        assertThat(records).hasSizeGreaterThanOrEqualTo(expected);
      });
    }
    return records;
  }
}
