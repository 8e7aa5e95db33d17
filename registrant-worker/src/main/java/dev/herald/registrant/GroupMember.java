package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.common.Health;
import dev.herald.common.kafka.PollLoop;
import dev.herald.registrant.Ownership.Decision;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker as a member of the registrant consumer group, on its poll thread: owns the consumer of
 * the accounts and commands topics, follows the group's assignment and hands what it reads to the
 * scheduling thread, where {@link Ownership} decides and {@link CycleRunner} carries out. An assigned
 * partition is read to its end ({@link PartitionSnapshot}) and taken over before the consumer goes on
 * from there; a revoked one is released and its last status written before the group moves it.
 */
final class GroupMember implements AutoCloseable {

  // The role's logger: operators filter the registrant's lines by its name.
  private static final Logger log = LoggerFactory.getLogger(RegistrantRole.class);
  private static final Duration HANDOVER_WAIT = Duration.ofSeconds(10);

  private final RegistrantConfig config;
  private final Map<String, Object> kafka;
  private final CycleTimers timers;
  private final Ownership ownership;
  private final KafkaConsumer<String, byte[]> consumer;
  private final PollLoop<String, byte[]> loop;
  // Set by start before the poll thread, their only reader, starts.
  private CycleRunner runner;
  private StatusWriter status;

  GroupMember(RegistrantConfig config, Map<String, Object> kafka, CycleTimers timers, Ownership ownership) {
    this.config = config;
    this.kafka = kafka;
    this.timers = timers;
    this.ownership = ownership;
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // Positions are set by hand on every assignment: accounts after the snapshot of their partitions,
    // commands at the committed offset or, without one, at the end, so no old command replays.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The range assignor gives one member the same partition of the co-partitioned accounts and commands topics.
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-registrant-" + config.workerId());
    // A worker that dies without leaving the group is noticed in 10 s rather than 45, well inside
    // any registrar's grant, so its accounts are refreshed by the others in time.
    props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.loop = new PollLoop<>("registrant-" + config.workerId(), consumer, this::subscribe, this::apply,
        Duration.ofMillis(500));
  }

  /** The consumer's own metrics in {@code registry} while it polls. */
  void meteredIn(MeterRegistry registry) {
    loop.meteredIn(registry);
  }

  /** Joins the group and starts polling; what it reads is carried out by {@code runner}. */
  void start(CycleRunner runner, StatusWriter status) {
    this.runner = runner;
    this.status = status;
    loop.start();
  }

  Health health() {
    return loop.health();
  }

  private void subscribe(KafkaConsumer<String, byte[]> consumer) {
    consumer.subscribe(List.of(Topics.REGISTRANT_ACCOUNTS.name(), Topics.REGISTRANT_COMMANDS.name()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions);
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            adopt(consumer, partitions);
          }
        });
  }

  /** Forgets the accounts of revoked partitions and makes sure their last status is written. */
  private void release(Collection<TopicPartition> partitions) {
    List<Integer> numbers = accountPartitions(partitions);
    if (numbers.isEmpty()) {
      return;
    }
    handOver(() -> ownership.release(numbers));
    status.flush();
    log.info("registrant {} released partitions {}", config.workerId(), numbers);
  }

  /**
   * Reads the accounts and the status of newly assigned partitions to their ends, hands them to the
   * scheduling thread, and goes on reading accounts from where that read stopped.
   */
  private void adopt(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
    List<Integer> numbers = accountPartitions(partitions);
    if (numbers.isEmpty()) {
      return;
    }
    PartitionSnapshot snapshot = PartitionSnapshot.read(kafka, numbers, Duration.ofSeconds(30));
    snapshot.accountEndOffsets().forEach(consumer::seek);
    // Commands go on from the group's committed offset; where there is none, from the end as it is now.
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(snapshot.commandEndOffsets().keySet());
    snapshot.commandEndOffsets().forEach((partition, end) -> {
      OffsetAndMetadata offset = committed.get(partition);
      consumer.seek(partition, offset != null ? offset.offset() : end);
    });
    handOver(() -> ownership.takeOver(snapshot));
    log.info("registrant {} took partitions {}: {} accounts", config.workerId(), numbers,
        snapshot.accounts().values().stream().mapToInt(Map::size).sum());
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    String topic = record.topic();
    if (record.key() == null) {
      log.warn("registrant {}: record without key at {}-{}@{} skipped", config.workerId(), topic,
          record.partition(), record.offset());
      return;
    }
    try {
      if (topic.equals(Topics.REGISTRANT_ACCOUNTS.name())) {
        RegistrantAccount account = record.value() == null ? null
            : Topics.REGISTRANT_ACCOUNTS.valueSerde().deserializer().deserialize(topic, record.value());
        timers.submit(() -> runner.carryOut(ownership.apply(record.partition(), record.key(), account)));
      } else if (topic.equals(Topics.REGISTRANT_COMMANDS.name()) && record.value() != null) {
        RegistrantCommand command = Topics.REGISTRANT_COMMANDS.valueSerde().deserializer()
            .deserialize(topic, record.value());
        timers.submit(() -> runner.carryOut(ownership.command(record.key(), command)));
        consumer.commitAsync();
      }
    } catch (RuntimeException e) {
      log.error("registrant {}: undecodable record at {}-{}@{} skipped", config.workerId(), topic,
          record.partition(), record.offset(), e);
    }
  }

  /** Decides and carries out on the scheduling thread, and waits: records polled next must find the hand-over done. */
  private void handOver(Supplier<List<Decision>> decide) {
    timers.runAndWait(() -> runner.carryOut(decide.get()), HANDOVER_WAIT)
        .ifPresent(failure -> log.error("registrant {}: partition hand-over failed", config.workerId(), failure));
  }

  private static List<Integer> accountPartitions(Collection<TopicPartition> partitions) {
    return partitions.stream().filter(p -> p.topic().equals(Topics.REGISTRANT_ACCOUNTS.name()))
        .map(TopicPartition::partition).sorted().toList();
  }

  /** Leaves the group and closes the consumer, also one that never polled. */
  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}
