package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.common.HealthCheck;
import dev.herald.common.kafka.PollLoop;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A member of the registrant group: holds the accounts of the partitions Kafka assigned to it,
 * rebuilt from the compacted accounts topic on every assignment. Kafka's assignment is the hash
 * table that spreads accounts over workers; a dead worker's partitions move to the others.
 * The REGISTER cycle itself is not implemented yet: accounts are held, not registered.
 */
public final class RegistrantRole implements AutoCloseable {

  private final PollLoop<String, RegistrantAccount> loop;
  private final Map<TopicPartition, Map<String, RegistrantAccount>> accounts = new ConcurrentHashMap<>();

  public RegistrantRole(RegistrantConfig config, Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // Never committed: every assignment re-reads the compacted topic from its start.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-registrant-" + config.workerId());
    KafkaConsumer<String, RegistrantAccount> consumer = new KafkaConsumer<>(props,
        Topics.REGISTRANT_ACCOUNTS.keySerde().deserializer(), Topics.REGISTRANT_ACCOUNTS.valueSerde().deserializer());
    this.loop = new PollLoop<>("registrant-" + config.workerId(), consumer, this::subscribe, this::apply,
        Duration.ofMillis(500));
  }

  public RegistrantRole start() {
    loop.start();
    return this;
  }

  /** The accounts this worker owns now. */
  public Collection<RegistrantAccount> accounts() {
    return accounts.values().stream().flatMap(owned -> owned.values().stream()).toList();
  }

  private void subscribe(KafkaConsumer<String, RegistrantAccount> consumer) {
    consumer.subscribe(List.of(Topics.REGISTRANT_ACCOUNTS.name()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(accounts::remove);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions);
      }
    });
  }

  private void apply(ConsumerRecord<String, RegistrantAccount> record) {
    Map<String, RegistrantAccount> owned = accounts.computeIfAbsent(
        new TopicPartition(record.topic(), record.partition()), p -> new ConcurrentHashMap<>());
    if (record.value() == null) {
      owned.remove(record.key());
    } else {
      owned.put(record.key(), record.value());
    }
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("registrant-worker", loop::health);
  }

  /** Stops the worker; a worker that was never started releases its consumer too. */
  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}
