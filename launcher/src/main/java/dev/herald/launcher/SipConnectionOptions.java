package dev.herald.launcher;

import dev.herald.common.net.SourceLimits;
import dev.herald.common.sip.SipConnectionLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of {@code herald up} for the connections of the SIP TCP and TLS listeners; see {@link SipConnectionLimits}. */
final class SipConnectionOptions {

  @Option(names = "--sip-max-connections-per-source", defaultValue = "32",
      description = "SIP TCP or TLS connections one address may hold on each listener, TLS handshakes included"
          + " (HERALD_SIP_MAX_CONNECTIONS_PER_SOURCE)")
  int maxPerSource;

  @Option(names = "--sip-connects-per-second-per-source", defaultValue = "20",
      description = "new SIP TCP or TLS connections one address may open per second on each listener"
          + " (HERALD_SIP_CONNECTS_PER_SECOND_PER_SOURCE)")
  int connectsPerSecondPerSource;

  @Option(names = "--sip-max-connections", defaultValue = "10000",
      description = "connections the SIP TCP listener and the TLS listener each hold at most (HERALD_SIP_MAX_CONNECTIONS)")
  int maxConnections;

  @Option(names = "--sip-idle-timeout-s", defaultValue = "3700",
      description = "a SIP TCP or TLS connection that sent nothing this long is closed; longer than the"
          + " subscription refresh (HERALD_SIP_IDLE_TIMEOUT_S)")
  long idleTimeoutS;

  SipConnectionLimits settings() {
    return new SipConnectionLimits(SourceLimits.builder().maxPerSource(maxPerSource)
        .acceptsPerSecondPerSource(connectsPerSecondPerSource).maxConnections(maxConnections).build(),
        Duration.ofSeconds(idleTimeoutS));
  }
}
