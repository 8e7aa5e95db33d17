package dev.herald.launcher.ui;

import dev.herald.avro.PresenceState;
import dev.herald.avro.RegistrantStatus;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.common.kafka.PollLoop;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.ProcessorState;
import dev.herald.processor.ResourceTopology;
import dev.herald.processor.state.StateCodec;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the web view from three topics that exist anyway, read by a consumer of its own: no group,
 * every partition assigned, from the beginning, the latest value per key kept in memory.
 *
 * <ul>
 *   <li>{@code herald.presence-state} (compacted): each resource's composed document, as the processor
 *       publishes it for other systems.
 *   <li>{@code herald.registrant-status} (compacted): each registrant account's uac_registrant state.
 *   <li>The changelog of the processor's subscription store ({@code <application id>-subscriptions-changelog}),
 *       values decoded with the processor's own {@link StateCodec}: every subscription as the processor
 *       keeps it, a tombstone when it ends.
 * </ul>
 *
 * <p>Why the changelog for watchers: Kafka Streams writes it anyway, for every change of a subscription,
 * so the view costs the request path nothing, not one record more per SUBSCRIBE or NOTIFY; a topic of
 * watcher changes written by the processor would add a produce to the hot path for a page few look at.
 * Interactive queries would answer a request but not push changes, and only from the instance that holds
 * the partition. Reading the changelog is only a reader of the broker, like a standby replica; it is
 * compacted, so its beginning holds every live subscription. The catch is that its values are the store's
 * format, which is why they are decoded with the processor's codec, from the same build; and it lags the
 * store by the Streams commit (records are sent as they are written, so in practice by milliseconds).
 * Consumer groups are not used: every process serving the view needs every partition, and no offsets are
 * worth keeping when the beginning of compacted topics rebuilds the view.
 */
final class PresenceFeed implements FeedOnDemand.Feed {

  private static final Logger log = LoggerFactory.getLogger(PresenceFeed.class);

  private static final Duration LOOK_AGAIN = Duration.ofSeconds(10);
  static final int FETCH_MIN_BYTES = 64 * 1024;
  static final Duration FETCH_MAX_WAIT = Duration.ofMillis(250);

  private final PollLoop<String, byte[]> loop;
  /** Topics not found yet; only the poll thread touches it. */
  private final Set<String> missing = new LinkedHashSet<>();
  private long lookedAt;
  private final List<String> topics;
  private final LiveView view;
  private final String watcherTopic;
  private final Deserializer<PresenceState> presence = Topics.PRESENCE_STATE.valueSerde().deserializer();
  private final Deserializer<RegistrantStatus> registrants = Topics.REGISTRANT_STATUS.valueSerde().deserializer();
  private final Deserializer<Subscription> subscriptions = StateCodec.subscriptionSerde().deserializer();

  /**
   * @param kafka consumer settings, at least the bootstrap servers
   * @param applicationId the processor's application id, which names its changelogs
   */
  PresenceFeed(Map<String, Object> kafka, String applicationId, LiveView view) {
    this.view = view;
    this.watcherTopic = ProcessorState.changelog(applicationId, ResourceTopology.SUBSCRIPTIONS_STORE);
    this.topics = List.of(Topics.PRESENCE_STATE.name(), Topics.REGISTRANT_STATUS.name(), watcherTopic);
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Never create a topic by asking for it: a changelog made so would have the wrong settings.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-web-view");
    // A page may lag by a quarter of a second; under load the feed then fetches batches, not each record.
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis());
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer());
    this.loop = new PollLoop<>("web-view-feed", consumer, this::assignAll, this::onRecord, Duration.ofMillis(200),
        this::lookAgain);
  }

  @Override
  public PresenceFeed start() {
    loop.start();
    return this;
  }

  @Override
  public Health health() {
    return loop.health();
  }

  HealthCheck healthCheck() {
    return HealthCheck.of("web-view", loop::health);
  }

  private void assignAll(KafkaConsumer<String, byte[]> consumer) {
    missing.addAll(topics);
    assignFound(consumer, Duration.ofSeconds(30));
    missing.forEach(topic -> log.warn("web view: topic {} not found yet; looking again every {} s", topic,
        LOOK_AGAIN.toSeconds()));
  }

  /** Assigns the partitions of the missing topics that exist now, from their beginning. */
  private void assignFound(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
    List<TopicPartition> found = new ArrayList<>();
    for (String topic : List.copyOf(missing)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos != null && !infos.isEmpty()) {
        infos.forEach(info -> found.add(new TopicPartition(topic, info.partition())));
        missing.remove(topic);
      }
    }
    if (!found.isEmpty()) {
      List<TopicPartition> all = new ArrayList<>(consumer.assignment());
      all.addAll(found);
      consumer.assign(all);
      consumer.seekToBeginning(found);
    }
    lookedAt = System.nanoTime();
  }

  /**
   * A topic missing at start (the changelog of a processor that starts later, in another process) is
   * looked for again now and then, and read from its beginning once it is there.
   */
  private void lookAgain(KafkaConsumer<String, byte[]> consumer) {
    if (!missing.isEmpty() && System.nanoTime() - lookedAt > LOOK_AGAIN.toNanos()) {
      assignFound(consumer, Duration.ofSeconds(1));
      if (missing.isEmpty()) {
        log.info("web view: every topic found, reading them all");
      }
    }
  }

  private void onRecord(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    String topic = record.topic();
    String key = record.key();
    if (topic.equals(Topics.PRESENCE_STATE.name())) {
      decode(presence, record).ifPresent(value -> view.apply(v -> v.applyPresence(key, value.orElse(null))));
    } else if (topic.equals(Topics.REGISTRANT_STATUS.name())) {
      decode(registrants, record).ifPresent(value -> view.apply(v -> v.applyRegistrant(key, value.orElse(null))));
    } else if (topic.equals(watcherTopic)) {
      decode(subscriptions, record).ifPresent(value -> view.apply(v -> v.applyWatcher(key, value.orElse(null))));
    }
  }

  /**
   * The record's value: empty when it cannot be decoded (logged and skipped), an empty value inside for a
   * tombstone.
   */
  private static <V> Optional<Optional<V>> decode(Deserializer<V> deserializer, ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return Optional.of(Optional.empty());
    }
    try {
      return Optional.of(Optional.ofNullable(deserializer.deserialize(record.topic(), record.value())));
    } catch (RuntimeException e) {
      log.warn("web view: skipping a record of {} at {}:{} it cannot decode: {}", record.topic(), record.partition(),
          record.offset(), e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}
