package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class ProcessorRolePropertiesTest {

  private static final Properties PROPERTIES = ProcessorRole.streamsProperties(
      ProcessorConfig.defaults(Path.of("state")).withReplicationFactor((short) 3),
      Map.of("bootstrap.servers", "broker-1:9092"));

  @Test
  void aProcessorThatDiesSilentlyLosesItsPartitionsAfterTenSeconds() {
    assertThat(PROPERTIES.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))).isEqualTo(10_000);
    assertThat((int) PROPERTIES.get(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)))
        .isLessThan(10_000 / 2);
  }

  @Test
  void onAReplicatedClusterAnotherProcessorKeepsAWarmCopyOfEachTasksStores() {
    assertThat(PROPERTIES.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    Properties single = ProcessorRole.streamsProperties(ProcessorConfig.defaults(Path.of("state")),
        Map.of("bootstrap.servers", "127.0.0.1:9092"));
    assertThat(single.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(0);
  }

  @Test
  void eachInstanceTellsTheOthersItsAdminPortAsItsApplicationServer() {
    Properties withViews = ProcessorRole.streamsProperties(ProcessorConfig.defaults(Path.of("state")),
        Map.of("bootstrap.servers", "127.0.0.1:9092"), new HostInfo("processor-2", 18082));
    assertThat(withViews.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("processor-2:18082");
    assertThat(PROPERTIES).doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
  }

  @Test
  void changelogsAreReplicatedAndEveryWriteWaitsForTheInSyncReplicas() {
    assertThat(PROPERTIES.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
    assertThat(PROPERTIES.get(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG))).isEqualTo("all");
  }

  @Test
  void liveTakesEachTopicAsItComesButARebuildTakesTheLogsInTimestampOrder() {
    assertThat(PROPERTIES.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(-1L);
    Properties rebuild = ProcessorRole.streamsProperties(ProcessorConfig.defaults(Path.of("state"))
        .withOutputs(ProcessorConfig.Outputs.NONE), Map.of("bootstrap.servers", "127.0.0.1:9092"));
    assertThat(rebuild.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(0L);
  }

  @Test
  void atLeastOnceCommitsEverySecondWhileExactlyOnceKeepsItsReadersWaitingOnlyATenth() {
    assertThat(PROPERTIES.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1000);
    Properties exactlyOnce = ProcessorRole.streamsProperties(
        ProcessorConfig.defaults(Path.of("state")).withProcessingGuarantee("exactly_once_v2"),
        Map.of("bootstrap.servers", "127.0.0.1:9092"));
    assertThat(exactlyOnce.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100);
  }

  @Test
  void theStreamThreadsAreTheConfigs() {
    Properties two = ProcessorRole.streamsProperties(ProcessorConfig.defaults(Path.of("state")).withStreamThreads(2),
        Map.of("bootstrap.servers", "127.0.0.1:9092"));
    assertThat(two.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
  }

  @Test
  void everyRocksDbStoreSharesOneBoundOfTheConfiguredSize() {
    Properties bounded = ProcessorRole.streamsProperties(ProcessorConfig.defaults(Path.of("state"))
        .withStoreMemory(StoreMemory.defaults().withRocksDbBytes(32L << 20)), Map.of("bootstrap.servers", "b:9092"));

    assertThat(bounded.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDb.class);
    assertThat(bounded.get(BoundedRocksDb.BYTES)).isEqualTo(32L << 20);
  }
}
