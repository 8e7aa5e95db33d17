package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantStatus;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The accounts and the last status of some partitions, read from the compacted topics to the
 * offsets they had when the read began: what a worker needs before it takes those accounts on.
 * Accounts and status are co-partitioned, so partition n of one matches partition n of the other.
 * Keys are the account ids; a key whose last record is a tombstone is absent.
 *
 * @param accountEndOffsets where the read of each accounts partition stopped, to go on from there
 * @param commandEndOffsets the ends of the matching commands partitions when the read began
 */
record PartitionSnapshot(Map<Integer, Map<String, RegistrantAccount>> accounts,
    Map<Integer, Map<String, RegistrantStatus>> statuses, Map<TopicPartition, Long> accountEndOffsets,
    Map<TopicPartition, Long> commandEndOffsets) {

  static PartitionSnapshot read(Map<String, Object> kafka, List<Integer> partitions, Duration timeout) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    String accountsTopic = Topics.REGISTRANT_ACCOUNTS.name();
    String statusTopic = Topics.REGISTRANT_STATUS.name();
    List<TopicPartition> all = new ArrayList<>();
    for (int p : partitions) {
      all.add(new TopicPartition(accountsTopic, p));
      all.add(new TopicPartition(statusTopic, p));
    }
    Map<Integer, Map<String, RegistrantAccount>> accounts = new HashMap<>();
    Map<Integer, Map<String, RegistrantStatus>> statuses = new HashMap<>();
    Map<TopicPartition, Long> accountEnds = new HashMap<>();
    Map<TopicPartition, Long> commandEnds = new HashMap<>();
    try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> commands = partitions.stream()
          .map(p -> new TopicPartition(Topics.REGISTRANT_COMMANDS.name(), p)).toList();
      commandEnds.putAll(reader.endOffsets(commands, timeout));
      reader.assign(all);
      reader.seekToBeginning(all);
      Map<TopicPartition, Long> ends = new HashMap<>(reader.endOffsets(all, timeout));
      ends.forEach((tp, end) -> {
        if (tp.topic().equals(accountsTopic)) {
          accountEnds.put(tp, end);
        }
      });
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!caughtUp(reader, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("registrant partitions " + partitions + " not read within " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          if (record.offset() >= ends.get(tp)) {
            continue;
          }
          if (record.topic().equals(accountsTopic)) {
            keep(accounts, record, Topics.REGISTRANT_ACCOUNTS.valueSerde().deserializer());
          } else {
            keep(statuses, record, Topics.REGISTRANT_STATUS.valueSerde().deserializer());
          }
        }
      }
    }
    for (int p : partitions) {
      accounts.computeIfAbsent(p, k -> new HashMap<>());
    }
    return new PartitionSnapshot(accounts, statuses, accountEnds, commandEnds);
  }

  /** The record's value under its key in its partition's map; a tombstone removes the key. */
  private static <V> void keep(Map<Integer, Map<String, V>> byPartition, ConsumerRecord<String, byte[]> record,
      Deserializer<V> deserializer) {
    Map<String, V> latest = byPartition.computeIfAbsent(record.partition(), p -> new HashMap<>());
    if (record.value() == null) {
      latest.remove(record.key());
    } else {
      latest.put(record.key(), deserializer.deserialize(record.topic(), record.value()));
    }
  }

  private static boolean caughtUp(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (reader.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }
}
