package dev.herald.edge.auth;

import dev.herald.avro.Credential;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only cache of herald.credentials: a consumer of its own (no group) on a thread of its
 * own reads every partition from the beginning and keeps {@code username@realm → Credential},
 * tombstones deleting. Down until it has read up to the end offsets it found at start.
 */
public final class CredentialStore implements CredentialLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);

  private final Map<String, Object> kafka;
  private final Duration pollTimeout;
  private final ConcurrentHashMap<String, Credential> byKey = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile KafkaConsumer<String, Credential> consumer;
  private volatile boolean running = true;
  private volatile boolean caughtUp;
  private volatile Exception failure;

  public CredentialStore(Map<String, Object> kafka) {
    this(kafka, Duration.ofMillis(200));
  }

  public CredentialStore(Map<String, Object> kafka, Duration pollTimeout) {
    this.kafka = Map.copyOf(kafka);
    this.pollTimeout = pollTimeout;
    this.thread = new Thread(this::run, "credential-store");
    this.thread.setDaemon(true);
  }

  public CredentialStore start() {
    Map<String, Object> props = new HashMap<>(kafka);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-credentials");
    consumer = new KafkaConsumer<>(props, Topics.CREDENTIALS.keySerde().deserializer(),
        Topics.CREDENTIALS.valueSerde().deserializer());
    thread.start();
    return this;
  }

  @Override
  public Optional<Credential> find(String username, String realm) {
    return Optional.ofNullable(byKey.get(CredentialLookup.key(username, realm)));
  }

  /** Every credential, ordered by key. */
  public List<Credential> all() {
    return byKey.values().stream()
        .sorted(Comparator.comparing(c -> CredentialLookup.key(c.getUsername(), c.getRealm()))).toList();
  }

  public Health health() {
    if (failure != null) {
      return Health.down("credentials: " + failure.getMessage());
    }
    return caughtUp && thread.isAlive() ? Health.up() : Health.down("credentials not loaded yet");
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("credentials", this::health);
  }

  private void run() {
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CREDENTIALS.name(), Duration.ofMinutes(5))
          .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + Topics.CREDENTIALS.name() + " does not exist");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running) {
        try {
          for (ConsumerRecord<String, Credential> record : consumer.poll(pollTimeout)) {
            apply(record);
          }
        } catch (RecordDeserializationException e) {
          log.error("skipping undecodable credential at {} offset {}", e.topicPartition(), e.offset(), e);
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        if (!caughtUp && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
          caughtUp = true;
          log.info("credentials loaded: {} users", byKey.size());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException e) {
      failure = e;
      log.error("credential store stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void apply(ConsumerRecord<String, Credential> record) {
    if (record.value() == null) {
      byKey.remove(record.key());
    } else {
      byKey.put(record.key(), record.value());
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (consumer == null) {
      return;
    }
    consumer.wakeup();
    thread.join(5000);
  }
}
