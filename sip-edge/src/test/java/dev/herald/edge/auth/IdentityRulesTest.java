package dev.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Credential;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityRulesTest {

  private static Credential alice(String... mayActFor) {
    return Credential.newBuilder(DigestVerifierTest.ALICE).setMayActFor(List.of(mayActFor)).build();
  }

  @Test
  void aUserMayActForItsOwnAorWrittenAnyEquivalentWay() {
    assertThat(IdentityRules.mayActFor(alice(), "sip:alice@EXAMPLE.com;transport=udp")).isTrue();
  }

  @Test
  void aUserMayNotActForSomeoneElse() {
    assertThat(IdentityRules.mayActFor(alice(), "sip:bob@example.com")).isFalse();
    assertThat(IdentityRules.mayActFor(alice(), "tel:+15551234")).isFalse();
  }

  @Test
  void anAorListedInMayActForIsAllowed() {
    assertThat(IdentityRules.mayActFor(alice("sip:bob@example.com", "carol@example.com"), "sip:bob@example.com")).isTrue();
    assertThat(IdentityRules.mayActFor(alice("sip:bob@example.com", "carol@example.com"), "sip:carol@example.com")).isTrue();
    assertThat(IdentityRules.mayActFor(alice("sip:bob@example.com"), "sip:dave@example.com")).isFalse();
  }

  @Test
  void aWildcardEntryAllowsEveryAorOfThatDomainOnly() {
    assertThat(IdentityRules.mayActFor(alice("*@example.org"), "sip:anyone@Example.org")).isTrue();
    assertThat(IdentityRules.mayActFor(alice("*@example.org"), "sip:bob@example.com")).isFalse();
  }

  @Test
  void theHostOfAUriIsItsDomainWithoutPortOrParameters() {
    assertThat(IdentityRules.hostOf("sip:alice@Example.COM:5070;transport=tcp")).isEqualTo("example.com");
    assertThat(IdentityRules.hostOf("sip:[::1]:5060")).isEqualTo("[::1]");
    assertThat(IdentityRules.hostOf("tel:+15551234")).isEmpty();
  }
}
