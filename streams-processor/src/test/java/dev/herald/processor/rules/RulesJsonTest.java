package dev.herald.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.avro.IdentityCondition;
import dev.herald.avro.ManyCondition;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.SubHandling;
import dev.herald.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesJsonTest {

  private static final String BOB = "sip:bob@example.com";

  @Test
  void theJsonFormReadsBackToTheSameRules() {
    PresenceRules rules = new PresenceRules(BOB, List.of(
        new PresenceRule("a", new IdentityCondition(List.of("sip:alice@example.com"),
            List.of(new ManyCondition(null, List.of("sip:x@y.example"), List.of("spam.example")))), SubHandling.POLITE_BLOCK),
        new PresenceRule("b", null, SubHandling.CONFIRM)), "api", 7L);

    String json = Json.write(RulesJson.of(rules));
    ImportResult back = RulesJson.toRules(Json.read(json, RulesJson.RuleSet.class), BOB, 7L);

    assertThat(json).contains("\"action\":\"polite-block\"");
    assertThat(back).isEqualTo(new ImportResult.Imported(rules, List.of()));
  }

  @Test
  void aJsonRuleSetWithAnyFaultIsRejectedAsAWhole() {
    RulesJson.Rule good = new RulesJson.Rule("ok", "allow", null);

    assertThat(RulesJson.toRules(new RulesJson.RuleSet(null, null, null, null), BOB, 1L))
        .isInstanceOf(ImportResult.Rejected.class);
    assertThat(RulesJson.toRules(new RulesJson.RuleSet(null, null, null,
        List.of(good, new RulesJson.Rule("bad", "perhaps", null))), BOB, 1L))
        .isEqualTo(new ImportResult.Rejected("rule bad: action 'perhaps' must be one of block, confirm, polite-block, allow"));
    assertThat(RulesJson.toRules(new RulesJson.RuleSet(null, null, null, List.of(good, good)), BOB, 1L))
        .isEqualTo(new ImportResult.Rejected("rule id ok is used twice"));
    assertThat(RulesJson.toRules(new RulesJson.RuleSet(null, null, null,
        List.of(new RulesJson.Rule("has space", "allow", null))), BOB, 1L)).isInstanceOf(ImportResult.Rejected.class);
    assertThat(RulesJson.toRules(new RulesJson.RuleSet(null, null, null, List.of(new RulesJson.Rule("u", "allow",
        new RulesJson.Identity(List.of("alice"), null)))), BOB, 1L)).isInstanceOf(ImportResult.Rejected.class);
  }

  @Test
  void aWatcherRuleIsOneNormalisedUri() {
    PresenceRule rule = RulesJson.toRule(new RulesJson.RuleInput("w", "sip:Alice@EXAMPLE.com", null, null, "allow"), List.of());

    assertThat(rule).isEqualTo(new PresenceRule("w",
        new IdentityCondition(List.of("sip:Alice@example.com"), List.of()), SubHandling.ALLOW));
  }

  @Test
  void aDomainRuleTakesExceptUrisAndForEveryDomainExceptDomains() {
    PresenceRule corp = RulesJson.toRule(new RulesJson.RuleInput("c", null, "Example.com",
        List.of("sip:eve@example.com"), "confirm"), List.of());
    PresenceRule anyone = RulesJson.toRule(new RulesJson.RuleInput("a", null, "*",
        List.of("spam.example", "sip:x@ok.example"), "block"), List.of());

    assertThat(corp.getIdentity().getMany()).containsExactly(
        new ManyCondition("example.com", List.of("sip:eve@example.com"), List.of()));
    assertThat(anyone.getIdentity().getMany()).containsExactly(
        new ManyCondition(null, List.of("sip:x@ok.example"), List.of("spam.example")));
  }

  @Test
  void withoutIdARuleReplacesTheOneWithTheSameConditionOrGetsAFreshId() {
    PresenceRule existing = new PresenceRule("imported-7",
        new IdentityCondition(List.of("sip:alice@example.com"), List.of()), SubHandling.ALLOW);

    PresenceRule same = RulesJson.toRule(new RulesJson.RuleInput(null, "sip:alice@example.com", null, null, "block"),
        List.of(existing));
    PresenceRule other = RulesJson.toRule(new RulesJson.RuleInput(null, "sip:carol@example.com", null, null, "block"),
        List.of(existing));

    assertThat(same.getId()).isEqualTo("imported-7");
    assertThat(other.getId()).matches("rule-[0-9a-f]{8}").isNotEqualTo("imported-7");
  }

  @Test
  void badSingleRulesAreRefusedWithTheirReason() {
    assertThatThrownBy(() -> RulesJson.toRule(new RulesJson.RuleInput(null, "sip:a@x.example", "x.example", null, "allow"),
        List.of())).hasMessageContaining("either watcher or domain");
    assertThatThrownBy(() -> RulesJson.toRule(new RulesJson.RuleInput(null, null, null, null, "allow"), List.of()))
        .hasMessageContaining("either watcher or domain");
    assertThatThrownBy(() -> RulesJson.toRule(new RulesJson.RuleInput(null, null, "x.example", List.of("spam.example"),
        "allow"), List.of())).hasMessageContaining("domains only with domain *");
    assertThatThrownBy(() -> RulesJson.toRule(new RulesJson.RuleInput(null, "sip:a@x.example", null, null, "deny"),
        List.of())).hasMessageContaining("action 'deny'");
    assertThatThrownBy(() -> RulesJson.toRule(new RulesJson.RuleInput("a b", "sip:a@x.example", null, null, "allow"),
        List.of())).hasMessageContaining("rule id");
  }
}
