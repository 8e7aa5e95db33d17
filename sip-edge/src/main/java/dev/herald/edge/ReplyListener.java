package dev.herald.edge;

import dev.herald.avro.Decision;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this edge's partition of herald.replies and hands every decision on. The partition is
 * assigned, not subscribed: it belongs to this edge alone, so no group and no rebalance.
 * Decisions older than the edge's start are of no use and are skipped.
 */
final class ReplyListener implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

  private final KafkaConsumer<String, Decision> consumer;
  private final Consumer<Decision> sink;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean assigned;
  private volatile Exception failure;

  ReplyListener(Map<String, Object> kafka, int partition, Consumer<Decision> sink) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-edge-replies-" + partition);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(props, Topics.REPLIES.keySerde().deserializer(),
        Topics.REPLIES.valueSerde().deserializer());
    this.sink = sink;
    TopicPartition topicPartition = new TopicPartition(Topics.REPLIES.name(), partition);
    this.thread = new Thread(() -> run(topicPartition), "edge-replies-" + partition);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Up once the partition is assigned and positioned, down after a failure. */
  boolean healthy() {
    return assigned && failure == null && thread.isAlive();
  }

  String state() {
    return failure != null ? "reply consumer failed: " + failure.getMessage()
        : !assigned ? "reply partition not yet assigned" : "ok";
  }

  private void run(TopicPartition partition) {
    try {
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      assigned = true;
      while (running) {
        try {
          for (ConsumerRecord<String, Decision> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.value() != null) {
              sink.accept(record.value());
            }
          }
        } catch (RecordDeserializationException e) {
          log.error("skipping undecodable decision at {} offset {}", e.topicPartition(), e.offset(), e);
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException e) {
      failure = e;
      log.error("reply consumer stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(3000);
  }
}
