package dev.herald.launcher;

import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a topic of a running Herald from the beginning to its end, as the tests check it. */
final class LogReader {

  private LogReader() {}

  /** Every value of {@code topic}, per key in log order (a tombstone is null). */
  static <V> Map<String, List<V>> byKey(String bootstrap, String topic, Deserializer<V> values) {
    Map<String, List<V>> byKey = new LinkedHashMap<>();
    scan(bootstrap, topic, values, record -> byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value()));
    return byKey;
  }

  /** Every value of {@code topic}, in the order read. */
  static <V> List<V> all(String bootstrap, String topic, Deserializer<V> values) {
    List<V> all = new ArrayList<>();
    scan(bootstrap, topic, values, record -> all.add(record.value()));
    return all;
  }

  private static <V> void scan(String bootstrap, String topic, Deserializer<V> values,
      Consumer<ConsumerRecord<String, V>> each) {
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        Topics.REQUESTS.keySerde().deserializer(), values)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
