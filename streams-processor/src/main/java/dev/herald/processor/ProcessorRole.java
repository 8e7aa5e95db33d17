package dev.herald.processor;

import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.common.kafka.LingerUnderLoad;
import dev.herald.processor.admin.OperatorViewsApi;
import dev.herald.processor.views.LocalStores;
import dev.herald.processor.views.StreamsInstances;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the resource topology in Kafka Streams. */
public final class ProcessorRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessorRole.class);

  /** The gauge of whether the processor runs: 1 RUNNING, 0 otherwise (rebalancing, starting, failed). */
  public static final String RUNNING = "herald_processor_running";

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final HostInfo applicationServer;

  public ProcessorRole(ProcessorConfig config, Map<String, Object> kafka, MeterRegistry metrics) {
    this(config, kafka, metrics, null);
  }

  /**
   * A processor whose instance other instances find at {@code applicationServer}, the {@code host:port}
   * of its admin port, for the stores' interactive queries (null: none, queries stay local).
   */
  public ProcessorRole(ProcessorConfig config, Map<String, Object> kafka, MeterRegistry metrics,
      HostInfo applicationServer) {
    this.applicationServer = applicationServer;
    StateGauges gauges = StateGauges.register(metrics, ResourceTopology.packageNames(config));
    this.streams = new KafkaStreams(ResourceTopology.build(config, gauges),
        streamsProperties(config, kafka, applicationServer),
        new Producers(config.batching(), "at_least_once".equals(config.processingGuarantee())));
    this.streams.setUncaughtExceptionHandler(error -> {
      log.error("stream thread failed; replacing it", error);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    Gauge.builder(RUNNING, streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
        .description("1 while the processor's Kafka Streams are RUNNING (own their partitions and process them)")
        .register(metrics);
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    this.streamsMetrics.bindTo(metrics);
  }

  /**
   * At-least-once with linger 0: a hop costs about a millisecond, where exactly-once v2 cost
   * about 100 ms here; request ids make the effect exactly-once (see docs/delivery.md).
   */
  /** How long the group waits for a silent processor before its partitions move to the others. */
  static final int SESSION_TIMEOUT_MS = 10_000;

  /**
   * At least once, a commit only bounds what a restarted processor reads again (request ids make
   * that harmless), but it stops the stream thread until every record sent is acknowledged: every
   * 100 ms that cost a busy processor a third of its time. Exactly once, readers see output only
   * at a commit, so it stays short.
   */
  static int commitIntervalMs(String processingGuarantee) {
    return "exactly_once_v2".equals(processingGuarantee) ? 100 : 1000;
  }

  static Properties streamsProperties(ProcessorConfig config, Map<String, Object> kafka) {
    return streamsProperties(config, kafka, null);
  }

  static Properties streamsProperties(ProcessorConfig config, Map<String, Object> kafka, HostInfo applicationServer) {
    Map<String, Object> props = new HashMap<>(kafka);
    if (applicationServer != null) {
      // Each instance tells the others where its stores answer: its admin port (operator views).
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, StreamsInstances.name(applicationServer));
    }
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs(config.processingGuarantee()));
    // Live, requests and NOTIFY outcomes are taken as they come: never wait for the idle topic. A
    // rebuild reads logs already written, and must take them in the order of their timestamps as
    // live did: it waits until every input partition of a task has fetched what the broker holds.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, config.outputs() == ProcessorConfig.Outputs.LIVE ? -1L : 0L);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16L * 1024 * 1024);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
    props.put(BoundedRocksDb.BYTES, config.storeMemory().rocksDbBytes());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 100);
    // A processor that dies without leaving the group holds its resources until the group notices:
    // 10 s rather than the client's 45 s default.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 3);
    // On a replicated cluster, where processors run in twos or more, each keeps a warm copy of
    // another's stores, so taking over a task does not wait for its changelog to be read. A single
    // node has nowhere to put one.
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.replicationFactor() > 1 ? 1 : 0);
    // A new application id (a first start, a rebuild) reads its input topics from the beginning.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    Properties properties = new Properties();
    properties.putAll(props);
    return properties;
  }

  /**
   * Streams' clients, with a producer that lingers under load only ({@link LingerUnderLoad}); an
   * exactly-once processor keeps Streams' own, which its transactions need.
   */
  private static final class Producers implements KafkaClientSupplier {
    private final LingerUnderLoad.Settings batching;
    private final boolean atLeastOnce;

    Producers(LingerUnderLoad.Settings batching, boolean atLeastOnce) {
      this.batching = batching;
      this.atLeastOnce = atLeastOnce;
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
      if (!atLeastOnce) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
      }
      return LingerUnderLoad.of(batching, config,
          settings -> new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
      return Admin.create(config);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
      return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
      return getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
      return getConsumer(config);
    }
  }

  public ProcessorRole start() {
    streams.start();
    return this;
  }

  /**
   * Waits until the stream threads have their partitions and process them (RUNNING), so requests sent
   * now are decided at once rather than after a rebalance. False if that took longer than {@code timeout}.
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  public KafkaStreams streams() {
    return streams;
  }

  /**
   * The operator views of this instance's stores, among every instance of its application; null
   * without an application server (the views need one to find the others).
   */
  public OperatorViewsApi views(ProcessorConfig config) {
    if (applicationServer == null) {
      return null;
    }
    return new OperatorViewsApi(new LocalStores(streams), new StreamsInstances(streams, applicationServer),
        ResourceTopology.packages(config), Clock.systemUTC());
  }

  /**
   * Up while RUNNING or REBALANCING; ready only while RUNNING (a rebalancing processor answers
   * nothing until it owns its partitions again); dead once Streams failed for good (ERROR).
   */
  public HealthCheck healthCheck() {
    return HealthCheck.of("streams-processor", () -> switch (streams.state()) {
      case RUNNING, REBALANCING -> Health.up();
      default -> Health.down("Kafka Streams is " + streams.state());
    }, () -> streams.state() == KafkaStreams.State.RUNNING ? Health.up()
        : Health.down("Kafka Streams is " + streams.state()),
        () -> switch (streams.state()) {
          case ERROR, PENDING_ERROR -> Health.down("Kafka Streams is " + streams.state());
          default -> Health.up();
        });
  }

  /** Leaves the group on close, so a restart gets its partitions back without waiting out a session timeout. */
  @Override
  public void close() {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(10)));
    streamsMetrics.close();
  }
}
