package dev.herald.processor.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.avro.IdentityCondition;
import dev.herald.avro.ManyCondition;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.SubHandling;
import dev.herald.common.Hashes;
import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.packages.authorization.SubHandlings;
import dev.herald.schemas.ResourceKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Herald's JSON form of a rule set, as the admin API shows and takes it:
 * <pre>{@code
 * {"presentity": "sip:bob@example.com", "source": "api", "updatedAtMs": 1700000000000,
 *  "rules": [{"id": "friends", "action": "allow",
 *             "identity": {"one": ["sip:alice@example.com"],
 *                          "many": [{"domain": "example.com", "exceptIds": [], "exceptDomains": []}]}}]}
 * }</pre>
 * A rule without {@code identity} matches every watcher; {@code action} is a sub-handling token.
 */
public final class RulesJson {

  /** Rule ids are XML IDs in a pres-rules document (RFC 4745 §6), so they must be NCNames. */
  static final Pattern RULE_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,63}");

  private RulesJson() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleSet(String presentity, String source, Long updatedAtMs, List<Rule> rules) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rule(String id, String action, Identity identity) {}

  public record Identity(List<String> one, List<Many> many) {}

  public record Many(String domain, List<String> exceptIds, List<String> exceptDomains) {}

  /**
   * One rule as the admin API's POST takes it: either {@code watcher} (one URI) or {@code domain}
   * (a domain, or {@code *} for every domain) with optional {@code except} entries, URIs or, with
   * {@code *}, domains. Without {@code id} the rule replaces the one with the same condition, if any.
   */
  public record RuleInput(String id, String watcher, String domain, List<String> except, String action) {}

  /** The JSON form of stored rules. */
  public static RuleSet of(PresenceRules rules) {
    List<Rule> list = rules.getRules().stream().map(RulesJson::of).toList();
    return new RuleSet(rules.getPresentity(), rules.getSource(), rules.getUpdatedAtMs(), list);
  }

  static Rule of(PresenceRule rule) {
    IdentityCondition identity = rule.getIdentity();
    Identity json = identity == null ? null : new Identity(List.copyOf(identity.getOne()),
        identity.getMany().stream().map(m -> new Many(m.getDomain(), List.copyOf(m.getExceptIds()),
            List.copyOf(m.getExceptDomains()))).toList());
    return new Rule(rule.getId(), SubHandlings.token(rule.getSubHandling()), json);
  }

  /**
   * The rules a JSON rule set describes, for {@code presentity}; URIs normalised, domains lower case.
   * Unlike a pres-rules import nothing is left out: anything wrong rejects the whole set.
   */
  public static ImportResult toRules(RuleSet json, String presentity, long updatedAtMs) {
    if (json == null || json.rules() == null) {
      return new ImportResult.Rejected("a rule set needs a rules array");
    }
    List<PresenceRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Rule rule : json.rules()) {
      if (rule == null || rule.id() == null || !RULE_ID.matcher(rule.id()).matches()) {
        return new ImportResult.Rejected("every rule needs an id of letters, digits, '.', '_' or '-', was "
            + (rule == null ? null : rule.id()));
      }
      if (!ids.add(rule.id())) {
        return new ImportResult.Rejected("rule id " + rule.id() + " is used twice");
      }
      try {
        rules.add(new PresenceRule(rule.id(), identity(rule.identity()), action(rule.action())));
      } catch (IllegalArgumentException e) {
        return new ImportResult.Rejected("rule " + rule.id() + ": " + e.getMessage());
      }
    }
    return new ImportResult.Imported(new PresenceRules(presentity, rules, "api", updatedAtMs), List.of());
  }

  /**
   * The rule {@code input} describes, its id resolved against the {@code existing} rules.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code input}
   */
  public static PresenceRule toRule(RuleInput input, List<PresenceRule> existing) {
    SubHandling action = action(input.action());
    IdentityCondition identity = singleIdentity(input);
    String id = input.id();
    if (id == null) {
      id = existing.stream().filter(rule -> identity.equals(rule.getIdentity())).map(PresenceRule::getId)
          .findFirst().orElseGet(() -> freshId(identity, existing));
    } else if (!RULE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("rule id '" + id + "' must be letters, digits, '.', '_' or '-'");
    }
    return new PresenceRule(id, identity, action);
  }

  private static IdentityCondition singleIdentity(RuleInput input) {
    List<String> except = listOf(input.except());
    if ((input.watcher() == null) == (input.domain() == null)) {
      throw new IllegalArgumentException("give either watcher or domain");
    }
    if (input.watcher() != null) {
      if (!except.isEmpty()) {
        throw new IllegalArgumentException("except goes with domain, not with watcher");
      }
      return new IdentityCondition(List.of(uri(input.watcher())), List.of());
    }
    boolean anyDomain = input.domain().strip().equals(DomainPolicies.ANY_DOMAIN);
    List<String> exceptIds = new ArrayList<>();
    List<String> exceptDomains = new ArrayList<>();
    for (String entry : except) {
      if (entry != null && entry.contains(":")) {
        exceptIds.add(uri(entry));
      } else if (anyDomain) {
        exceptDomains.add(domain(entry));
      } else {
        // RFC 4745 §7.1.3: except domain only in a many element without domain.
        throw new IllegalArgumentException("except '" + entry + "' must be a URI; domains only with domain *");
      }
    }
    ManyCondition many = new ManyCondition(anyDomain ? null : domain(input.domain()), exceptIds, exceptDomains);
    return new IdentityCondition(List.of(), List.of(many));
  }

  private static String freshId(IdentityCondition identity, List<PresenceRule> existing) {
    Set<String> taken = new HashSet<>();
    existing.forEach(rule -> taken.add(rule.getId()));
    String base = "rule-" + Hashes.sha256Hex(identity.toString()).substring(0, 8);
    String id = base;
    for (int n = 2; taken.contains(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  /** The sub-handling a token names. */
  static SubHandling action(String token) {
    return SubHandlings.parse(token).orElseThrow(() -> new IllegalArgumentException(
        "action '" + token + "' must be one of " + SubHandlings.tokens()));
  }

  private static IdentityCondition identity(Identity json) {
    if (json == null) {
      return null;
    }
    List<String> one = listOf(json.one()).stream().map(RulesJson::uri).toList();
    List<ManyCondition> many = listOf(json.many()).stream().map(m -> new ManyCondition(
        m.domain() == null ? null : domain(m.domain()),
        listOf(m.exceptIds()).stream().map(RulesJson::uri).toList(),
        listOf(m.exceptDomains()).stream().map(RulesJson::domain).toList())).toList();
    return new IdentityCondition(one, many);
  }

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** {@code raw} normalised, or an IllegalArgumentException naming it. */
  static String uri(String raw) {
    Optional<String> uri = ResourceKeys.normaliseUri(raw);
    return uri.orElseThrow(() -> new IllegalArgumentException("'" + raw + "' is not a sip:, sips: or tel: URI"));
  }

  /** {@code raw} lower case, or an IllegalArgumentException if it is no domain name. */
  static String domain(String raw) {
    String domain = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (!DomainPolicies.isDomainName(domain)) {
      throw new IllegalArgumentException("'" + raw + "' is not a domain name");
    }
    return domain;
  }
}
