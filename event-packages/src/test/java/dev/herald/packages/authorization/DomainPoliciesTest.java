package dev.herald.packages.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.avro.SubHandling;
import dev.herald.packages.authorization.DomainPolicies.Policy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainPoliciesTest {

  @Test
  void theSettingNamesAPolicyPerDomainAndAFallback() {
    DomainPolicies policies = DomainPolicies.parse("Example.com:same=allow,other=confirm; *:same=confirm,other=block");

    assertThat(policies.domains()).containsExactly(Map.entry("example.com", new Policy(SubHandling.ALLOW, SubHandling.CONFIRM)));
    assertThat(policies.fallback()).isEqualTo(new Policy(SubHandling.CONFIRM, SubHandling.BLOCK));
    assertThat(policies.handlingFor("EXAMPLE.com", "example.COM")).isEqualTo(SubHandling.ALLOW);
    assertThat(policies.handlingFor("example.com", "other.example")).isEqualTo(SubHandling.CONFIRM);
    assertThat(policies.handlingFor("other.example", "other.example")).isEqualTo(SubHandling.CONFIRM);
    assertThat(policies.handlingFor("other.example", null)).isEqualTo(SubHandling.BLOCK);
  }

  @Test
  void missingPartsAllow() {
    DomainPolicies policies = DomainPolicies.parse("example.com:other=polite-block");

    assertThat(policies.domains().get("example.com")).isEqualTo(new Policy(SubHandling.ALLOW, SubHandling.POLITE_BLOCK));
    assertThat(policies.fallback()).isEqualTo(Policy.ALLOW_ALL);
  }

  @Test
  void blankOrAbsentMeansAllowEveryone() {
    assertThat(DomainPolicies.parse(null)).isEqualTo(DomainPolicies.allowAll());
    assertThat(DomainPolicies.parse("  ")).isEqualTo(DomainPolicies.allowAll());
    assertThat(DomainPolicies.allowAll().handlingFor("example.com", "anywhere.example")).isEqualTo(SubHandling.ALLOW);
  }

  @Test
  void theStringFormParsesBackToTheSamePolicies() {
    DomainPolicies policies = DomainPolicies.parse("a.example:same=block;b.example:other=confirm;*:other=block");

    assertThat(policies.toString())
        .isEqualTo("a.example:same=block,other=allow;b.example:same=allow,other=confirm;*:same=allow,other=block");
    assertThat(DomainPolicies.parse(policies.toString())).isEqualTo(policies);
  }

  @Test
  void badSettingsAreRefusedWithTheirReason() {
    assertThatThrownBy(() -> DomainPolicies.parse("example.com")).hasMessageContaining("domain:same=ACTION");
    assertThatThrownBy(() -> DomainPolicies.parse("example.com:same=maybe"))
        .hasMessageContaining("same='maybe'").hasMessageContaining("polite-block");
    assertThatThrownBy(() -> DomainPolicies.parse("example.com:mine=allow")).hasMessageContaining("'mine=allow'");
    assertThatThrownBy(() -> DomainPolicies.parse("example.com:same=allow,same=block")).hasMessageContaining("twice");
    assertThatThrownBy(() -> DomainPolicies.parse("a.example:same=allow;A.example:same=block")).hasMessageContaining("twice");
    assertThatThrownBy(() -> DomainPolicies.parse("*:same=allow;*:other=block")).hasMessageContaining("twice");
    assertThatThrownBy(() -> DomainPolicies.parse("a.example:same=allow;;")).hasMessageContaining("empty entry");
    assertThatThrownBy(() -> DomainPolicies.parse("bad domain:same=allow")).hasMessageContaining("not a domain");
    assertThatThrownBy(() -> DomainPolicies.parse("example.com:")).hasMessageContaining("same=ACTION or other=ACTION");
  }

  @Test
  void theRecordChecksItsParts() {
    assertThatThrownBy(() -> new DomainPolicies(Map.of(), null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Policy(SubHandling.ALLOW, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new DomainPolicies(Map.of("-bad-", Policy.ALLOW_ALL), Policy.ALLOW_ALL))
        .hasMessageContaining("not a domain");
  }

  @Test
  void aDomainNameIsALowerCaseHostOrABracketedIpLiteral() {
    assertThat(DomainPolicies.isDomainName("xmpp.example.com")).isTrue();
    assertThat(DomainPolicies.isDomainName("[2001:db8::1]")).isTrue();
    assertThat(DomainPolicies.isDomainName("Example.com")).isFalse();
    assertThat(DomainPolicies.isDomainName("example.com:5060")).isFalse();
    assertThat(DomainPolicies.isDomainName("*.example.com")).isFalse();
    assertThat(DomainPolicies.isDomainName("")).isFalse();
  }
}
