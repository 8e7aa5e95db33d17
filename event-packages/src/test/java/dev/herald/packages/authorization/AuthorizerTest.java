package dev.herald.packages.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.IdentityCondition;
import dev.herald.avro.ManyCondition;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.SubHandling;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  private static final String BOB = "sip:bob@example.com";
  private static final DomainPolicies ALLOW = DomainPolicies.allowAll();
  private static final DomainPolicies CONFIRM_OTHERS = DomainPolicies.parse("example.com:same=allow,other=confirm;*:same=block,other=block");

  private static PresenceRules rules(PresenceRule... rules) {
    return new PresenceRules(BOB, List.of(rules), "api", 1L);
  }

  private static PresenceRule one(String id, String watcher, SubHandling handling) {
    return new PresenceRule(id, new IdentityCondition(List.of(watcher), List.of()), handling);
  }

  private static PresenceRule many(String id, String domain, List<String> exceptIds, List<String> exceptDomains,
      SubHandling handling) {
    return new PresenceRule(id, new IdentityCondition(List.of(), List.of(new ManyCondition(domain, exceptIds, exceptDomains))),
        handling);
  }

  private static SubHandling decide(PresenceRules rules, String watcher, DomainPolicies defaults) {
    return Authorizer.subHandling(rules, watcher, BOB, defaults);
  }

  @Test
  void theMostPermissiveMatchingRuleWins() {
    PresenceRules rules = rules(
        many("domain", "example.com", List.of(), List.of(), SubHandling.CONFIRM),
        one("alice", "sip:alice@example.com", SubHandling.POLITE_BLOCK),
        one("alice-blocked", "sip:alice@example.com", SubHandling.BLOCK));

    assertThat(decide(rules, "sip:alice@example.com", ALLOW)).isEqualTo(SubHandling.POLITE_BLOCK);
    assertThat(decide(rules, "sip:carol@example.com", ALLOW)).isEqualTo(SubHandling.CONFIRM);
  }

  @Test
  void aBlockRuleBeatsTheDefaultButNotAnAllowRule() {
    PresenceRules rules = rules(new PresenceRule("everyone", null, SubHandling.BLOCK),
        one("alice", "sip:alice@example.com", SubHandling.ALLOW));

    assertThat(decide(rules, "sip:mallory@evil.example", ALLOW)).isEqualTo(SubHandling.BLOCK);
    assertThat(decide(rules, "sip:alice@example.com", ALLOW)).isEqualTo(SubHandling.ALLOW);
  }

  @Test
  void manyWithDomainMatchesTheHostCaseInsensitivelyMinusExceptIds() {
    PresenceRules rules = rules(many("corp", "Example.com", List.of("sip:eve@example.com"), List.of(), SubHandling.ALLOW));
    DomainPolicies blockAll = DomainPolicies.parse("*:same=block,other=block");

    assertThat(decide(rules, "sip:carol@example.com:5070", blockAll)).isEqualTo(SubHandling.ALLOW);
    assertThat(decide(rules, "sip:eve@example.com", blockAll)).as("excepted").isEqualTo(SubHandling.BLOCK);
    assertThat(decide(rules, "sip:carol@sub.example.com", blockAll)).as("subdomain").isEqualTo(SubHandling.BLOCK);
    assertThat(decide(rules, "tel:+4930123", blockAll)).as("no host").isEqualTo(SubHandling.BLOCK);
  }

  @Test
  void manyWithoutDomainMatchesAnyoneMinusExceptDomainsAndIds() {
    PresenceRules rules = rules(many("all", null, List.of("sip:x@ok.example"), List.of("spam.example"), SubHandling.BLOCK));

    assertThat(decide(rules, "sip:a@ok.example", ALLOW)).isEqualTo(SubHandling.BLOCK);
    assertThat(decide(rules, "tel:+4930123", ALLOW)).isEqualTo(SubHandling.BLOCK);
    assertThat(decide(rules, "sip:a@SPAM.example", ALLOW)).as("excepted domain").isEqualTo(SubHandling.ALLOW);
    assertThat(decide(rules, "sip:x@ok.example", ALLOW)).as("excepted id").isEqualTo(SubHandling.ALLOW);
  }

  @Test
  void withoutAMatchingRuleTheDomainDefaultApplies() {
    PresenceRules rules = rules(one("alice", "sip:alice@example.com", SubHandling.BLOCK));

    assertThat(decide(rules, "sip:carol@example.com", CONFIRM_OTHERS)).isEqualTo(SubHandling.ALLOW);
    assertThat(decide(rules, "sip:carol@other.example", CONFIRM_OTHERS)).isEqualTo(SubHandling.CONFIRM);
    assertThat(decide(null, "sip:carol@other.example", CONFIRM_OTHERS)).isEqualTo(SubHandling.CONFIRM);
    assertThat(Authorizer.subHandling(null, "sip:a@elsewhere.example", "sip:z@elsewhere.example", CONFIRM_OTHERS))
        .as("fallback for unlisted presentity domains").isEqualTo(SubHandling.BLOCK);
  }

  @Test
  void anEmptyRuleSetIsTheSameAsNone() {
    assertThat(decide(rules(), "sip:carol@other.example", CONFIRM_OTHERS)).isEqualTo(SubHandling.CONFIRM);
  }

  @Test
  void thePresentityMayAlwaysWatchItself() {
    PresenceRules rules = rules(new PresenceRule("nobody", null, SubHandling.BLOCK));

    assertThat(decide(rules, BOB, DomainPolicies.parse("*:same=block,other=block"))).isEqualTo(SubHandling.ALLOW);
  }

  @Test
  void hostsAreTakenWithoutUserAndPort() {
    assertThat(Authorizer.hostOf("sip:a@Example.com:5060")).isEqualTo("example.com");
    assertThat(Authorizer.hostOf("sips:example.com")).isEqualTo("example.com");
    assertThat(Authorizer.hostOf("sip:a@[2001:db8::1]:5060")).isEqualTo("[2001:db8::1]");
    assertThat(Authorizer.hostOf("tel:+4930123")).isNull();
  }
}
