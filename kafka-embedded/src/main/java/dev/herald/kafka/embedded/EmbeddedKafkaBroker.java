package dev.herald.kafka.embedded;

import dev.herald.common.FreePorts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka server in KRaft combined mode ({@code process.roles=broker,controller})
 * running inside this JVM.
 *
 * <p>Lifecycle: {@link #start()} formats the data directory if (and only if) it has never been
 * formatted, starts {@link KafkaRaftServer} and blocks until an Admin client can describe the
 * cluster. {@link #close()} shuts the server down and waits for it; the data stays on disk, so a
 * new broker on the same {@link EmbeddedKafkaConfig#dataDir()} sees the same cluster id, topics
 * and records. A broker instance can be started once.
 *
 * <p>Defaults (each can be overridden through {@link EmbeddedKafkaConfig#overrides()}) are chosen
 * for a small footprint on one node: see {@link #DEFAULTS}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  /** The node id of the single node. */
  public static final int NODE_ID = 1;
  /** Name of the client listener. */
  public static final String CLIENT_LISTENER = "PLAINTEXT";
  /** Name of the KRaft controller listener. */
  public static final String CONTROLLER_LISTENER = "CONTROLLER";
  /** Sub-directory of the data dir holding Kafka's log dir (and metadata log). */
  public static final String LOG_DIR_NAME = "kafka-logs";
  /** Default time {@link #start()} waits for the broker to accept clients. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  /** Small-footprint, single-node defaults; the config's overrides win over these. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static final int BIND_ATTEMPTS = 3;

  private enum State { NEW, RUNNING, CLOSED }

  private final EmbeddedKafkaConfig config;
  private final Path logDir;
  private State state = State.NEW;
  private KafkaRaftServer server;
  private int port;
  private int controllerPort;
  private int saslSslPort;
  private Path keyStore;
  private String clusterId;

  public EmbeddedKafkaBroker(EmbeddedKafkaConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
    this.logDir = config.dataDir().toAbsolutePath().resolve(LOG_DIR_NAME);
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    // 8 MiB instead of 128 MiB: the cleaner's dedupe buffer dominates heap otherwise.
    d.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    d.put("log.cleaner.threads", "1");
    d.put("offsets.topic.replication.factor", "1");
    d.put("offsets.topic.num.partitions", "1");
    d.put("transaction.state.log.replication.factor", "1");
    d.put("transaction.state.log.min.isr", "1");
    d.put("transaction.state.log.num.partitions", "1");
    d.put("share.coordinator.state.topic.replication.factor", "1");
    d.put("share.coordinator.state.topic.min.isr", "1");
    d.put("share.coordinator.state.topic.num.partitions", "1");
    d.put("min.insync.replicas", "1");
    d.put("default.replication.factor", "1");
    d.put("group.initial.rebalance.delay.ms", "0");
    d.put("auto.create.topics.enable", "false");
    d.put("num.partitions", "1");
    d.put("num.network.threads", "2");
    d.put("num.io.threads", "4");
    d.put("num.recovery.threads.per.data.dir", "1");
    return Map.copyOf(d);
  }

  /** Starts with {@link #DEFAULT_START_TIMEOUT}. */
  public void start() {
    start(DEFAULT_START_TIMEOUT);
  }

  /**
   * Formats the data dir on first use, starts the server and blocks until it accepts client
   * connections.
   *
   * @throws IllegalStateException if this broker was already started or closed
   * @throws KafkaStartException   if the server did not come up within {@code timeout}
   */
  public synchronized void start(Duration timeout) {
    if (state != State.NEW) {
      throw new IllegalStateException("broker already " + (state == State.RUNNING ? "started" : "closed"));
    }
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
    }
    if (config.saslSsl().isPresent()) {
      keyStore = BrokerCertificate.ensure(config.dataDir().toAbsolutePath().resolve(BrokerCertificate.DIRECTORY),
          config.host());
    }
    boolean autoPorts = config.port() == 0 || config.controllerPort() == 0
        || config.saslSsl().map(listener -> listener.port() == 0).orElse(false);
    for (int attempt = 1; ; attempt++) {
      resolvePorts();
      KafkaConfig kafkaConfig = new KafkaConfig(brokerProperties(), false);
      formatIfNeeded(kafkaConfig);
      KafkaRaftServer candidate = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
      try {
        candidate.startup();
        server = candidate;
        break;
      } catch (RuntimeException e) {
        shutdownQuietly(candidate);
        if (autoPorts && attempt < BIND_ATTEMPTS && causedByBindException(e)) {
          log.warn("Port clash while starting embedded Kafka on {}:{}/{}, retrying with new ports",
              config.host(), port, controllerPort);
          continue;
        }
        state = State.CLOSED;
        throw new KafkaStartException("embedded Kafka failed to start in " + config.dataDir(), e);
      }
    }
    state = State.RUNNING;
    try {
      awaitClientConnections(deadline);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    try {
      config.saslSsl().ifPresent(listener -> awaitSaslSsl(listener, deadline));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    clusterId = readClusterId();
    log.info("Embedded Kafka {} up at {} (cluster {}, data {}) in {} ms", kafkaVersion(), bootstrapServers(),
        clusterId, config.dataDir(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** "host:port" of the client listener, for {@code bootstrap.servers}. */
  public synchronized String bootstrapServers() {
    requireRunning();
    return address(port);
  }

  private String address(int listenerPort) {
    String host = config.host().contains(":") && !config.host().startsWith("[")
        ? "[" + config.host() + "]" : config.host();
    return host + ":" + listenerPort;
  }

  /** "host:port" of the SASL_SSL listener, for {@code bootstrap.servers} of clients that sign in. */
  public synchronized String saslSslBootstrapServers() {
    requireRunning();
    if (config.saslSsl().isEmpty()) {
      throw new IllegalStateException("this broker has no SASL_SSL listener");
    }
    return address(saslSslPort);
  }

  /**
   * What a client needs for the SASL_SSL listener but {@code bootstrap.servers}: the protocol, the
   * mechanism, the login of {@code user} with {@code password}, and the broker's certificate as its
   * PEM trust store.
   */
  public synchronized Map<String, String> saslSslClientProperties(String user, String password) {
    SaslSslListener listener = config.saslSsl().orElseThrow(
        () -> new IllegalStateException("this broker has no SASL_SSL listener"));
    return Map.of("security.protocol", SaslSslListener.NAME, "sasl.mechanism", listener.mechanism(),
        "sasl.jaas.config", listener.clientJaas(user, password),
        "ssl.truststore.type", "PEM",
        "ssl.truststore.location", BrokerCertificate.certificate(keyStore.getParent()).toString());
  }

  /** {@link #saslSslClientProperties(String, String)} of the listener's own user. */
  public Map<String, String> saslSslClientProperties() {
    SaslSslListener listener = config.saslSsl().orElseThrow(
        () -> new IllegalStateException("this broker has no SASL_SSL listener"));
    return saslSslClientProperties(listener.username(), listener.password());
  }

  /** The bound client port (resolved if the config said 0). */
  public synchronized int port() {
    requireRunning();
    return port;
  }

  /** The bound controller port (resolved if the config said 0). */
  public synchronized int controllerPort() {
    requireRunning();
    return controllerPort;
  }

  /** The cluster id from {@code meta.properties}; stable across restarts on the same data dir. */
  public synchronized String clusterId() {
    requireRunning();
    return clusterId;
  }

  public EmbeddedKafkaConfig config() {
    return config;
  }

  public synchronized boolean isRunning() {
    return state == State.RUNNING;
  }

  /** Shuts the server down and waits for it. Keeps the data. Idempotent. */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    State previous = state;
    state = State.CLOSED;
    if (previous == State.RUNNING && server != null) {
      long t0 = System.nanoTime();
      server.shutdown();
      server.awaitShutdown();
      server = null;
      log.info("Embedded Kafka at {}:{} stopped in {} ms", config.host(), port,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
  }

  /** {@link #close()}, then deletes the whole data dir. For throw-away brokers. */
  public synchronized void closeAndDeleteData() {
    close();
    deleteRecursively(config.dataDir());
  }

  // ----------------------------------------------------------------------------------------

  private void resolvePorts() {
    int[] free = FreePorts.findFreePorts(config.host(), 2);
    port = config.port() != 0 ? config.port() : (free[0] != config.controllerPort() ? free[0] : free[1]);
    controllerPort = config.controllerPort() != 0 ? config.controllerPort() : (free[1] != port ? free[1] : free[0]);
    config.saslSsl().ifPresent(listener -> {
      saslSslPort = listener.port();
      while (saslSslPort == 0 || saslSslPort == port || saslSslPort == controllerPort) {
        saslSslPort = FreePorts.findFreePorts(config.host(), 1)[0];
      }
    });
  }

  Properties brokerProperties() {
    String host = config.host();
    Properties p = new Properties();
    p.putAll(DEFAULTS);
    p.putAll(config.overrides());
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", CLIENT_LISTENER);
    String sasl = config.saslSsl().map(listener -> "," + SaslSslListener.NAME + "://" + host + ":" + saslSslPort)
        .orElse("");
    p.put("listeners", CLIENT_LISTENER + "://" + host + ":" + port + ","
        + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort + sasl);
    p.putIfAbsent("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port + sasl);
    p.putIfAbsent("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER
        + ":PLAINTEXT" + config.saslSsl().map(listener -> "," + SaslSslListener.NAME + ":SASL_SSL").orElse(""));
    config.saslSsl().ifPresent(listener -> p.putAll(listener.brokerProperties(keyStore.toString())));
    p.put("log.dirs", logDir.toString());
    return p;
  }

  /** Formats the log dir unless it already has a meta.properties (format once, reuse forever). */
  private void formatIfNeeded(KafkaConfig kafkaConfig) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      log.debug("{} already formatted, reusing it", logDir);
      return;
    }
    String newClusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream printStream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      Formatter formatter = new Formatter()
          .setPrintStream(printStream)
          .setNodeId(kafkaConfig.nodeId())
          .setClusterId(newClusterId)
          .setControllerListenerName(kafkaConfig.controllerListenerNames().get(0))
          .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
          .setHasDynamicQuorum(false);
      kafkaConfig.logDirs().forEach(formatter::addDirectory);
      formatter.run();
    } catch (Exception e) {
      throw new KafkaStartException("failed to format Kafka log dir " + logDir, e);
    }
    log.info("Formatted {} for new cluster {}", logDir, newClusterId);
    out.toString(StandardCharsets.UTF_8).lines().forEach(line -> log.debug("formatter: {}", line));
  }

  private void awaitClientConnections(long deadlineNanos) {
    Map<String, Object> adminProps = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
        AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness");
    Exception last = null;
    try (Admin admin = Admin.create(adminProps)) {
      while (System.nanoTime() < deadlineNanos) {
        long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        int callTimeout = (int) Math.min(remainingMs, 10_000);
        try {
          var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(callTimeout))
              .nodes().get(callTimeout + 1000L, TimeUnit.MILLISECONDS);
          if (nodes.stream().map(Node::id).anyMatch(id -> id == NODE_ID)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KafkaStartException("interrupted while waiting for embedded Kafka", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          last = e;
        }
      }
    }
    throw new KafkaStartException("embedded Kafka at " + bootstrapServers()
        + " did not accept client connections in time", last);
  }

  /**
   * Creates the SCRAM user (through the PLAINTEXT listener, as an operator would through the
   * controller) and waits until a client signing in as it over SASL_SSL is served.
   */
  private void awaitSaslSsl(SaslSslListener listener, long deadlineNanos) {
    Map<String, Object> plain = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-users");
    Map<String, Object> signedIn = new LinkedHashMap<>(saslSslClientProperties());
    signedIn.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, saslSslBootstrapServers());
    signedIn.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-sasl-readiness");
    signedIn.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    Exception last = null;
    try (Admin users = Admin.create(plain)) {
      if (listener.mechanism().equals(SaslSslListener.SCRAM_SHA_512)) {
        users.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(listener.username(),
            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), listener.password())))
            .all().get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())),
                TimeUnit.MILLISECONDS);
      }
      // The credential reaches the broker's cache through the metadata log, a moment after the call;
      // the client's reconnect back-off paces the attempts.
      try (Admin admin = Admin.create(signedIn)) {
        while (System.nanoTime() < deadlineNanos) {
          try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get(6, TimeUnit.SECONDS);
            return;
          } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            last = e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaStartException("interrupted while waiting for the SASL_SSL listener", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new KafkaStartException("cannot create the SASL user " + listener.username(), e);
    }
    throw new KafkaStartException("the SASL_SSL listener at " + saslSslBootstrapServers()
        + " did not sign " + listener.username() + " in in time", last);
  }

  private String readClusterId() {
    Properties meta = new Properties();
    try (InputStream in = Files.newInputStream(logDir.resolve("meta.properties"))) {
      meta.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return meta.getProperty("cluster.id");
  }

  private void requireRunning() {
    if (state != State.RUNNING) {
      throw new IllegalStateException("embedded Kafka is not running (state " + state + ")");
    }
  }

  private static boolean causedByBindException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void shutdownQuietly(KafkaRaftServer s) {
    try {
      s.shutdown();
      s.awaitShutdown();
    } catch (RuntimeException e) {
      log.debug("error while shutting down a server that failed to start", e);
    }
  }

  private static String kafkaVersion() {
    return org.apache.kafka.common.utils.AppInfoParser.getVersion();
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          log.warn("could not delete {}: {}", p, e.toString());
        }
      });
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  /** Thrown when the embedded server cannot be formatted or started. */
  public static final class KafkaStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
