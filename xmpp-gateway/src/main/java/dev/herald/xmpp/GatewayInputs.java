package dev.herald.xmpp;

import dev.herald.avro.PresenceRules;
import dev.herald.avro.PresenceState;
import dev.herald.avro.XmppSubscription;
import dev.herald.common.Health;
import dev.herald.common.kafka.PollLoop;
import dev.herald.schemas.TopicSpec;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's view of Herald: every partition of the watch demand, the composed presence, the
 * rules and the gateway's own subscriptions, each read from the beginning with no consumer group
 * (one gateway holds the XMPP link and needs all of them). Each record is handed to the core on the
 * core's thread; once everything that was there at the start has been read, {@code caughtUp} runs,
 * so the link opens on complete state.
 */
final class GatewayInputs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GatewayInputs.class);
  private static final List<TopicSpec<String, ?>> TOPICS = List.of(Topics.XMPP_SUBSCRIPTIONS, Topics.PRESENCE_RULES,
      Topics.WATCH_DEMAND, Topics.PRESENCE_STATE);

  private final PollLoop<String, byte[]> loop;
  private final GatewayCore core;
  private final Executor coreThread;
  private final Runnable caughtUp;
  /** Per partition, the end offset at the start, until read to it; null once caught up. */
  private Map<TopicPartition, Long> ends;
  /** The gateway's own subscriptions are read until caught up; after that the core is their only writer. */
  private boolean restoring = true;

  GatewayInputs(Map<String, Object> kafka, GatewayCore core, Executor coreThread, Runnable caughtUp) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-xmpp-gateway");
    this.core = core;
    this.coreThread = coreThread;
    this.caughtUp = caughtUp;
    this.loop = new PollLoop<>("xmpp-gateway-inputs",
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer()), this::assignAll,
        this::dispatch, Duration.ofMillis(200), this::checkCaughtUp);
  }

  /** The consumer's own metrics in {@code registry} while it polls. */
  GatewayInputs meteredIn(MeterRegistry registry) {
    loop.meteredIn(registry);
    return this;
  }

  GatewayInputs start() {
    loop.start();
    return this;
  }

  Health health() {
    return loop.health();
  }

  private void assignAll(KafkaConsumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicSpec<String, ?> topic : TOPICS) {
      consumer.partitionsFor(topic.name()).forEach(info -> partitions.add(new TopicPartition(topic.name(),
          info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    ends = new HashMap<>(consumer.endOffsets(partitions));
  }

  private void checkCaughtUp(KafkaConsumer<String, byte[]> consumer) {
    if (ends == null) {
      return;
    }
    ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
    if (ends.isEmpty()) {
      ends = null;
      restoring = false;
      coreThread.execute(caughtUp);
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> record) {
    String key = record.key();
    Object value;
    try {
      value = record.value() == null ? null : decode(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.error("skipping an undecodable record of {} at offset {}", record.topic(), record.offset(), e);
      return;
    }
    String topic = record.topic();
    if (topic.equals(Topics.WATCH_DEMAND.name())) {
      coreThread.execute(() -> core.demand(key, value != null));
    } else if (topic.equals(Topics.PRESENCE_STATE.name())) {
      coreThread.execute(() -> core.sipPresence(key, (PresenceState) value));
    } else if (topic.equals(Topics.PRESENCE_RULES.name())) {
      coreThread.execute(() -> core.rules(key, (PresenceRules) value));
    } else if (topic.equals(Topics.XMPP_SUBSCRIPTIONS.name()) && restoring) {
      coreThread.execute(() -> core.restored(key, (XmppSubscription) value));
    }
  }

  private static Object decode(String topic, byte[] bytes) {
    for (TopicSpec<String, ?> spec : TOPICS) {
      if (spec.name().equals(topic)) {
        return spec.valueSerde().deserializer().deserialize(topic, bytes);
      }
    }
    throw new IllegalArgumentException("not a topic of the gateway: " + topic);
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}
