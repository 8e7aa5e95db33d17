package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.xmpp.XmppGatewayConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmppOptionsTest {

  private static XmppOptions parse(Map<String, String> env, String... args) {
    return OptionsParsing.parse(new XmppOptions(), env, args);
  }

  @Test
  void withoutAComponentHostNoGatewayRuns() {
    assertThat(parse(Map.of()).gateway(DomainPolicies.allowAll(), 3600, 16384)).isEmpty();
    assertThat(parse(Map.of()).gatewayDomains()).isEmpty();
  }

  @Test
  void flagsAndVariablesMakeTheGatewaysSettings() {
    XmppGatewayConfig config = parse(Map.of("HERALD_XMPP_COMPONENT_SECRET", "from-the-environment",
            "HERALD_XMPP_DOMAINS", "xmpp.example.com,chat.example.com"),
        "--xmpp-component-host", "192.0.2.7", "--xmpp-component-port", "5348",
        "--xmpp-component-name", "sip.xmpp.example.com", "--xmpp-sip-domain", "example.com",
        "--xmpp-ping-seconds", "5", "--xmpp-reconnect-max-seconds", "30")
        .gateway(DomainPolicies.parse("*:other=confirm"), 3600, 8192).orElseThrow();
    assertThat(config.link().host()).isEqualTo("192.0.2.7");
    assertThat(config.link().port()).isEqualTo(5348);
    assertThat(config.link().secret().value()).isEqualTo("from-the-environment");
    assertThat(config.domains().xmpp()).containsExactlyInAnyOrder("xmpp.example.com", "chat.example.com");
    assertThat(config.timing().ping()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.timing().reconnectMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.defaultPolicy()).isEqualTo(DomainPolicies.parse("*:other=confirm"));
    assertThat(config.maxDocumentBytes()).as("the edge's --max-body-bytes").isEqualTo(8192);
  }

  @Test
  void aHostWithoutTheRestIsRefusedNamingWhatIsMissing() {
    XmppOptions options = parse(Map.of(), "--xmpp-component-host", "127.0.0.1", "--xmpp-component-name", "sip.x.test",
        "--xmpp-domains", "x.test", "--xmpp-sip-domain", "example.com");
    assertThatThrownBy(() -> options.gateway(DomainPolicies.allowAll(), 3600, 16384))
        .hasMessageContaining("--xmpp-component-secret is required");
  }

  @Test
  void theGatewaysPublicationsAskNoMoreThanTheProcessorGrants() {
    XmppOptions options = parse(Map.of(), "--xmpp-component-host", "127.0.0.1", "--xmpp-component-name", "sip.x.test",
        "--xmpp-component-secret", "s", "--xmpp-domains", "x.test", "--xmpp-sip-domain", "example.com");
    assertThat(options.gateway(DomainPolicies.allowAll(), 600, 16384).orElseThrow().timing().publicationSeconds())
        .isEqualTo(600);
    assertThat(options.gateway(DomainPolicies.allowAll(), 7200, 16384).orElseThrow().timing().publicationSeconds())
        .isEqualTo(3600);
  }

  @Test
  void theProcessorLearnsTheXmppDomainsEvenWhereNoGatewayRuns() {
    assertThat(parse(Map.of(), "--xmpp-domains", "XMPP.example.com, chat.example.com").gatewayDomains())
        .containsExactlyInAnyOrder("xmpp.example.com", "chat.example.com");
  }
}
