package dev.herald.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/** A one-off read of a compacted topic up to its end: the latest value of every key. */
public final class TopicSnapshot {

  private TopicSnapshot() {}

  /**
   * The latest value per key of {@code topic} as the broker holds it now; a key whose latest record
   * is a tombstone maps to null. Throws {@link TimeoutException} if the end is not reached in {@code timeout}.
   */
  public static <V> Map<String, V> latest(Map<String, Object> kafka, TopicSpec<String, V> topic, Duration timeout) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-snapshot-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, V> latest = new HashMap<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic.name(), timeout)) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("did not read " + topic.name() + " to its end within " + timeout);
        }
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
          latest.put(record.key(), record.value());
        }
      }
    }
    return latest;
  }
}
