package dev.herald.launcher;

import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.xmpp.XmppGatewayConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The XMPP gateway's flags of {@code herald up}; the gateway runs when a component host is given. See docs/xmpp.md. */
final class XmppOptions {

  @Option(names = "--xmpp-component-host",
      description = "the XMPP server's address for the gateway's component link; the gateway runs only when given"
          + " (HERALD_XMPP_COMPONENT_HOST)")
  String host;

  @Option(names = "--xmpp-component-port", defaultValue = "5347",
      description = "the XMPP server's component port, XEP-0114 (HERALD_XMPP_COMPONENT_PORT)")
  int port;

  @Option(names = "--xmpp-component-name",
      description = "the component's domain, e.g. sip.xmpp.example.com: SIP users are JIDs of it (HERALD_XMPP_COMPONENT_NAME)")
  String componentName;

  @Option(names = "--xmpp-component-secret",
      description = "the component's shared secret, as in the XMPP server's configuration; never logged"
          + " (HERALD_XMPP_COMPONENT_SECRET)")
  String secret;

  @Option(names = "--xmpp-domains", defaultValue = "",
      description = "comma list of XMPP domains whose users SIP users can watch as sip:user@domain (HERALD_XMPP_DOMAINS);"
          + " processors need it too")
  String domains;

  @Option(names = "--xmpp-sip-domain",
      description = "the SIP domain whose users XMPP users can watch as user@<component name> (HERALD_XMPP_SIP_DOMAIN)")
  String sipDomain;

  @Option(names = "--xmpp-ping-seconds", defaultValue = "10",
      description = "how often the gateway checks its XMPP link; an unanswered ping reconnects (HERALD_XMPP_PING_SECONDS)")
  int pingSeconds;

  @Option(names = "--xmpp-reconnect-max-seconds", defaultValue = "60",
      description = "longest wait between attempts to reconnect the XMPP link; the first is 1 s, doubled per failure"
          + " (HERALD_XMPP_RECONNECT_MAX_SECONDS)")
  int reconnectMaxSeconds;

  /** The XMPP domains a processor treats as a gateway's (its watch demand); empty when none is given. */
  Set<String> gatewayDomains() {
    return XmppGatewayConfig.Domains.parseList(domains).stream().map(domain -> domain.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The gateway's settings, or empty when no component host is given. Its publications ask for
   * {@code maxExpires} (at most an hour), so the processor grants them what they ask and the gateway's
   * refresh at half of it comes in time. Its documents are no longer than a PUBLISH body may be.
   */
  Optional<XmppGatewayConfig> gateway(DomainPolicies defaultPolicy, int maxExpires, int maxBodyBytes) {
    if (host == null || host.isBlank()) {
      return Optional.empty();
    }
    XmppGatewayConfig.Timing defaults = XmppGatewayConfig.Timing.defaults();
    return Optional.of(XmppGatewayConfig.builder().componentHost(host).componentPort(port).componentName(componentName)
        .secret(secret).xmppDomains(XmppGatewayConfig.Domains.parseList(domains)).sipDomain(sipDomain)
        .timing(new XmppGatewayConfig.Timing(defaults.reconnectInitial(), Duration.ofSeconds(reconnectMaxSeconds),
            Duration.ofSeconds(pingSeconds), Math.min(defaults.publicationSeconds(), maxExpires)))
        .defaultPolicy(defaultPolicy).maxDocumentBytes(maxBodyBytes).build());
  }
}
