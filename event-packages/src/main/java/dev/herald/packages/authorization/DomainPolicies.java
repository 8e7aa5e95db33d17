package dev.herald.packages.authorization;

import dev.herald.avro.SubHandling;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What happens to a watcher when none of the presentity's rules matches it, chosen by the
 * presentity's domain: one handling for watchers of the same domain, one for watchers of other
 * domains. Domains not listed take {@code fallback}.
 *
 * <p>The setting string is a {@code ;}-separated list of {@code domain:same=ACTION,other=ACTION}
 * entries, ACTION one of {@code allow}, {@code confirm}, {@code polite-block}, {@code block}; the
 * domain {@code *} is the fallback. A missing {@code same} or {@code other} is {@code allow}, and so
 * is the fallback when no {@code *} entry is given. Example:
 * {@code example.com:same=allow,other=confirm;*:same=allow,other=block}.
 *
 * @param domains per presentity domain (lower case), in the order given
 * @param fallback for presentity domains not in {@code domains}
 */
public record DomainPolicies(Map<String, Policy> domains, Policy fallback) {

  /** The wildcard domain of the setting string. */
  public static final String ANY_DOMAIN = "*";

  /** A host name or bracketed IP literal, lower case. */
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?|\\[[0-9a-f:.]{2,45}]");

  /**
   * @param sameDomain for watchers whose host is the presentity's domain
   * @param otherDomains for every other watcher, tel: URIs included
   */
  public record Policy(SubHandling sameDomain, SubHandling otherDomains) {

    public static final Policy ALLOW_ALL = new Policy(SubHandling.ALLOW, SubHandling.ALLOW);

    public Policy {
      Objects.requireNonNull(sameDomain, "sameDomain");
      Objects.requireNonNull(otherDomains, "otherDomains");
    }

    @Override
    public String toString() {
      return "same=" + SubHandlings.token(sameDomain) + ",other=" + SubHandlings.token(otherDomains);
    }
  }

  public DomainPolicies {
    Objects.requireNonNull(domains, "domains");
    Objects.requireNonNull(fallback, "fallback");
    Map<String, Policy> copy = new LinkedHashMap<>();
    domains.forEach((domain, policy) -> {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(policy, "policy of " + domain);
      String lower = domain.strip().toLowerCase(Locale.ROOT);
      if (!isDomainName(lower)) {
        throw new IllegalArgumentException("default policy: '" + domain + "' is not a domain name");
      }
      if (copy.put(lower, policy) != null) {
        throw new IllegalArgumentException("default policy: domain " + lower + " is given twice");
      }
    });
    domains = Collections.unmodifiableMap(copy);
  }

  /** Whether {@code lowerCase} is a host name or a bracketed IP literal, in lower case. */
  public static boolean isDomainName(String lowerCase) {
    return DOMAIN.matcher(lowerCase).matches();
  }

  /** Herald's default: every watcher is allowed, as before authorization existed. */
  public static DomainPolicies allowAll() {
    return new DomainPolicies(Map.of(), Policy.ALLOW_ALL);
  }

  /** The handling for a watcher at {@code watcherDomain} (null for a URI without host). */
  public SubHandling handlingFor(String presentityDomain, String watcherDomain) {
    Policy policy = presentityDomain == null ? fallback
        : domains.getOrDefault(presentityDomain.toLowerCase(Locale.ROOT), fallback);
    boolean same = presentityDomain != null && presentityDomain.equalsIgnoreCase(watcherDomain);
    return same ? policy.sameDomain() : policy.otherDomains();
  }

  /**
   * Parses the setting string (syntax in the class comment); blank is {@link #allowAll()}.
   *
   * @throws IllegalArgumentException naming the part that is wrong
   */
  public static DomainPolicies parse(String setting) {
    if (setting == null || setting.isBlank()) {
      return allowAll();
    }
    Map<String, Policy> domains = new LinkedHashMap<>();
    Policy fallback = null;
    for (String rawEntry : setting.split(";", -1)) {
      String entry = rawEntry.strip();
      if (entry.isEmpty()) {
        throw new IllegalArgumentException("default policy: empty entry in '" + setting + "'");
      }
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("default policy: '" + entry
            + "' must be domain:same=ACTION,other=ACTION");
      }
      String domain = entry.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      Policy policy = parsePolicy(domain, entry.substring(colon + 1));
      if (domain.equals(ANY_DOMAIN)) {
        if (fallback != null) {
          throw new IllegalArgumentException("default policy: domain * is given twice");
        }
        fallback = policy;
      } else if (domains.containsKey(domain)) {
        throw new IllegalArgumentException("default policy: domain " + domain + " is given twice");
      } else {
        domains.put(domain, policy);
      }
    }
    return new DomainPolicies(domains, fallback == null ? Policy.ALLOW_ALL : fallback);
  }

  private static Policy parsePolicy(String domain, String text) {
    Map<String, SubHandling> values = new LinkedHashMap<>();
    for (String rawPair : text.split(",", -1)) {
      String pair = rawPair.strip();
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals).strip();
      if (!key.equals("same") && !key.equals("other")) {
        throw new IllegalArgumentException("default policy for " + domain + ": '" + pair
            + "' must be same=ACTION or other=ACTION");
      }
      String token = equals < 0 ? "" : pair.substring(equals + 1).strip();
      SubHandling handling = SubHandlings.parse(token).orElseThrow(() -> new IllegalArgumentException(
          "default policy for " + domain + ": " + key + "='" + token + "' must be one of " + SubHandlings.tokens()));
      if (values.put(key, handling) != null) {
        throw new IllegalArgumentException("default policy for " + domain + ": " + key + " is given twice");
      }
    }
    return new Policy(values.getOrDefault("same", SubHandling.ALLOW), values.getOrDefault("other", SubHandling.ALLOW));
  }

  /** The setting string that parses back to these policies. */
  @Override
  public String toString() {
    String listed = domains.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(";"));
    return (listed.isEmpty() ? "" : listed + ";") + ANY_DOMAIN + ":" + fallback;
  }
}
