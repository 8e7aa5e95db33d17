package dev.herald.common.sip;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/**
 * SIP over TLS (RFC 3261 §26.2.1, RFC 5630): the PEM files a stack serves TLS with, whom it
 * asks for client certificates, and how long a handshake may take. Only TLS 1.2 and 1.3 are
 * offered. Everything reaches JAIN-SIP as stack properties ({@link #stackProperties}), never as
 * the JVM-wide {@code javax.net.ssl.*} system properties.
 *
 * @param certificate PEM file of the server certificate, its chain after it
 * @param privateKey PEM file of the certificate's private key (PKCS#8, PKCS#1 or SEC1), unencrypted
 * @param clientCa PEM file of the CAs a client certificate must chain to; needed to verify clients
 * @param verifyClient whether a client must present a certificate that chains to {@code clientCa}
 * @param handshakeTimeout how long a TLS handshake may take before the connection is closed
 */
public record SipTls(Path certificate, Path privateKey, Optional<Path> clientCa, boolean verifyClient,
    Duration handshakeTimeout) {

  /** The protocols offered, newest first. */
  public static final String PROTOCOLS = "TLSv1.3,TLSv1.2";
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  static final String CERTIFICATE = "dev.herald.sip.TLS_CERTIFICATE";
  static final String PRIVATE_KEY = "dev.herald.sip.TLS_PRIVATE_KEY";
  static final String CLIENT_CA = "dev.herald.sip.TLS_CLIENT_CA";
  static final String REUSE_PORT = "dev.herald.sip.REUSE_PORT";
  static final String SECURITY_MANAGER_PROVIDER = "gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER";
  static final String CLIENT_PROTOCOLS = "gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS";
  static final String CIPHER_SUITES = "gov.nist.javax.sip.ENABLED_CIPHER_SUITES";
  static final String CLIENT_AUTH_TYPE = "gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE";
  static final String HANDSHAKE_TIMEOUT = "gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT";
  static final String RENEGOTIATION = "gov.nist.javax.sip.SSL_RENEGOTIATION_ENABLED";

  public SipTls {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    checkClientsAndHandshake(verifyClient, clientCa, handshakeTimeout);
  }

  /** The rules of client verification and the handshake timeout, shared with the flags that give them. */
  public static void checkClientsAndHandshake(boolean verifyClient, Optional<Path> clientCa, Duration handshakeTimeout) {
    Objects.requireNonNull(clientCa, "clientCa");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (verifyClient && clientCa.isEmpty()) {
      throw new IllegalArgumentException("verifying client certificates (--tls-verify-client) needs the CAs they"
          + " chain to (--tls-client-ca)");
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("TLS handshake timeout must be positive, was " + handshakeTimeout);
    }
  }

  /** A server with this certificate and key that asks clients for no certificate. */
  public static SipTls of(Path certificate, Path privateKey) {
    return new SipTls(certificate, privateKey, Optional.empty(), false, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * A server context with this certificate and key, trusting the client CAs (for transports outside
   * JAIN-SIP, such as secure WebSocket); the protocols are the caller's to restrict to {@link #PROTOCOLS}.
   */
  public SSLContext serverContext() throws GeneralSecurityException, IOException {
    PemSecurityManagerProvider provider = new PemSecurityManagerProvider();
    Properties properties = new Properties();
    properties.putAll(stackProperties(false));
    provider.init(properties);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(provider.getKeyManagers(false), provider.getTrustManagers(false), null);
    return context;
  }

  /**
   * The JAIN-SIP properties of a stack serving TLS this way: Herald's network layer and security
   * manager provider reading these PEM files, the protocols and cipher suites, client
   * authentication, the handshake timeout; {@code reusePort} shares the listening ports with other
   * edges on the host.
   */
  public Map<String, String> stackProperties(boolean reusePort) {
    Map<String, String> properties = new HashMap<>();
    properties.put(ReusePortNetworkLayer.PROPERTY, TlsNetworkLayer.class.getName());
    properties.put(SECURITY_MANAGER_PROVIDER, PemSecurityManagerProvider.class.getName());
    properties.put(CERTIFICATE, certificate.toString());
    properties.put(PRIVATE_KEY, privateKey.toString());
    clientCa.ifPresent(ca -> properties.put(CLIENT_CA, ca.toString()));
    properties.put(REUSE_PORT, Boolean.toString(reusePort));
    // JAIN-SIP applies its "client" protocols to the server socket as well.
    properties.put(CLIENT_PROTOCOLS, PROTOCOLS);
    // Its default suites are TLS 1.0 era (RSA key exchange, 3DES, anonymous DH); the JDK's are current.
    properties.put(CIPHER_SUITES, String.join(",", TlsNetworkLayer.cipherSuites()));
    properties.put(CLIENT_AUTH_TYPE, verifyClient ? "Enabled" : "Disabled");
    properties.put(HANDSHAKE_TIMEOUT, Long.toString(handshakeTimeout.toMillis()));
    // Client-initiated renegotiation costs the server a handshake for each; RFC 8446 has none.
    properties.put(RENEGOTIATION, "false");
    return properties;
  }
}
