package dev.herald.processor.rules;

import dev.herald.avro.PresenceRules;
import dev.herald.common.HealthCheck;
import dev.herald.common.kafka.TopicCache;
import dev.herald.processor.admin.RulesApi;
import dev.herald.schemas.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every presentity's rules, read from the whole compacted rules topic into memory, by resource key.
 * A stand-in lookup for {@link RulesApi} until the processor answers from its store; it lags the
 * topic by a poll.
 */
public final class RulesTopicCache implements Function<String, Optional<PresenceRules>>, AutoCloseable {

  private final TopicCache<String, PresenceRules> cache;

  public RulesTopicCache(Map<String, Object> kafka) {
    this(Topics.PRESENCE_RULES.name(), kafka);
  }

  public RulesTopicCache(String topic, Map<String, Object> kafka) {
    this.cache = new TopicCache<>("rules-cache", topic, kafka, Topics.PRESENCE_RULES.keySerde().deserializer(),
        Topics.PRESENCE_RULES.valueSerde().deserializer());
  }

  public RulesTopicCache start() {
    cache.start();
    return this;
  }

  @Override
  public Optional<PresenceRules> apply(String resourceKey) {
    return cache.get(resourceKey);
  }

  public HealthCheck healthCheck() {
    return cache.healthCheck();
  }

  @Override
  public void close() throws InterruptedException {
    cache.close();
  }
}
