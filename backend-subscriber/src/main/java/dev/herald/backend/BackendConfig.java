package dev.herald.backend;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The back-end subscriber: where it listens for NOTIFYs, which domains are Herald's own (their
 * resources are never subscribed to elsewhere), and its timing.
 *
 * @param sip the address its SUBSCRIBEs leave from and its NOTIFYs arrive at
 * @param domains Herald's own domains and the gateways'
 * @param timing how long it subscribes and how it retries
 * @param identity the URI it subscribes as (RFC 4662 §7.1.2: across domains a list server uses its own)
 */
public record BackendConfig(Sip sip, Domains domains, Timing timing, String identity) {

  /** The SIP address: {@code port} 0 takes a free one. */
  public record Sip(String host, int port) {
    public Sip {
      Objects.requireNonNull(host, "sip host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("the back-end subscriber's SIP port must be 0..65535, not " + port);
      }
    }
  }

  /**
   * @param local the domains Herald serves: at least one, or there is nothing elsewhere
   * @param gatewayed the domains a gateway serves (XMPP): the gateway subscribes there, not SIP
   */
  public record Domains(Set<String> local, Set<String> gatewayed) {
    public Domains {
      local = lowerCase(local, "local");
      gatewayed = lowerCase(gatewayed, "gatewayed");
      if (local.isEmpty()) {
        throw new IllegalArgumentException("the back-end subscriber needs Herald's own domains (--local-domains)");
      }
    }

    /** Whether a resource whose URI has {@code host} lives on another SIP server. */
    public boolean elsewhere(String host) {
      return host != null && !local.contains(host.toLowerCase(Locale.ROOT))
          && !gatewayed.contains(host.toLowerCase(Locale.ROOT));
    }

    private static Set<String> lowerCase(Set<String> domains, String what) {
      Objects.requireNonNull(domains, what + " domains");
      return domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
  }

  /**
   * @param subscribeSeconds the Expires of its SUBSCRIBEs (RFC 6665 §4.1.2.1)
   * @param firstRetry the wait after a refused or unanswered SUBSCRIBE; it doubles up to {@code lastRetry}
   * @param lastRetry the longest wait between attempts
   */
  public record Timing(int subscribeSeconds, Duration firstRetry, Duration lastRetry) {
    public Timing {
      if (subscribeSeconds < 60 || subscribeSeconds > 86_400) {
        throw new IllegalArgumentException("back-end subscriptions last 60..86400 s, not " + subscribeSeconds);
      }
      Objects.requireNonNull(firstRetry, "firstRetry");
      Objects.requireNonNull(lastRetry, "lastRetry");
      if (firstRetry.isNegative() || firstRetry.isZero() || lastRetry.compareTo(firstRetry) < 0) {
        throw new IllegalArgumentException("retries wait a positive time, the last no shorter than the first");
      }
    }

    public static Timing defaults() {
      return new Timing(600, Duration.ofSeconds(5), Duration.ofMinutes(5));
    }
  }

  public BackendConfig {
    Objects.requireNonNull(sip, "sip");
    Objects.requireNonNull(domains, "domains");
    Objects.requireNonNull(timing, "timing");
    if (identity == null || !identity.startsWith("sip:")) {
      throw new IllegalArgumentException("the back-end subscriber's identity must be a sip: URI, not " + identity);
    }
  }

  /** Listens on {@code host}, any port; subscribes as {@code sip:herald@<first local domain>}. */
  public static BackendConfig of(String host, Set<String> localDomains, Set<String> gatewayed) {
    Domains domains = new Domains(localDomains, gatewayed);
    return new BackendConfig(new Sip(host, 0), domains, Timing.defaults(),
        "sip:herald@" + domains.local().stream().sorted().findFirst().orElseThrow());
  }
}
