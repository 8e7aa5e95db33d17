package dev.herald.common.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A producer that sends each record at once while few are sent, and lets records wait {@code
 * linger.ms} for company under load, when one produce request per record would cost the broker more
 * than the wait costs the request.
 *
 * <p>Kafka's producer has one fixed linger: 0 gives the lowest latency at low load and a produce
 * request per record under load; anything above 0 batches under load but adds the wait to every hop
 * at low load. This one holds two producers, one lingering and one not, and sends through the one
 * the last tenth of a second's send rate calls for: the lingering one above {@code aboveRate}
 * records per second, the immediate one again once the rate has stayed below half of it for a second
 * (a commit's flush or a pause of the sender must not make it swing back and forth). It flushes the
 * one it leaves before sending through the other, so the records of a partition stay in the order
 * they were sent.
 *
 * <p>For at-least-once producers only: it has no transactions.
 */
public final class LingerUnderLoad<K, V> implements Producer<K, V> {

  /**
   * @param lingerMs how long a record may wait for others under load; 0 turns the switching off
   * @param aboveRate records per second of one producer above which records linger
   */
  public record Settings(int lingerMs, int aboveRate) {

    /** Never lingers: every record is sent at once, as with {@code linger.ms=0}. */
    public static final Settings OFF = new Settings(0, 1);

    public Settings {
      if (lingerMs < 0 || lingerMs > 100) {
        throw new IllegalArgumentException("the linger under load must be 0..100 ms, was " + lingerMs);
      }
      if (aboveRate < 1) {
        throw new IllegalArgumentException("the send rate above which records linger must be at least 1/s, was "
            + aboveRate);
      }
    }

    public boolean enabled() {
      return lingerMs > 0;
    }
  }

  static final long WINDOW_NANOS = 100_000_000L;
  /** Windows in a row below half the rate before records stop lingering. */
  static final int CALM_WINDOWS = 10;

  private final Producer<K, V> immediate;
  private final Producer<K, V> lingering;
  private final int switchUpPerWindow;
  private final int switchDownPerWindow;
  private final LongSupplier nanoTime;
  private Producer<K, V> current;
  private long windowStart;
  private int sentInWindow;
  private int calmWindows;

  /**
   * @param config the producer's settings; its {@code linger.ms} is overridden
   * @param create makes a producer from settings
   */
  public static <K, V> Producer<K, V> of(Settings settings, Map<String, Object> config,
      Function<Map<String, Object>, Producer<K, V>> create) {
    if (!settings.enabled()) {
      Map<String, Object> immediate = new HashMap<>(config);
      immediate.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      return create.apply(immediate);
    }
    return new LingerUnderLoad<>(settings, config, create, System::nanoTime);
  }

  LingerUnderLoad(Settings settings, Map<String, Object> config, Function<Map<String, Object>, Producer<K, V>> create,
      LongSupplier nanoTime) {
    Map<String, Object> immediateConfig = new HashMap<>(config);
    immediateConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    Map<String, Object> lingeringConfig = new HashMap<>(config);
    lingeringConfig.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
    Object clientId = config.get(ProducerConfig.CLIENT_ID_CONFIG);
    if (clientId != null) {
      // Two producers may not share a client id: their metrics would collide.
      lingeringConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-lingering");
    }
    Object deliveryTimeout = config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    Object requestTimeout = config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    if (deliveryTimeout != null && requestTimeout != null) {
      // The producer wants delivery.timeout.ms >= linger.ms + request.timeout.ms.
      long request = Math.min(Long.parseLong(requestTimeout.toString()),
          Long.parseLong(deliveryTimeout.toString()) - settings.lingerMs());
      lingeringConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, request));
    }
    this.immediate = create.apply(immediateConfig);
    this.lingering = create.apply(lingeringConfig);
    this.current = immediate;
    this.switchUpPerWindow = Math.max(1, (int) ((long) settings.aboveRate() * WINDOW_NANOS / 1_000_000_000L));
    this.switchDownPerWindow = Math.max(0, switchUpPerWindow / 2);
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  /** Whether records now linger. */
  public synchronized boolean lingering() {
    return current == lingering;
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    return send(record, null);
  }

  @Override
  public synchronized Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
    count();
    return current.send(record, callback);
  }

  private void count() {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= WINDOW_NANOS) {
      long windows = (now - windowStart) / WINDOW_NANOS;
      // Windows with no send at all passed calmly too.
      calmWindows = sentInWindow < switchDownPerWindow ? (int) Math.min(CALM_WINDOWS, calmWindows + windows)
          : windows > 1 ? (int) Math.min(CALM_WINDOWS, windows - 1) : 0;
      if (current == immediate && sentInWindow >= switchUpPerWindow && windows == 1) {
        switchTo(lingering);
      } else if (current == lingering && calmWindows >= CALM_WINDOWS) {
        switchTo(immediate);
      }
      windowStart = now;
      sentInWindow = 0;
    }
    sentInWindow++;
  }

  private void switchTo(Producer<K, V> next) {
    // What the one left still holds goes first, so no partition's records overtake each other.
    current.flush();
    current = next;
  }

  @Override
  public void flush() {
    immediate.flush();
    lingering.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return immediate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return immediate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return immediate.clientInstanceId(timeout);
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    immediate.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    immediate.unregisterMetricFromSubscription(metric);
  }

  @Override
  public void close() {
    close(Duration.ofMillis(Long.MAX_VALUE));
  }

  @Override
  public void close(Duration timeout) {
    try {
      lingering.close(timeout);
    } finally {
      immediate.close(timeout);
    }
  }

  @Override
  public void initTransactions() {
    throw new UnsupportedOperationException("no transactions: for at-least-once producers");
  }

  @Override
  public void beginTransaction() {
    throw new UnsupportedOperationException("no transactions: for at-least-once producers");
  }

  @Override
  public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata groupMetadata) {
    throw new UnsupportedOperationException("no transactions: for at-least-once producers");
  }

  @Override
  public void commitTransaction() {
    throw new UnsupportedOperationException("no transactions: for at-least-once producers");
  }

  @Override
  public void abortTransaction() {
    throw new UnsupportedOperationException("no transactions: for at-least-once producers");
  }
}
