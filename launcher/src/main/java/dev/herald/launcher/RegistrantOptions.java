package dev.herald.launcher;

import dev.herald.registrant.RegistrantConfig;
import dev.herald.registrant.accounts.AccountLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The registrant-account flags of {@code herald up}; see {@link AccountLimits}. */
final class RegistrantOptions {

  @Option(names = "--registrant-min-expiry", defaultValue = "60",
      description = "shortest expiry a registrant account may ask its registrar for (HERALD_REGISTRANT_MIN_EXPIRY)")
  int minExpiry;

  @Option(names = "--registrant-max-expiry", defaultValue = "86400",
      description = "longest expiry a registrant account may ask its registrar for (HERALD_REGISTRANT_MAX_EXPIRY)")
  int maxExpiry;

  @Option(names = "--registrant-sip-port", defaultValue = "0",
      description = "UDP port the registrant worker sends REGISTERs from; 0 picks a free one (HERALD_REGISTRANT_SIP_PORT)")
  int sipPort;

  @Option(names = "--registrant-refresh-share", defaultValue = "0.9",
      description = "share of the granted expiry after which a registration is refreshed (HERALD_REGISTRANT_REFRESH_SHARE)")
  double refreshShare;

  @Option(names = "--registrant-retry-seconds", defaultValue = "30",
      description = "wait after a failed REGISTER; doubled per further failure (HERALD_REGISTRANT_RETRY_SECONDS)")
  int retrySeconds;

  @Option(names = "--registrant-max-backoff-seconds", defaultValue = "600",
      description = "longest wait between failed REGISTERs (HERALD_REGISTRANT_MAX_BACKOFF_SECONDS)")
  int maxBackoffSeconds;

  @Option(names = "--registrant-spread-seconds", defaultValue = "30",
      description = "first registrations of the accounts a worker takes on are spread over this window"
          + " (HERALD_REGISTRANT_SPREAD_SECONDS)")
  int spreadSeconds;

  @Option(names = "--registrant-max-rate", defaultValue = "500",
      description = "REGISTER cycles a worker starts per second at most (HERALD_REGISTRANT_MAX_RATE)")
  int maxRate;

  AccountLimits limits() {
    return new AccountLimits(minExpiry, maxExpiry);
  }

  /** The worker's settings; {@code sipHost} is where it sends from unless an account forces a socket. */
  RegistrantConfig worker(String sipHost, String workerId) {
    return RegistrantConfig.defaults(workerId, "herald-registrant")
        .withSip(sipHost, sipPort, "UDP")
        .withRefreshShare(refreshShare)
        .withRetry(Duration.ofSeconds(retrySeconds), Duration.ofSeconds(maxBackoffSeconds))
        .withSpread(Duration.ofSeconds(spreadSeconds), maxRate);
  }
}
