package dev.herald.processor;

import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Rebuilds the processor's state from the logs into a fresh application id: a processor without
 * outputs reads its input topics from the beginning until it has committed the end offsets they had
 * when the rebuild began, then stops. Its stores, and their changelogs, then hold the state the logs
 * give.
 */
public final class Rebuild {

  /** The topics the resource processor reads (the registrar events are in the request log already). */
  static final List<String> INPUTS =
      List.of(Topics.REQUESTS.name(), Topics.NOTIFY_OUTCOMES.name(), Topics.PRESENCE_RULES.name());

  private static final long POLL_MS = 200;

  private Rebuild() {}

  /**
   * Runs the rebuild of {@code config} (outputs NONE, a fresh application id) to the end offsets of
   * now. Throws {@link IllegalArgumentException} for a config that would write outputs or an id that
   * was used before, {@link TimeoutException} if the end is not reached within {@code timeout}.
   */
  public static void run(ProcessorConfig config, Map<String, Object> kafka, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (config.outputs() != ProcessorConfig.Outputs.NONE) {
      throw new IllegalArgumentException("a rebuild must not write outputs: it would answer and notify again");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> ends;
    try (Admin admin = Admin.create(kafka)) {
      checkFresh(admin, config.applicationId(), timeout);
      ends = endOffsets(admin, timeout);
    }
    try (ProcessorRole processor = new ProcessorRole(config, kafka, new SimpleMeterRegistry()).start();
         Admin admin = Admin.create(kafka)) {
      while (!caughtUp(admin, config.applicationId(), ends, timeout)) {
        KafkaStreams.State state = processor.streams().state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("the rebuild's processor stopped: " + state);
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("the rebuild did not reach the end of " + INPUTS + " within " + timeout);
        }
        Thread.sleep(POLL_MS);
      }
    }
  }

  /** A used application id would go on from its committed offsets and its old stores, not from the beginning. */
  private static void checkFresh(Admin admin, String applicationId, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    String changelog = ProcessorState.changelog(applicationId, ResourceTopology.RESOURCES_STORE);
    boolean stored = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(changelog);
    if (stored || !committed(admin, applicationId, timeout).isEmpty()) {
      throw new IllegalArgumentException("application id " + applicationId
          + " has been used already (offsets or " + changelog + "); a rebuild needs a fresh one");
    }
  }

  /** The end offset of every input partition that holds records now (retention may have emptied some). */
  private static Map<TopicPartition, Long> endOffsets(Admin admin, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, Long> starts = offsets(admin, OffsetSpec.earliest(), timeout);
    Map<TopicPartition, Long> ends = offsets(admin, OffsetSpec.latest(), timeout);
    ends.entrySet().removeIf(end -> end.getValue() <= starts.getOrDefault(end.getKey(), 0L));
    return ends;
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, OffsetSpec spec, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    admin.describeTopics(INPUTS).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).values()
        .forEach(topic -> topic.partitions().forEach(partition ->
            wanted.put(new TopicPartition(topic.name(), partition.partition()), spec)));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found =
        admin.listOffsets(wanted).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    found.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  /** Whether the group has committed at least the end offset of every partition in {@code ends}. */
  private static boolean caughtUp(Admin admin, String applicationId, Map<TopicPartition, Long> ends, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, applicationId, timeout);
    return ends.entrySet().stream().allMatch(end -> Optional.ofNullable(
        committed.get(end.getKey())).map(OffsetAndMetadata::offset).orElse(0L) >= end.getValue());
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    offsets.values().removeIf(java.util.Objects::isNull);
    return offsets;
  }
}
