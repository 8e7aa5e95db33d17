package dev.herald.common.kafka;

import dev.herald.common.HealthCheck;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Every record of a whole compacted topic, read into memory by key: the latest value wins and a
 * tombstone removes the key. It reads every partition from the beginning, without a consumer group,
 * and lags the topic by a poll; {@link #awaitRead} lets a writer wait until it sees its own write.
 */
public final class TopicCache<K, V> implements AutoCloseable {

  private final String name;
  private final String topic;
  private final PollLoop<K, V> loop;
  private final Map<K, V> values = new ConcurrentHashMap<>();
  /** Per partition, the offset after the last record read. */
  private final Map<Integer, Long> read = new HashMap<>();

  /**
   * @param name the poll thread's name and the health check's
   * @param kafka consumer settings, at least the bootstrap servers
   */
  public TopicCache(String name, String topic, Map<String, Object> kafka, Deserializer<K> keys,
      Deserializer<V> values) {
    this.name = name;
    this.topic = topic;
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-" + name);
    KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values);
    this.loop = new PollLoop<>(name, consumer, this::assignAll, this::onRecord, Duration.ofMillis(200));
  }

  public TopicCache<K, V> start() {
    loop.start();
    return this;
  }

  public Optional<V> get(K key) {
    return Optional.ofNullable(values.get(key));
  }

  /** A snapshot of every key's value. */
  public Map<K, V> snapshot() {
    return Map.copyOf(values);
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of(name, loop::health);
  }

  /**
   * Waits until the record at {@code offset} of {@code partition} has been read, at most {@code timeout};
   * whether it has.
   */
  public boolean awaitRead(int partition, long offset, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (read) {
      while (read.getOrDefault(partition, 0L) <= offset) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        read.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private void assignAll(KafkaConsumer<K, V> consumer) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  private void onRecord(ConsumerRecord<K, V> record) {
    if (record.value() == null) {
      values.remove(record.key());
    } else {
      values.put(record.key(), record.value());
    }
    synchronized (read) {
      read.merge(record.partition(), record.offset() + 1, Math::max);
      read.notifyAll();
    }
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}
