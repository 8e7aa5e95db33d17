package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
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
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of the registrant group: holds the accounts of the partitions Kafka assigned to it,
 * rebuilt from the compacted accounts topic on every assignment. Kafka's assignment is the hash
 * table that spreads accounts over workers; a dead worker's partitions move to the others.
 * The REGISTER cycle itself is not implemented yet: accounts are held, not registered.
 */
public final class RegistrantRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistrantRole.class);

  private final RegistrantConfig config;
  private final KafkaConsumer<String, RegistrantAccount> consumer;
  private final Map<TopicPartition, Map<String, RegistrantAccount>> accounts = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean polling;
  private volatile Exception failure;

  public RegistrantRole(RegistrantConfig config, Map<String, Object> kafka) {
    this.config = config;
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // Never committed: every assignment re-reads the compacted topic from its start.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-registrant-" + config.workerId());
    this.consumer = new KafkaConsumer<>(props, Topics.REGISTRANT_ACCOUNTS.keySerde().deserializer(),
        Topics.REGISTRANT_ACCOUNTS.valueSerde().deserializer());
    this.thread = new Thread(this::run, "registrant-" + config.workerId());
  }

  public synchronized RegistrantRole start() {
    if (!running) {
      throw new IllegalStateException("registrant worker " + config.workerId() + " is closed");
    }
    thread.start();
    return this;
  }

  /** The accounts this worker owns now. */
  public Collection<RegistrantAccount> accounts() {
    return accounts.values().stream().flatMap(owned -> owned.values().stream()).toList();
  }

  private void run() {
    try {
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
      while (running) {
        try {
          polling = true;
          for (ConsumerRecord<String, RegistrantAccount> record : consumer.poll(Duration.ofMillis(500))) {
            Map<String, RegistrantAccount> owned = accounts.computeIfAbsent(
                new TopicPartition(record.topic(), record.partition()), p -> new ConcurrentHashMap<>());
            if (record.value() == null) {
              owned.remove(record.key());
            } else {
              owned.put(record.key(), record.value());
            }
          }
        } catch (RecordDeserializationException e) {
          log.error("skipping undecodable account at {} offset {}", e.topicPartition(), e.offset(), e);
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException e) {
      failure = e;
      log.error("registrant worker {} stopped", config.workerId(), e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("registrant-worker", () -> failure != null ? Health.down("consumer failed: " + failure.getMessage())
        : polling && thread.isAlive() ? Health.up() : Health.down("consumer not running"));
  }

  @Override
  public void close() throws InterruptedException {
    synchronized (this) {
      running = false;
      if (thread.getState() == Thread.State.NEW) {
        // Never started: the poll loop that would close the consumer never runs.
        consumer.close(Duration.ZERO);
        return;
      }
    }
    consumer.wakeup();
    thread.join(5000);
  }
}
