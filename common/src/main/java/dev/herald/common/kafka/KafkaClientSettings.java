package dev.herald.common.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The Kafka client properties every producer, consumer, admin client and Streams application of
 * every Herald role gets, beside {@code bootstrap.servers}: security ({@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}) and any other client property, from a Java properties file
 * ({@code --kafka-config}) and {@code HERALD_KAFKA_*} environment variables
 * ({@code HERALD_KAFKA_SECURITY_PROTOCOL=SASL_SSL} is {@code security.protocol}); a variable wins
 * over the file. {@link #clientProperties(String)} is the one place the common client properties
 * are built. What a role sets itself for one of its clients (acks, timeouts, client ids) wins over
 * these.
 *
 * <p>Refused, each with a message saying why: keys no Kafka client knows (a typo would otherwise
 * be ignored with a warning deep in the log); {@code bootstrap.servers} (the cluster is
 * {@code --bootstrap-servers}, or the embedded broker); keys Herald sets per client and that would
 * break it if shared ({@code group.id}, {@code application.id}, {@code transactional.id}, the
 * serializers); an unknown {@code security.protocol}; {@code sasl.*} settings without a SASL
 * protocol; a SASL protocol without {@code sasl.jaas.config}.
 *
 * <p>Values of secret keys (whose name contains password, secret, jaas, token or key) never leave
 * through {@link #toString()} or {@link #masked()}.
 *
 * @param properties the client properties, by name; stored as an unmodifiable sorted copy
 */
public record KafkaClientSettings(Map<String, String> properties) {

  /** The variable prefix: {@code HERALD_KAFKA_SASL_MECHANISM} is {@code sasl.mechanism}. */
  public static final String VARIABLE_PREFIX = "HERALD_KAFKA_";
  /**
   * Variables of that prefix that are Herald's own settings, not client properties: the file
   * ({@code --kafka-config}) and the tests' choice of broker (testkit's {@code KafkaFixture}).
   */
  static final Set<String> OWN_VARIABLES = Set.of("HERALD_KAFKA_CONFIG", "HERALD_KAFKA_FIXTURE");
  /** What a masked secret shows. */
  public static final String HIDDEN = "[hidden]";

  /** Set by Herald per client; one value for every client would break the roles. */
  static final Set<String> PER_CLIENT_KEYS = Set.of(ConsumerConfig.GROUP_ID_CONFIG, "application.id",
      ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
      ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

  private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "jaas", "token", "key");
  private static final Set<String> CLIENT_KEYS = Stream.of(ProducerConfig.configNames(),
      ConsumerConfig.configNames(), AdminClientConfig.configNames()).flatMap(Set::stream).collect(Collectors.toSet());

  public KafkaClientSettings {
    Map<String, String> copy = new TreeMap<>();
    (properties == null ? Map.<String, String>of() : properties).forEach((key, value) -> {
      if (key == null || key.isBlank() || value == null) {
        throw new IllegalArgumentException("Kafka client properties need a name and a value, was " + key);
      }
      copy.put(key.strip(), value.strip());
    });
    for (String key : copy.keySet()) {
      check(key);
    }
    String protocol = copy.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
    boolean sasl = false;
    if (protocol != null) {
      if (!SecurityProtocol.names().contains(protocol.toUpperCase(Locale.ROOT))) {
        throw new IllegalArgumentException("security.protocol must be one of " + SecurityProtocol.names()
            + ", was " + protocol);
      }
      sasl = protocol.toUpperCase(Locale.ROOT).startsWith("SASL_");
    }
    if (!sasl) {
      copy.keySet().stream().filter(k -> k.startsWith("sasl.")).findFirst().ifPresent(k -> {
        throw new IllegalArgumentException(k + " needs security.protocol SASL_SSL or SASL_PLAINTEXT, was "
            + (protocol == null ? "not set (PLAINTEXT)" : protocol));
      });
    } else if (!copy.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
      throw new IllegalArgumentException("security.protocol " + protocol
          + " needs sasl.jaas.config (the login module with the user and password or token)");
    }
    properties = java.util.Collections.unmodifiableMap(copy);
  }

  private static void check(String key) {
    if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("bootstrap.servers is not a Kafka client setting here: give the cluster"
          + " with --bootstrap-servers (HERALD_BOOTSTRAP_SERVERS)");
    }
    if (PER_CLIENT_KEYS.contains(key)) {
      throw new IllegalArgumentException(key + " is set by Herald for each of its clients and cannot be shared");
    }
    if (!CLIENT_KEYS.contains(key)) {
      throw new IllegalArgumentException("'" + key + "' is not a Kafka client property");
    }
  }

  /** No properties: an open cluster. */
  public static KafkaClientSettings none() {
    return new KafkaClientSettings(Map.of());
  }

  /**
   * The properties of {@code file} (when given), then the {@code HERALD_KAFKA_*} variables of
   * {@code env} over them.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when a property breaks a rule of this record
   */
  public static KafkaClientSettings from(Optional<Path> file, Map<String, String> env) {
    Map<String, String> merged = new TreeMap<>();
    file.ifPresent(path -> merged.putAll(read(path)));
    merged.putAll(fromVariables(env));
    return new KafkaClientSettings(merged);
  }

  /** The client properties the {@code HERALD_KAFKA_*} variables of {@code env} name. */
  static Map<String, String> fromVariables(Map<String, String> env) {
    Map<String, String> properties = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(VARIABLE_PREFIX) && !OWN_VARIABLES.contains(name) && !value.isBlank()) {
        properties.put(propertyOf(name), value);
      }
    });
    return properties;
  }

  /** {@code HERALD_KAFKA_SSL_TRUSTSTORE_LOCATION} is {@code ssl.truststore.location}. */
  public static String propertyOf(String variable) {
    return variable.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static Map<String, String> read(Path file) {
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      loaded.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Kafka client configuration " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> properties = new TreeMap<>();
    loaded.stringPropertyNames().forEach(name -> properties.put(name, loaded.getProperty(name)));
    return properties;
  }

  /** The properties of every client of {@code bootstrapServers}: these, and the cluster. */
  public Map<String, Object> clientProperties(String bootstrapServers) {
    Map<String, Object> all = new TreeMap<>(properties);
    all.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return java.util.Collections.unmodifiableMap(all);
  }

  /** The security protocol the clients use ({@code PLAINTEXT} unless set). */
  public String securityProtocol() {
    return properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT").toUpperCase(Locale.ROOT);
  }

  /** Whether the clients connect other than in plaintext. */
  public boolean secured() {
    return !securityProtocol().equals("PLAINTEXT");
  }

  /** Whether the value of {@code key} is a secret: its name contains password, secret, jaas, token or key. */
  public static boolean secret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(lower::contains);
  }

  /** The properties with every secret's value replaced by {@value #HIDDEN}, for logs and banners. */
  public Map<String, String> masked() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((key, value) -> shown.put(key, secret(key) ? HIDDEN : value));
    return shown;
  }

  @Override
  public String toString() {
    return masked().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ", "KafkaClientSettings[", "]"));
  }
}
