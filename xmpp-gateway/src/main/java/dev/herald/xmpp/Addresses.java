package dev.herald.xmpp;

import dev.herald.schemas.ResourceKeys;
import java.util.Locale;
import java.util.Optional;
import org.xmpp.packet.JID;

/**
 * Who is who on either side. An XMPP user {@code bob@xmpp.example.com} of a gatewayed domain is the
 * SIP resource {@code presence|sip:bob@xmpp.example.com}; the SIP user {@code sip:alice@<sip domain>}
 * is the JID {@code alice@<component name>}. An XMPP watcher's identity, which the SIP user's rules
 * name, is {@code sip:} and its bare JID, as RFC 7248 §3 maps addresses.
 */
final class Addresses {

  static final String PRESENCE = "presence";

  private final XmppGatewayConfig.Domains domains;
  private final String componentName;

  Addresses(XmppGatewayConfig.Domains domains, String componentName) {
    this.domains = domains;
    this.componentName = componentName;
  }

  String componentName() {
    return componentName;
  }

  /** The resource of an XMPP contact of a gatewayed domain, or empty for any other JID. */
  Optional<String> contactResource(JID from) {
    if (from == null || from.getNode() == null || !domains.xmpp().contains(lower(from.getDomain()))) {
      return Optional.empty();
    }
    return Optional.of(ResourceKeys.of(PRESENCE, "sip:" + from.getNode() + "@" + lower(from.getDomain())));
  }

  /** The XMPP contact a watched resource names, or empty when it is not a presence resource of a gatewayed domain. */
  Optional<JID> contactOf(String resourceKey) {
    if (!PRESENCE.equals(ResourceKeys.packageOf(resourceKey))) {
      return Optional.empty();
    }
    return userAndHost(ResourceKeys.uriOf(resourceKey))
        .filter(parts -> domains.xmpp().contains(parts[1]))
        .map(parts -> new JID(parts[0], parts[1], null));
  }

  /** The SIP user a JID of the component stands for, or empty for the component itself and other domains. */
  Optional<String> sipUserOf(JID to) {
    if (to == null || to.getNode() == null || !componentName.equals(lower(to.getDomain()))) {
      return Optional.empty();
    }
    return ResourceKeys.normaliseUri("sip:" + to.getNode() + "@" + domains.sip());
  }

  /** The JID of the component that stands for a SIP user of the SIP domain, or empty for other URIs. */
  Optional<JID> jidOfSipUser(String sipUri) {
    return userAndHost(sipUri).filter(parts -> parts[1].equals(domains.sip()))
        .map(parts -> new JID(parts[0], componentName, null));
  }

  /** A presence resource of the SIP domain, as the processor keys it. */
  Optional<String> sipUserOfResource(String resourceKey) {
    if (!PRESENCE.equals(ResourceKeys.packageOf(resourceKey))) {
      return Optional.empty();
    }
    String uri = ResourceKeys.uriOf(resourceKey);
    return userAndHost(uri).filter(parts -> parts[1].equals(domains.sip())).map(parts -> uri);
  }

  /** The identity the SIP user's rules name an XMPP subscriber by. */
  static String watcherIdentity(JID subscriber) {
    return ResourceKeys.normaliseUri("sip:" + subscriber.toBareJID()).orElseThrow();
  }

  static String presenceResource(String sipUri) {
    return ResourceKeys.of(PRESENCE, sipUri);
  }

  /** {user, host} of a normalised {@code sip:user@host}, or empty. */
  private static Optional<String[]> userAndHost(String uri) {
    if (uri == null || !uri.startsWith("sip:")) {
      return Optional.empty();
    }
    int at = uri.lastIndexOf('@');
    if (at <= 4 || at == uri.length() - 1) {
      return Optional.empty();
    }
    String user = uri.substring(4, at);
    String host = lower(uri.substring(at + 1));
    // A user part that is no valid JID node (RFC 7622 §3.3.1) has no XMPP counterpart.
    try {
      return Optional.of(new String[] {JID.nodeprep(user), host});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }
}
