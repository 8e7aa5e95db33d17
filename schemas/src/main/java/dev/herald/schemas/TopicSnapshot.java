package dev.herald.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/** One-off reads of a topic up to its end, outside any consumer group. */
public final class TopicSnapshot {

  private TopicSnapshot() {}

  /**
   * The latest value per key of compacted {@code topic} as the broker holds it now; a key whose latest
   * record is a tombstone maps to null. Throws {@link TimeoutException} if the end is not reached in {@code timeout}.
   */
  public static <V> Map<String, V> latest(Map<String, Object> kafka, TopicSpec<String, V> topic, Duration timeout) {
    Map<String, V> latest = new HashMap<>();
    scan(kafka, topic, null, 0, timeout, record -> latest.put(record.key(), record.value()));
    return latest;
  }

  /**
   * Hands every record of {@code partitions} of {@code topic} (null: all of them) written at or after
   * {@code sinceMs} to {@code each}, partition by partition in offset order, up to the end the
   * broker has now.
   */
  public static <V> void scan(Map<String, Object> kafka, TopicSpec<String, V> topic, Collection<Integer> partitions,
      long sinceMs, Duration timeout, Consumer<ConsumerRecord<String, V>> each) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-snapshot-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer())) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic.name(), timeout)) {
        if (partitions == null || partitions.contains(info.partition())) {
          assigned.add(new TopicPartition(info.topic(), info.partition()));
        }
      }
      consumer.assign(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
      Map<TopicPartition, Long> since = new HashMap<>();
      assigned.forEach(p -> since.put(p, sinceMs));
      Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(since, timeout);
      for (TopicPartition partition : assigned) {
        OffsetAndTimestamp first = start.get(partition);
        consumer.seek(partition, first == null ? end.get(partition) : first.offset());
      }
      while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("did not read " + topic.name() + " to its end within " + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
