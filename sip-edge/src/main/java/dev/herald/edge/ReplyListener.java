package dev.herald.edge;

import dev.herald.avro.Decision;
import dev.herald.common.Health;
import dev.herald.common.kafka.PollLoop;
import io.micrometer.core.instrument.MeterRegistry;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads this edge's partition of herald.replies and hands every decision on. The partition is
 * assigned, not subscribed: it belongs to this edge alone, so no group and no rebalance.
 * Decisions older than the edge's start are of no use and are skipped.
 */
final class ReplyListener implements AutoCloseable {

  private final PollLoop<String, Decision> loop;

  ReplyListener(Map<String, Object> kafka, int partition, Consumer<Decision> sink, MeterRegistry metrics) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-edge-replies-" + partition);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    KafkaConsumer<String, Decision> consumer = new KafkaConsumer<>(props, Topics.REPLIES.keySerde().deserializer(),
        Topics.REPLIES.valueSerde().deserializer());
    TopicPartition topicPartition = new TopicPartition(Topics.REPLIES.name(), partition);
    this.loop = new PollLoop<>("edge-replies-" + partition, consumer, c -> {
      c.assign(List.of(topicPartition));
      c.seekToEnd(List.of(topicPartition));
      c.position(topicPartition);
    }, record -> {
      if (record.value() != null) {
        sink.accept(record.value());
      }
    }, Duration.ofMillis(200)).meteredIn(metrics);
  }

  void start() {
    loop.start();
  }

  /** Up once the partition is assigned and positioned, down after a failure. */
  Health health() {
    return loop.health();
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}
