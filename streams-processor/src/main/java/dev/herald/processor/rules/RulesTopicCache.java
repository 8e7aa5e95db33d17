package dev.herald.processor.rules;

import dev.herald.avro.PresenceRules;
import dev.herald.common.HealthCheck;
import dev.herald.common.kafka.PollLoop;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Every presentity's rules, read from the whole compacted rules topic into memory, by resource key.
 * A stand-in lookup for {@link RulesApi} until the processor answers from its store; it lags the
 * topic by a poll.
 */
public final class RulesTopicCache implements Function<String, Optional<PresenceRules>>, AutoCloseable {

  private final String topic;
  private final PollLoop<String, PresenceRules> loop;
  private final Map<String, PresenceRules> rules = new ConcurrentHashMap<>();

  public RulesTopicCache(Map<String, Object> kafka) {
    this(Topics.PRESENCE_RULES.name(), kafka);
  }

  public RulesTopicCache(String topic, Map<String, Object> kafka) {
    this.topic = topic;
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-rules-cache");
    KafkaConsumer<String, PresenceRules> consumer = new KafkaConsumer<>(props,
        Topics.PRESENCE_RULES.keySerde().deserializer(), Topics.PRESENCE_RULES.valueSerde().deserializer());
    this.loop = new PollLoop<>("rules-cache", consumer, this::assignAll, this::onRecord, Duration.ofMillis(200));
  }

  public RulesTopicCache start() {
    loop.start();
    return this;
  }

  @Override
  public Optional<PresenceRules> apply(String resourceKey) {
    return Optional.ofNullable(rules.get(resourceKey));
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("rules-cache", loop::health);
  }

  private void assignAll(KafkaConsumer<String, PresenceRules> consumer) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  private void onRecord(ConsumerRecord<String, PresenceRules> record) {
    if (record.value() == null) {
      rules.remove(record.key());
    } else {
      rules.put(record.key(), record.value());
    }
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}
