package dev.herald.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class XmppGatewayConfigTest {

  private static XmppGatewayConfig.Builder valid() {
    return XmppGatewayConfig.builder().componentHost("127.0.0.1").componentPort(5347)
        .componentName("sip.xmpp.example.com").secret("s3cret").xmppDomains(Set.of("xmpp.example.com"))
        .sipDomain("example.com");
  }

  @Test
  void aCompleteConfigurationIsNormalisedToLowerCase() {
    XmppGatewayConfig config = valid().componentName("SIP.Xmpp.Example.com").xmppDomains(Set.of("XMPP.example.com"))
        .build();
    assertThat(config.link().componentName()).isEqualTo("sip.xmpp.example.com");
    assertThat(config.domains().xmpp()).containsExactly("xmpp.example.com");
  }

  @Test
  void eachMissingSettingIsNamedByItsFlag() {
    assertThatThrownBy(() -> valid().componentHost(" ").build()).hasMessageContaining("--xmpp-component-host");
    assertThatThrownBy(() -> valid().componentName(null).build()).hasMessageContaining("--xmpp-component-name");
    assertThatThrownBy(() -> valid().secret(null).build()).hasMessageContaining("--xmpp-component-secret");
    assertThatThrownBy(() -> valid().secret("").build()).hasMessageContaining("--xmpp-component-secret");
    assertThatThrownBy(() -> valid().xmppDomains(Set.of()).build()).hasMessageContaining("--xmpp-domains");
    assertThatThrownBy(() -> valid().sipDomain(null).build()).hasMessageContaining("--xmpp-sip-domain");
  }

  @Test
  void aPortOutsideTheTcpRangeIsRefused() {
    assertThatThrownBy(() -> valid().componentPort(0).build()).hasMessageContaining("--xmpp-component-port");
    assertThatThrownBy(() -> valid().componentPort(65536).build()).hasMessageContaining("65536");
  }

  @Test
  void aDomainNameWithIllegalCharactersIsRefused() {
    assertThatThrownBy(() -> valid().xmppDomains(Set.of("xmpp example.com")).build())
        .hasMessageContaining("'xmpp example.com' is not a domain name");
    assertThatThrownBy(() -> valid().componentName("sip_gw!").build()).hasMessageContaining("--xmpp-component-name");
  }

  @Test
  void theDomainsOfEachSideMustDiffer() {
    assertThatThrownBy(() -> valid().sipDomain("xmpp.example.com").build())
        .hasMessageContaining("--xmpp-sip-domain xmpp.example.com must not be one of --xmpp-domains");
    assertThatThrownBy(() -> valid().xmppDomains(Set.of("sip.xmpp.example.com")).build())
        .hasMessageContaining("--xmpp-component-name sip.xmpp.example.com must not be one of --xmpp-domains");
    assertThatThrownBy(() -> valid().sipDomain("sip.xmpp.example.com").build())
        .hasMessageContaining("--xmpp-sip-domain and --xmpp-component-name must differ");
  }

  @Test
  void theSecretNeverShowsInTheConfigurationsText() {
    assertThat(valid().secret("hunter2-very-secret").build().toString()).doesNotContain("hunter2");
  }

  @Test
  void timersMustBePositiveAndTheBackOffCapAtLeastItsStart() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new XmppGatewayConfig.Timing(Duration.ZERO, second, second, 600))
        .hasMessageContaining("reconnect initial wait must be positive");
    assertThatThrownBy(() -> new XmppGatewayConfig.Timing(second, second, Duration.ofSeconds(-1), 600))
        .hasMessageContaining("ping interval must be positive");
    assertThatThrownBy(() -> new XmppGatewayConfig.Timing(Duration.ofSeconds(5), second, second, 600))
        .hasMessageContaining("shorter than the initial wait");
    assertThatThrownBy(() -> new XmppGatewayConfig.Timing(second, second, second, 59))
        .hasMessageContaining("at least 60 s");
  }

  @Test
  void theDomainListIsSplitOnCommasIgnoringBlanks() {
    assertThat(XmppGatewayConfig.Domains.parseList(" a.example , b.example,, ")).containsExactly("a.example",
        "b.example");
    assertThat(XmppGatewayConfig.Domains.parseList(null)).isEmpty();
  }

  @Test
  void documentsNeedRoomForAtLeastOneTuple() {
    assertThat(valid().build().maxDocumentBytes()).isEqualTo(XmppGatewayConfig.DEFAULT_MAX_DOCUMENT_BYTES);
    assertThatThrownBy(() -> valid().maxDocumentBytes(1023).build()).hasMessageContaining("at least 1024 bytes");
  }
}
