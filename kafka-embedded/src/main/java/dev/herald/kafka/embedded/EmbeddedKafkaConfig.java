package dev.herald.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of an {@link EmbeddedKafkaBroker}.
 *
 * @param dataDir        directory under which the broker keeps all of its data (log segments,
 *                       KRaft metadata log, {@code meta.properties}); created if missing. Reusing
 *                       the same directory across restarts keeps all topics and records.
 * @param host           host name or address the listeners bind to and advertise, e.g. {@code 127.0.0.1}
 * @param port           client (PLAINTEXT) listener port, 0..65535. <b>0 means "pick a free port
 *                       when {@link EmbeddedKafkaBroker#start()} runs"</b>; the chosen port is
 *                       reported by {@link EmbeddedKafkaBroker#port()} and
 *                       {@link EmbeddedKafkaBroker#bootstrapServers()}, and a restart picks a new one.
 * @param controllerPort KRaft controller listener port, 0..65535, 0 meaning "pick a free port", as above.
 *                       Must differ from {@code port} unless both are 0.
 * @param overrides      extra broker properties (e.g. {@code log.retention.ms}); they win over the
 *                       small-footprint defaults of {@link EmbeddedKafkaBroker}. Keys that define
 *                       the node's identity and layout ({@link #RESERVED_KEYS}) are rejected.
 *                       {@code null} means none. Stored as an unmodifiable copy.
 * @param saslSsl        a second client listener with SASL over TLS, beside the PLAINTEXT one
 *                       (which the broker itself and Herald's one-command run use); empty: none
 */
public record EmbeddedKafkaConfig(Path dataDir, String host, int port, int controllerPort,
                  Map<String, String> overrides, Optional<SaslSslListener> saslSsl) {

  /** Loopback address used by the convenience factories. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Broker properties the embedded broker sets itself and that cannot be overridden. */
  public static final Set<String> RESERVED_KEYS = Set.of(
      "process.roles", "node.id", "broker.id",
      "controller.quorum.voters", "controller.quorum.bootstrap.servers",
      "controller.listener.names", "listeners", "inter.broker.listener.name",
      "log.dir", "log.dirs", "metadata.log.dir");

  public EmbeddedKafkaConfig {
    if (dataDir == null) {
      throw new IllegalArgumentException("dataDir must not be null");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be null or blank");
    }
    checkPort("port", port);
    checkPort("controllerPort", controllerPort);
    if (port != 0 && port == controllerPort) {
      throw new IllegalArgumentException("port and controllerPort must differ, both were " + port);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    if (overrides != null) {
      for (Map.Entry<String, String> e : overrides.entrySet()) {
        if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
          throw new IllegalArgumentException("override keys and values must not be null/blank: " + e);
        }
        if (RESERVED_KEYS.contains(e.getKey())) {
          throw new IllegalArgumentException("'" + e.getKey()
              + "' is managed by the embedded broker and cannot be overridden");
        }
        copy.put(e.getKey(), e.getValue());
      }
    }
    overrides = Map.copyOf(copy);
    saslSsl = saslSsl == null ? Optional.empty() : saslSsl;
    saslSsl.ifPresent(listener -> {
      if (listener.port() != 0 && (listener.port() == port || listener.port() == controllerPort)) {
        throw new IllegalArgumentException("the SASL_SSL port must differ from the others, was " + listener.port());
      }
    });
  }

  /** A config without a SASL_SSL listener. */
  public EmbeddedKafkaConfig(Path dataDir, String host, int port, int controllerPort, Map<String, String> overrides) {
    this(dataDir, host, port, controllerPort, overrides, Optional.empty());
  }

  private static void checkPort(String name, int value) {
    if (value < 0 || value > 65535) {
      throw new IllegalArgumentException(name + " must be in 0..65535 (0 = pick a free port), was " + value);
    }
  }

  /** A config on {@code dataDir}, loopback host, free ports, no overrides. */
  public static EmbeddedKafkaConfig of(Path dataDir) {
    return new EmbeddedKafkaConfig(dataDir, DEFAULT_HOST, 0, 0, Map.of());
  }

  /**
   * For tests: a fresh temporary data directory, loopback host, free ports, no overrides.
   * The directory is not removed by {@link EmbeddedKafkaBroker#close()} (that would defeat
   * restarts); use {@link EmbeddedKafkaBroker#closeAndDeleteData()} for a throw-away broker.
   */
  public static EmbeddedKafkaConfig forTests() {
    return forTests(Map.of());
  }

  /** Like {@link #forTests()}, with broker property overrides. */
  public static EmbeddedKafkaConfig forTests(Map<String, String> overrides) {
    try {
      return new EmbeddedKafkaConfig(Files.createTempDirectory("herald-kafka-"), DEFAULT_HOST, 0, 0, overrides);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary Kafka data dir", e);
    }
  }

  /** A copy with one more override. */
  public EmbeddedKafkaConfig withOverride(String key, String value) {
    Map<String, String> merged = new LinkedHashMap<>(overrides);
    merged.put(Objects.requireNonNull(key, "key"), value);
    return new EmbeddedKafkaConfig(dataDir, host, port, controllerPort, merged, saslSsl);
  }

  /** A copy with a SASL_SSL client listener beside the PLAINTEXT one. */
  public EmbeddedKafkaConfig withSaslSsl(SaslSslListener listener) {
    return new EmbeddedKafkaConfig(dataDir, host, port, controllerPort, overrides, Optional.of(listener));
  }

  /** A copy with the given ports (0 = pick a free one). */
  public EmbeddedKafkaConfig withPorts(int port, int controllerPort) {
    return new EmbeddedKafkaConfig(dataDir, host, port, controllerPort, overrides, saslSsl);
  }
}
