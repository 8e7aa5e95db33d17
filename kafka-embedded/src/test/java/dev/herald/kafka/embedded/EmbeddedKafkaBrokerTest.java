package dev.herald.kafka.embedded;

import static dev.herald.kafka.embedded.KafkaTestClients.consumeFromBeginning;
import static dev.herald.kafka.embedded.KafkaTestClients.createTopic;
import static dev.herald.kafka.embedded.KafkaTestClients.listTopics;
import static dev.herald.kafka.embedded.KafkaTestClients.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @TempDir
  Path dataDir;

  @Test
  void restartOnTheSameDataDirKeepsClusterIdTopicsAndRecords() throws Exception {
    EmbeddedKafkaConfig config = EmbeddedKafkaConfig.of(dataDir);
    String clusterId;
    try (EmbeddedKafkaBroker first = new EmbeddedKafkaBroker(config)) {
      first.start();
      String bootstrap = first.bootstrapServers();
      assertThat(bootstrap).isEqualTo("127.0.0.1:" + first.port());
      createTopic(bootstrap, "presence-events");
      produce(bootstrap, "presence-events", "alice@herald.dev", "online");

      List<ConsumerRecord<String, String>> read = consumeFromBeginning(bootstrap, "presence-events", 1);
      assertThat(read).extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("alice@herald.dev", "online"));
      clusterId = first.clusterId();
    }
    Path metaProperties = dataDir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME).resolve("meta.properties");
    assertThat(metaProperties).exists();
    long formattedAt = Files.getLastModifiedTime(metaProperties).toMillis();
    String metaBefore = Files.readString(metaProperties);

    try (EmbeddedKafkaBroker second = new EmbeddedKafkaBroker(config)) {
      second.start();
      String bootstrap = second.bootstrapServers();
      assertThat(second.clusterId()).isEqualTo(clusterId);
      assertThat(listTopics(bootstrap)).contains("presence-events");

      List<ConsumerRecord<String, String>> read = consumeFromBeginning(bootstrap, "presence-events", 1);
      assertThat(read).extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("alice@herald.dev", "online"));
    }
    // not re-formatted: same meta.properties, same cluster id
    assertThat(Files.readString(metaProperties)).isEqualTo(metaBefore);
    assertThat(Files.getLastModifiedTime(metaProperties).toMillis()).isEqualTo(formattedAt);
  }

  @Test
  void appliesSmallFootprintDefaultsAndLetsOverridesWin() throws Exception {
    EmbeddedKafkaConfig config = EmbeddedKafkaConfig.of(dataDir).withOverride("num.partitions", "3");
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config);
       Admin admin = startAndConnect(broker)) {
      ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config effective = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);

      assertThat(effective.get("log.cleaner.dedupe.buffer.size").value()).isEqualTo("8388608");
      assertThat(effective.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThat(effective.get("offsets.topic.replication.factor").value()).isEqualTo("1");
      assertThat(effective.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
      assertThat(effective.get("num.partitions").value()).isEqualTo("3");
    }
  }

  @Test
  void closedBrokerCannotBeRestartedAndReportsNoAddress() {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.of(dataDir));
    broker.close();
    broker.close(); // idempotent

    assertThat(broker.isRunning()).isFalse();
    assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class);
  }

  private static Admin startAndConnect(EmbeddedKafkaBroker broker) {
    broker.start();
    return Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
  }
}
