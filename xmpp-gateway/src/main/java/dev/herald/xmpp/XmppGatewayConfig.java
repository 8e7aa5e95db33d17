package dev.herald.xmpp;

import dev.herald.packages.authorization.DomainPolicies;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The XMPP gateway's settings: where the XMPP server's component port is and the component's name
 * and secret, which domains are whose, and the gateway's timers.
 *
 * @param link the XEP-0114 connection
 * @param domains the XMPP domains whose users SIP users watch, and the SIP domain XMPP users watch
 * @param timing reconnection, liveness and publication timers
 * @param defaultPolicy what applies to an XMPP subscriber when no rule of the SIP user matches it
 *     (the processor's {@code --default-policy})
 * @param maxDocumentBytes the longest PIDF document it publishes for an XMPP contact: the limit of a
 *     SIP PUBLISH body ({@code --max-body-bytes}), since what XMPP users send passes no edge
 */
public record XmppGatewayConfig(Link link, Domains domains, Timing timing, DomainPolicies defaultPolicy,
    int maxDocumentBytes) {

  /** The edge's default limit of a body. */
  public static final int DEFAULT_MAX_DOCUMENT_BYTES = 16384;

  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

  public XmppGatewayConfig {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(domains, "domains");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    if (maxDocumentBytes < 1024) {
      throw new IllegalArgumentException("the XMPP gateway's documents need at least 1024 bytes (--max-body-bytes), was "
          + maxDocumentBytes);
    }
    if (domains.xmpp().contains(link.componentName())) {
      throw new IllegalArgumentException("--xmpp-component-name " + link.componentName()
          + " must not be one of --xmpp-domains: the component has a domain of its own");
    }
    if (domains.sip().equals(link.componentName())) {
      throw new IllegalArgumentException("--xmpp-sip-domain and --xmpp-component-name must differ, both are "
          + link.componentName());
    }
  }

  /**
   * The component connection (XEP-0114).
   *
   * @param host the XMPP server's address
   * @param port its component port (Prosody's and ejabberd's default: 5347)
   * @param componentName the component's domain, e.g. {@code sip.xmpp.example.com}: SIP users are JIDs of it
   * @param secret the shared secret of the XMPP server's component configuration
   */
  public record Link(String host, int port, String componentName, Secret secret) {
    public Link {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("--xmpp-component-host is required");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--xmpp-component-port must be 1..65535, was " + port);
      }
      componentName = domain("--xmpp-component-name", componentName);
      if (secret == null) {
        throw new IllegalArgumentException("--xmpp-component-secret is required");
      }
    }
  }

  /** A shared secret that never shows in logs, settings dumps or exceptions. */
  public record Secret(String value) {
    public Secret {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("--xmpp-component-secret is required");
      }
    }

    @Override
    public String toString() {
      return "Secret[****]";
    }
  }

  /**
   * @param xmpp domains whose users SIP users can watch, as {@code sip:bob@<domain>}
   * @param sip the SIP domain whose users XMPP users can watch, as {@code alice@<component name>}
   */
  public record Domains(Set<String> xmpp, String sip) {
    public Domains {
      if (xmpp == null || xmpp.isEmpty()) {
        throw new IllegalArgumentException("--xmpp-domains needs at least one XMPP domain");
      }
      Set<String> normalised = new LinkedHashSet<>();
      for (String domain : xmpp) {
        normalised.add(domain("--xmpp-domains", domain));
      }
      xmpp = Set.copyOf(normalised);
      sip = domain("--xmpp-sip-domain", sip);
      if (xmpp.contains(sip)) {
        throw new IllegalArgumentException("--xmpp-sip-domain " + sip + " must not be one of --xmpp-domains: "
            + "Herald serves its users itself");
      }
    }

    /** Parses a comma list, as the flag gives it. */
    public static Set<String> parseList(String commaList) {
      Set<String> domains = new LinkedHashSet<>();
      for (String part : commaList == null ? new String[0] : commaList.split(",")) {
        if (!part.isBlank()) {
          domains.add(part.strip());
        }
      }
      return domains;
    }
  }

  /**
   * @param reconnectInitial the first wait after the link fails; doubled per further failure
   * @param reconnectMax the longest wait between attempts
   * @param ping how often the gateway checks the link when nothing else arrives (XEP-0199)
   * @param publicationSeconds the expiry of the publications the gateway makes for XMPP contacts; it
   *     refreshes them at half of it
   */
  public record Timing(Duration reconnectInitial, Duration reconnectMax, Duration ping, int publicationSeconds) {
    public Timing {
      positive("reconnect initial wait", reconnectInitial);
      positive("reconnect maximum wait", reconnectMax);
      positive("ping interval", ping);
      if (reconnectMax.compareTo(reconnectInitial) < 0) {
        throw new IllegalArgumentException("the reconnect maximum wait (" + reconnectMax
            + ") is shorter than the initial wait (" + reconnectInitial + ")");
      }
      if (publicationSeconds < 60) {
        throw new IllegalArgumentException("the XMPP contacts' publication expiry must be at least 60 s, was "
            + publicationSeconds);
      }
    }

    public static Timing defaults() {
      return new Timing(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10), 3600);
    }

    private static void positive(String what, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("the " + what + " must be positive, was " + value);
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private static String domain(String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(flag + " is required");
    }
    String lower = value.strip().toLowerCase(Locale.ROOT);
    if (!DOMAIN.matcher(lower).matches()) {
      throw new IllegalArgumentException(flag + ": '" + value + "' is not a domain name");
    }
    return lower;
  }

  /** Builds the settings by name; {@link #build()} validates them. */
  public static final class Builder {
    private String host;
    private int port = 5347;
    private String componentName;
    private String secret;
    private Set<String> xmppDomains = Set.of();
    private String sipDomain;
    private Timing timing = Timing.defaults();
    private DomainPolicies defaultPolicy = DomainPolicies.allowAll();
    private int maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;

    public Builder componentHost(String value) {
      this.host = value;
      return this;
    }

    public Builder componentPort(int value) {
      this.port = value;
      return this;
    }

    public Builder componentName(String value) {
      this.componentName = value;
      return this;
    }

    public Builder secret(String value) {
      this.secret = value;
      return this;
    }

    public Builder xmppDomains(Set<String> value) {
      this.xmppDomains = value;
      return this;
    }

    public Builder sipDomain(String value) {
      this.sipDomain = value;
      return this;
    }

    public Builder timing(Timing value) {
      this.timing = value;
      return this;
    }

    public Builder defaultPolicy(DomainPolicies value) {
      this.defaultPolicy = value;
      return this;
    }

    public Builder maxDocumentBytes(int value) {
      this.maxDocumentBytes = value;
      return this;
    }

    public XmppGatewayConfig build() {
      return new XmppGatewayConfig(new Link(host, port, componentName, secret == null ? null : new Secret(secret)),
          new Domains(xmppDomains, sipDomain), timing, defaultPolicy, maxDocumentBytes);
    }
  }
}
