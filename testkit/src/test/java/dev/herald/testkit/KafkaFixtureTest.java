package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaFixtureTest {

  @Test
  void theContainerRunsTheKafkaVersionOfTheParentPom() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
    assertThat(version.find()).as("kafka.version in the parent pom").isTrue();

    assertThat(KafkaFixture.KAFKA_IMAGE).isEqualTo("apache/kafka:" + version.group(1));
  }

  @Test
  void sharedFixtureIsOneBrokerThatAcceptsProduceAndConsume() throws Exception {
    KafkaFixture fixture = KafkaFixture.shared();
    assertThat(KafkaFixture.shared()).isSameAs(fixture);
    assertThat(fixture.bootstrapServers()).matches(".+:\\d+");

    String topic = KafkaFixture.uniqueName("fixture-roundtrip");
    fixture.createTopic(topic, 1);

    try (KafkaProducer<String, String> producer =
           new KafkaProducer<>(fixture.clientConfig(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "bob@herald.dev", "away")).get(30, TimeUnit.SECONDS);
    }

    Map<String, Object> consumerConfig = new HashMap<>(fixture.clientConfig());
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueName("fixture-test"));
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
           new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
        assertThat(values).containsExactly("bob@herald.dev=away");
      });
    }
  }

  @Test
  void freePortCanBeBound() throws IOException {
    int port = KafkaFixture.freePort();
    assertThat(port).isBetween(1, 65535);
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void dockerProbeNeverThrowsWhateverTheEnvironment() {
    boolean available = KafkaFixture.dockerAvailable();
    if (!KafkaFixture.dockerHintPresent()) {
      assertThat(available).isFalse();
    }
  }

  @Test
  void sharedFixtureFallsBackToTheEmbeddedBrokerWithoutDocker() {
    if (!KafkaFixture.dockerAvailable()) {
      assertThat(KafkaFixture.shared().kind()).isEqualTo(KafkaFixture.Kind.EMBEDDED);
    }
  }
}
