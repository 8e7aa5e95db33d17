package dev.herald.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.herald.kafka.embedded.EmbeddedKafkaBroker;
import dev.herald.kafka.embedded.EmbeddedKafkaConfig;
import dev.herald.common.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one place integration tests get a Kafka broker from.
 *
 * <p>{@link #shared()} starts a broker lazily, once per JVM, and stops it from a shutdown hook.
 * Which broker is chosen by the system property {@value #MODE_PROPERTY} (or the environment
 * variable {@value #MODE_ENV}):
 * <ul>
 *   <li>{@code auto} (default): a Testcontainers {@link KafkaContainer} ({@link #KAFKA_IMAGE}) if a
 *       Docker engine answers and the container starts, otherwise an {@link EmbeddedKafkaBroker}
 *       in a temporary directory. Tests never skip for lack of Docker.</li>
 *   <li>{@code embedded}: always the in-JVM broker (no Docker probe at all).</li>
 *   <li>{@code container}: always the container; fails if Docker is missing.</li>
 * </ul>
 * Both kinds are configured alike: one node, {@code auto.create.topics.enable=false},
 * one partition per topic by default, no initial rebalance delay. Tests sharing the broker
 * should use their own topics and groups, e.g. from {@link #uniqueName(String)}.
 */
public final class KafkaFixture {

  private static final Logger log = LoggerFactory.getLogger(KafkaFixture.class);

  public static final String MODE_PROPERTY = "herald.kafka.fixture";
  public static final String MODE_ENV = "HERALD_KAFKA_FIXTURE";
  /**
   * The container image: {@code apache/kafka} of the Kafka version Herald is built with (the
   * clients', {@code kafka.version} of the parent pom), so a container runs what the embedded
   * broker and production run.
   */
  public static final String KAFKA_IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

  /** What kind of broker backs a fixture. */
  public enum Kind { EMBEDDED, CONTAINER }

  private static KafkaFixture shared;
  private static RuntimeException sharedFailure;

  private final Kind kind;
  private final String bootstrapServers;

  private KafkaFixture(Kind kind, String bootstrapServers) {
    this.kind = kind;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * The JVM-wide broker, started on first call (a few seconds) and stopped at JVM exit.
   * If the first start fails, every later call rethrows that failure instead of retrying.
   */
  public static synchronized KafkaFixture shared() {
    if (shared != null) {
      return shared;
    }
    if (sharedFailure != null) {
      throw new IllegalStateException("the shared Kafka fixture failed to start earlier", sharedFailure);
    }
    try {
      shared = startShared(mode());
      return shared;
    } catch (RuntimeException e) {
      sharedFailure = e;
      throw e;
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Kind kind() {
    return kind;
  }

  /** A minimal client config map ({@code bootstrap.servers}) to start from. */
  public Map<String, Object> clientConfig() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /** Creates a topic with replication factor 1 and waits until it exists. */
  public void createTopic(String name, int partitions) {
    try (Admin admin = Admin.create(clientConfig())) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topic " + name, e);
    }
  }

  /** {@code prefix} plus a random suffix: a topic or group name no other test uses. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A TCP port on 127.0.0.1 that is free right now. */
  public static int freePort() {
    return FreePorts.findFreePort();
  }

  // ----------------------------------------------------------------------------------------

  enum Mode { AUTO, EMBEDDED, CONTAINER }

  static Mode mode() {
    String value = System.getProperty(MODE_PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(MODE_ENV);
    }
    if (value == null || value.isBlank()) {
      return Mode.AUTO;
    }
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(MODE_PROPERTY + " must be auto, embedded or container, was '" + value + "'", e);
    }
  }

  private static KafkaFixture startShared(Mode mode) {
    if (mode == Mode.CONTAINER) {
      return startContainer();
    }
    if (mode == Mode.AUTO && dockerAvailable()) {
      try {
        return startContainer();
      } catch (RuntimeException | LinkageError e) {
        log.warn("Docker is available but the Kafka container did not start ({}); using the embedded broker",
            e.toString());
      }
    }
    return startEmbedded();
  }

  /** Never throws: a missing or broken Docker setup just means "no". */
  static boolean dockerAvailable() {
    if (!dockerHintPresent()) {
      // Skips Testcontainers' probe, which takes seconds and logs an ERROR when there is no engine.
      log.info("No Docker engine hint (DOCKER_HOST, ~/.testcontainers.properties, docker socket); "
          + "using the embedded broker");
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      log.debug("Docker probe failed", t);
      return false;
    }
  }

  /**
   * Cheap check for any sign of a Docker engine Testcontainers could use. A setup it misses can
   * still be used with {@code -D}{@value #MODE_PROPERTY}{@code =container}.
   */
  static boolean dockerHintPresent() {
    if (notBlank(System.getenv("DOCKER_HOST")) || notBlank(System.getenv("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE"))) {
      return true;
    }
    String home = System.getProperty("user.home", "");
    List<Path> candidates = new ArrayList<>(List.of(
        Path.of("/var/run/docker.sock"),
        Path.of("/run/docker.sock"),
        Path.of(home, ".testcontainers.properties"),
        Path.of(home, ".docker", "run", "docker.sock"),
        Path.of(home, ".docker", "desktop", "docker.sock"),
        Path.of(home, ".rd", "docker.sock"),
        Path.of(home, ".colima", "default", "docker.sock")));
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if (notBlank(runtimeDir)) {
      candidates.add(Path.of(runtimeDir, "docker.sock"));
      candidates.add(Path.of(runtimeDir, "podman", "podman.sock"));
    }
    return candidates.stream().anyMatch(Files::exists);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static KafkaFixture startEmbedded() {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.forTests());
    try {
      broker.start();
    } catch (RuntimeException e) {
      broker.closeAndDeleteData();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(broker::closeAndDeleteData, "kafka-fixture-shutdown"));
    log.info("Shared Kafka fixture: embedded broker at {}", broker.bootstrapServers());
    return new KafkaFixture(Kind.EMBEDDED, broker.bootstrapServers());
  }

  @SuppressWarnings("resource") // stopped by the shutdown hook
  private static KafkaFixture startContainer() {
    KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        .withEnv("KAFKA_NUM_PARTITIONS", "1")
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .withStartupTimeout(Duration.ofMinutes(2));
    try {
      container.start();
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-fixture-shutdown"));
    log.info("Shared Kafka fixture: container {} at {}", KAFKA_IMAGE, container.getBootstrapServers());
    return new KafkaFixture(Kind.CONTAINER, container.getBootstrapServers());
  }
}
