package dev.herald.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Flags of {@code herald up} for SIP over TLS; see {@link TlsSettings}. */
final class TlsOptions {

  @Option(names = "--sip-tls-port", defaultValue = "5061",
      description = "SIP over TLS port on the SIP host (sips:); 0 picks a free one; off: no TLS (HERALD_SIP_TLS_PORT)")
  String sipTlsPort;

  @Option(names = "--tls-cert", description = "PEM file of the TLS certificate, its chain after it; none: a self-signed"
      + " one generated into the data directory (HERALD_TLS_CERT)")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM file of the certificate's private key, unencrypted (HERALD_TLS_KEY)")
  Path tlsKey;

  @Option(names = "--tls-verify-client", defaultValue = "false", arity = "1",
      description = "require a client certificate chaining to --tls-client-ca (HERALD_TLS_VERIFY_CLIENT)")
  boolean tlsVerifyClient;

  @Option(names = "--tls-client-ca", description = "PEM file of the CAs client certificates must chain to"
      + " (HERALD_TLS_CLIENT_CA)")
  Path tlsClientCa;

  @Option(names = "--tls-handshake-timeout-ms", defaultValue = "10000",
      description = "how long a TLS handshake may take before the connection is closed (HERALD_TLS_HANDSHAKE_TIMEOUT_MS)")
  long tlsHandshakeTimeoutMs;

  TlsSettings settings() {
    String port = sipTlsPort.strip().toLowerCase(Locale.ROOT);
    boolean enabled = !port.equals("off");
    int number;
    try {
      number = enabled ? Integer.parseInt(port) : TlsSettings.DEFAULT_PORT;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--sip-tls-port must be a port number or off, was '" + sipTlsPort + "'");
    }
    return new TlsSettings(enabled, number, Optional.ofNullable(tlsCert), Optional.ofNullable(tlsKey), tlsVerifyClient,
        Optional.ofNullable(tlsClientCa), Duration.ofMillis(tlsHandshakeTimeoutMs));
  }
}
