package dev.herald.packages.authorization;

import dev.herald.avro.IdentityCondition;
import dev.herald.avro.ManyCondition;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.SubHandling;
import java.util.Locale;

/**
 * Decides what a presentity's rules do to one watcher. Pure: no state, no clock; the processor and
 * the gateways judge watchers with it alike.
 *
 * <p>URIs are compared in the normalised form of {@code ResourceKeys.normaliseUri}; the rules hold
 * their ids normalised (the processor's rules document and rules API normalise them on the way in).
 */
public final class Authorizer {

  private Authorizer() {}

  /**
   * The sub-handling in force for {@code watcher} on {@code presentity}.
   *
   * @param rules the presentity's rules, or null when it has none
   * @param watcher the watcher's normalised identity URI
   * @param presentity the presentity's normalised AOR
   * @param defaults what applies when no rule matches
   */
  public static SubHandling subHandling(PresenceRules rules, String watcher, String presentity,
      DomainPolicies defaults) {
    if (watcher.equals(presentity)) {
      // Herald's policy, not a rule of RFC 5025: a presentity's own devices always see it.
      return SubHandling.ALLOW;
    }
    SubHandling granted = null;
    if (rules != null) {
      for (PresenceRule rule : rules.getRules()) {
        if (matches(rule.getIdentity(), watcher)) {
          // RFC 4745 §10.2, RFC 5025 §3.2.1: the most permissive action of the matching rules wins.
          granted = granted == null ? rule.getSubHandling() : SubHandlings.max(granted, rule.getSubHandling());
        }
      }
    }
    return granted != null ? granted : defaults.handlingFor(hostOf(presentity), hostOf(watcher));
  }

  /** RFC 4745 §7.1: an absent identity matches everyone, else any one of its one / many elements. */
  static boolean matches(IdentityCondition identity, String watcher) {
    if (identity == null) {
      return true;
    }
    if (identity.getOne().contains(watcher)) {
      return true;
    }
    String host = hostOf(watcher);
    for (ManyCondition many : identity.getMany()) {
      if (matchesMany(many, watcher, host)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesMany(ManyCondition many, String watcher, String host) {
    if (many.getDomain() != null && !many.getDomain().equalsIgnoreCase(host)) {
      return false;
    }
    if (many.getExceptIds().contains(watcher)) {
      return false;
    }
    return host == null || many.getExceptDomains().stream().noneMatch(host::equalsIgnoreCase);
  }

  /** The host of a normalised sip: or sips: URI, lower case, without port; null for tel: and others. */
  public static String hostOf(String uri) {
    if (!uri.startsWith("sip:") && !uri.startsWith("sips:")) {
      return null;
    }
    String rest = uri.substring(uri.indexOf(':') + 1);
    String hostPort = rest.substring(rest.lastIndexOf('@') + 1);
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? hostPort : hostPort.substring(0, close + 1);
    }
    int colon = hostPort.indexOf(':');
    return (colon < 0 ? hostPort : hostPort.substring(0, colon)).toLowerCase(Locale.ROOT);
  }
}
