package dev.herald.kafka.embedded;

import java.util.Map;
import java.util.Set;

/**
 * A second client listener of an {@link EmbeddedKafkaBroker}, named {@code SASL_SSL}: TLS with a
 * self-signed certificate the broker generates into its data directory (and reuses), and SASL with
 * one user, as a secured production cluster asks of its clients.
 *
 * @param port      the listener's port, 0..65535; 0 picks a free one at each start
 * @param mechanism {@code SCRAM-SHA-512} (the user's credential is created through the Admin API
 *                  after start, as on a real KRaft cluster) or {@code PLAIN} (the user is in the
 *                  listener's JAAS configuration)
 * @param username  the user clients sign in as
 * @param password  its password
 */
public record SaslSslListener(int port, String mechanism, String username, String password) {

  /** The listener's name and security protocol. */
  public static final String NAME = "SASL_SSL";
  public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";
  public static final String PLAIN = "PLAIN";
  static final Set<String> MECHANISMS = Set.of(SCRAM_SHA_512, PLAIN);

  public SaslSslListener {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("SASL_SSL port must be in 0..65535 (0 = pick a free port), was " + port);
    }
    if (!MECHANISMS.contains(mechanism)) {
      throw new IllegalArgumentException("SASL mechanism must be one of " + MECHANISMS + ", was " + mechanism);
    }
    if (username == null || !username.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("SASL user name must be letters, digits, '.', '_' or '-', was " + username);
    }
    if (password == null || password.isEmpty() || password.contains("\"") || password.contains("\\")) {
      throw new IllegalArgumentException("SASL password must be non-empty, without quotes or backslashes");
    }
  }

  /** SCRAM-SHA-512 for {@code username} on a free port. */
  public static SaslSslListener scram(String username, String password) {
    return new SaslSslListener(0, SCRAM_SHA_512, username, password);
  }

  /** PLAIN for {@code username} on a free port. */
  public static SaslSslListener plain(String username, String password) {
    return new SaslSslListener(0, PLAIN, username, password);
  }

  /** The JAAS login of a client signing in as {@code user} with {@code secret}, for this mechanism. */
  public String clientJaas(String user, String secret) {
    String module = mechanism.equals(PLAIN) ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module + " required username=\"" + user + "\" password=\"" + secret + "\";";
  }

  /** The broker's properties of this listener (its SSL store is {@code keyStore}, a PEM key and chain). */
  Map<String, String> brokerProperties(String keyStore) {
    String prefix = "listener.name." + NAME.toLowerCase(java.util.Locale.ROOT) + ".";
    String jaas = mechanism.equals(PLAIN)
        ? "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + username + "=\"" + password + "\";"
        : "org.apache.kafka.common.security.scram.ScramLoginModule required;";
    return Map.of(
        prefix + "sasl.enabled.mechanisms", mechanism,
        prefix + mechanism.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config", jaas,
        prefix + "ssl.keystore.type", "PEM",
        prefix + "ssl.keystore.location", keyStore);
  }
}
