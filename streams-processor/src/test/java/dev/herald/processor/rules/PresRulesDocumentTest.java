package dev.herald.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.IdentityCondition;
import dev.herald.avro.ManyCondition;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.SubHandling;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

public class PresRulesDocumentTest {

  private static final String BOB = "sip:bob@example.com";

  public static String ruleset(String rules) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <cp:ruleset xmlns:cp="urn:ietf:params:xml:ns:common-policy"
                    xmlns:pr="urn:ietf:params:xml:ns:pres-rules">
        """ + rules + "</cp:ruleset>\n";
  }

  public static String rule(String id, String conditions, String action) {
    return "<cp:rule id=\"" + id + "\">" + conditions
        + (action == null ? "" : "<cp:actions><pr:sub-handling>" + action + "</pr:sub-handling></cp:actions>")
        + "</cp:rule>";
  }

  private static ImportResult parse(String document) {
    return PresRulesDocument.parse(document.getBytes(StandardCharsets.UTF_8), BOB, 42L);
  }

  private static ImportResult.Imported imported(String document) {
    ImportResult result = parse(document);
    assertThat(result).isInstanceOf(ImportResult.Imported.class);
    return (ImportResult.Imported) result;
  }

  private static String rejection(String document) {
    ImportResult result = parse(document);
    assertThat(result).isInstanceOf(ImportResult.Rejected.class);
    return ((ImportResult.Rejected) result).reason();
  }

  @Test
  void oneIdConditionsBecomeNormalisedWatcherUris() {
    PresenceRules rules = imported(ruleset(rule("a", "<cp:conditions><cp:identity>"
        + "<cp:one id=\"sip:Alice@EXAMPLE.com;transport=tcp\"/><cp:one id=\"tel:+4930123\"/>"
        + "</cp:identity></cp:conditions>", "allow"))).rules();

    assertThat(rules.getPresentity()).isEqualTo(BOB);
    assertThat(rules.getSource()).isEqualTo("pres-rules");
    assertThat(rules.getUpdatedAtMs()).isEqualTo(42L);
    assertThat(rules.getRules()).containsExactly(new PresenceRule("a",
        new IdentityCondition(List.of("sip:Alice@example.com", "tel:+4930123"), List.of()), SubHandling.ALLOW));
  }

  @Test
  void manyWithDomainKeepsItsExceptIds() {
    PresenceRules rules = imported(ruleset(rule("d", "<cp:conditions><cp:identity>"
        + "<cp:many domain=\"Example.COM\"><cp:except id=\"sip:eve@example.com\"/></cp:many>"
        + "</cp:identity></cp:conditions>", "confirm"))).rules();

    assertThat(rules.getRules().get(0).getIdentity().getMany()).containsExactly(
        new ManyCondition("example.com", List.of("sip:eve@example.com"), List.of()));
    assertThat(rules.getRules().get(0).getSubHandling()).isEqualTo(SubHandling.CONFIRM);
  }

  @Test
  void manyWithoutDomainKeepsExceptDomainsAndIds() {
    PresenceRules rules = imported(ruleset(rule("x", "<cp:conditions><cp:identity><cp:many>"
        + "<cp:except domain=\"spam.example\"/><cp:except id=\"sip:mallory@evil.example\"/>"
        + "</cp:many></cp:identity></cp:conditions>", "block"))).rules();

    assertThat(rules.getRules().get(0).getIdentity().getMany()).containsExactly(
        new ManyCondition(null, List.of("sip:mallory@evil.example"), List.of("spam.example")));
  }

  @Test
  void aRuleWithoutConditionsMatchesEveryone() {
    PresenceRules withoutConditions = imported(ruleset(rule("all", "", "polite-block"))).rules();
    PresenceRules emptyConditions = imported(ruleset(rule("all", "<cp:conditions/>", "polite-block"))).rules();

    assertThat(withoutConditions.getRules()).containsExactly(new PresenceRule("all", null, SubHandling.POLITE_BLOCK));
    assertThat(emptyConditions.getRules()).isEqualTo(withoutConditions.getRules());
  }

  @Test
  void aRuleWithoutSubHandlingIsLeftOutAndReported() {
    ImportResult.Imported result = imported(ruleset(rule("none", "", null)
        + "<cp:rule id=\"other\"><cp:actions><x:foo xmlns:x=\"urn:x\"/></cp:actions></cp:rule>"
        + rule("kept", "", "allow")));

    assertThat(result.rules().getRules()).extracting(PresenceRule::getId).containsExactly("kept");
    assertThat(result.warnings()).anyMatch(w -> w.contains("rule none left out"))
        .anyMatch(w -> w.contains("rule other left out")).anyMatch(w -> w.contains("ignored action {urn:x}foo"));
  }

  @Test
  void sphereAndValidityConditionsLeaveTheRuleOutRatherThanWidenIt() {
    ImportResult.Imported result = imported(ruleset(
        rule("work", "<cp:conditions><cp:identity><cp:one id=\"sip:a@example.com\"/></cp:identity>"
            + "<cp:sphere value=\"work\"/></cp:conditions>", "allow")
        + rule("later", "<cp:conditions><cp:validity><cp:from>2030-01-01T00:00:00Z</cp:from>"
            + "<cp:until>2031-01-01T00:00:00Z</cp:until></cp:validity></cp:conditions>", "allow")));

    assertThat(result.rules().getRules()).isEmpty();
    assertThat(result.warnings()).anyMatch(w -> w.contains("rule work left out") && w.contains("sphere"))
        .anyMatch(w -> w.contains("rule later left out") && w.contains("validity"));
  }

  @Test
  void transformationsAreIgnoredWithAWarning() {
    ImportResult.Imported result = imported(ruleset(rule("t", "<cp:transformations>"
        + "<pr:provide-all-attributes/></cp:transformations>", "allow")));

    assertThat(result.rules().getRules()).hasSize(1);
    assertThat(result.warnings()).singleElement().asString().contains("transformations ignored");
  }

  @Test
  void aNonSipOneIdMatchesNobodyInsteadOfBeingDropped() {
    ImportResult.Imported result = imported(ruleset(rule("m", "<cp:conditions><cp:identity>"
        + "<cp:one id=\"mailto:a@example.com\"/></cp:identity></cp:conditions>", "allow")));

    assertThat(result.rules().getRules().get(0).getIdentity()).isEqualTo(new IdentityCondition(List.of(), List.of()));
    assertThat(result.warnings()).anyMatch(w -> w.contains("mailto:a@example.com"));
  }

  @Test
  void aBadSubHandlingValueRejectsTheDocument() {
    assertThat(rejection(ruleset(rule("a", "", "maybe")))).contains("rule a", "'maybe'", "polite-block");
  }

  @Test
  void aWrongRootOrNonXmlIsRejected() {
    assertThat(rejection("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>")).contains("ruleset");
    assertThat(rejection("{\"rules\": []}")).contains("malformed");
    assertThat(rejection("")).contains("empty");
  }

  @Test
  void rulesWithoutOrWithDuplicateIdsAreRejected() {
    assertThat(rejection(ruleset("<cp:rule><cp:actions><pr:sub-handling>allow</pr:sub-handling></cp:actions></cp:rule>")))
        .contains("no id");
    assertThat(rejection(ruleset(rule("a", "", "allow") + rule("a", "", "block")))).contains("twice");
  }

  @Test
  void hostileDocumentsAreRefused() {
    String externalEntity = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<cp:ruleset xmlns:cp=\"urn:ietf:params:xml:ns:common-policy\"><cp:rule id=\"&e;\"/></cp:ruleset>";
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;\">]><cp:ruleset xmlns:cp=\"urn:ietf:params:xml:ns:common-policy\">&c;</cp:ruleset>";

    assertThat(rejection(externalEntity)).contains("DOCTYPE");
    assertThat(rejection(laughs)).contains("DOCTYPE");
  }

  @Test
  void writtenRulesParseBackToTheSameRules() {
    PresenceRules rules = new PresenceRules(BOB, List.of(
        new PresenceRule("friends", new IdentityCondition(List.of("sip:alice@example.com"),
            List.of(new ManyCondition("example.com", List.of("sip:eve@example.com"), List.of()))), SubHandling.ALLOW),
        new PresenceRule("strangers", new IdentityCondition(List.of(),
            List.of(new ManyCondition(null, List.of("sip:x@y.example"), List.of("spam.example")))), SubHandling.CONFIRM),
        new PresenceRule("rest", null, SubHandling.POLITE_BLOCK),
        new PresenceRule("nobody", new IdentityCondition(List.of(), List.of()), SubHandling.BLOCK)),
        "pres-rules", 42L);

    byte[] xml = PresRulesDocument.toXml(rules);
    ImportResult.Imported again = imported(new String(xml, StandardCharsets.UTF_8));

    assertThat(new String(xml, StandardCharsets.UTF_8)).contains("<pr:sub-handling>polite-block</pr:sub-handling>");
    assertThat(again.rules()).isEqualTo(rules);
  }
}
