package dev.herald.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testkit.KafkaFixture;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicBootstrapIT {

  private final KafkaFixture kafka = KafkaFixture.shared();

  private static TopicSpec<String, String> spec(String name, int partitions, Map<String, String> configs) {
    return new TopicSpec<>(name, Serdes.String(), Serdes.String(), partitions, configs);
  }

  @Test
  void createsMissingTopicsWithTheirPartitionsAndConfigsAndIsIdempotent() throws Exception {
    String name = KafkaFixture.uniqueName("bootstrap-compacted");
    TopicSpec<String, String> compacted = spec(name, 3,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      TopicBootstrap bootstrap = new TopicBootstrap(admin, (short) 1, 30_000);

      TopicBootstrap.Result first = bootstrap.ensureTopics(List.of(compacted));
      TopicBootstrap.Result second = bootstrap.ensureTopics(List.of(compacted));

      assertThat(first.created()).containsExactly(name);
      assertThat(second.created()).isEmpty();
      assertThat(admin.describeTopics(Set.of(name)).allTopicNames().get().get(name).partitions()).hasSize(3);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
      Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
      assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    }
  }

  @Test
  void anExistingTopicIsLeftAsItIsAndAPartitionMismatchIsReported() throws Exception {
    String name = KafkaFixture.uniqueName("bootstrap-existing");
    kafka.createTopic(name, 2);
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      TopicBootstrap.Result result = new TopicBootstrap(admin, (short) 1, 30_000)
          .ensureTopics(List.of(spec(name, 4, Map.of())));

      assertThat(result.created()).isEmpty();
      assertThat(result.partitionMismatches()).containsExactly(name);
      assertThat(admin.describeTopics(Set.of(name)).allTopicNames().get().get(name).partitions()).hasSize(2);
    }
  }

  @Test
  void theWholeCatalogCanBeCreated() throws Exception {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);

      assertThat(admin.listTopics().names().get())
          .containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
    }
  }
}
