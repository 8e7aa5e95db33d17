package dev.herald.launcher;

import dev.herald.common.sip.SipTls;
import dev.herald.common.tls.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * SIP over TLS on the edge (RFC 3261 §26.2.1), as the flags give it.
 *
 * @param enabled whether the edge serves TLS at all
 * @param port the TLS port; 0 picks a free one
 * @param certificate PEM file of the server certificate (chain after it); none: a self-signed one in the data directory
 * @param key PEM file of its private key; given exactly when {@code certificate} is
 * @param verifyClient whether a client must present a certificate chaining to {@code clientCa}
 * @param clientCa PEM file of the CAs client certificates must chain to
 * @param handshakeTimeout how long a TLS handshake may take
 */
public record TlsSettings(boolean enabled, int port, Optional<Path> certificate, Optional<Path> key,
    boolean verifyClient, Optional<Path> clientCa, Duration handshakeTimeout) {

  public static final int DEFAULT_PORT = 5061;
  /** The directory of the data directory the self-signed pair is kept in. */
  static final String SELF_SIGNED_DIRECTORY = "tls";

  public TlsSettings {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("sip tls port must be 0..65535 or off, was " + port);
    }
    if (certificate.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or neither for a"
          + " self-signed certificate");
    }
    SipTls.checkClientsAndHandshake(verifyClient, clientCa, handshakeTimeout);
  }

  /** No TLS: what a Herald built in code serves unless told otherwise. */
  public static TlsSettings off() {
    return new TlsSettings(false, DEFAULT_PORT, Optional.empty(), Optional.empty(), false, Optional.empty(),
        SipTls.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** TLS on {@code port} with a self-signed certificate kept in the data directory. */
  public static TlsSettings selfSigned(int port) {
    return new TlsSettings(true, port, Optional.empty(), Optional.empty(), false, Optional.empty(),
        SipTls.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * What the edge serves TLS with: the given PEM files, or the self-signed pair of
   * {@code dataDir} (made now if there is none yet, with a warning either way).
   */
  SipTls sipTls(Path dataDir, String sipHost, Clock clock) throws IOException, GeneralSecurityException {
    Path cert;
    Path privateKey;
    if (certificate.isPresent()) {
      cert = certificate.get();
      privateKey = key.orElseThrow();
    } else {
      SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dataDir.resolve(SELF_SIGNED_DIRECTORY),
          sipHost, clock);
      cert = pair.certificate();
      privateKey = pair.key();
    }
    return new SipTls(cert.toAbsolutePath(), privateKey.toAbsolutePath(), clientCa.map(Path::toAbsolutePath),
        verifyClient, handshakeTimeout);
  }
}
