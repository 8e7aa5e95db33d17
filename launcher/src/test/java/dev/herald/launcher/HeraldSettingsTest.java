package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.authorization.DomainPolicies;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeraldSettingsTest {

  private static final Path DATA = Path.of("data");

  private static HeraldSettings.Builder settings() {
    return HeraldSettings.builder().sipHost("127.0.0.1").sipPort(5060).adminHost("127.0.0.1").adminPort(8088)
        .dataDir(DATA);
  }

  private static void refused(HeraldSettings.Builder settings, String reason) {
    assertThatThrownBy(settings::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
  }

  @Test
  void withoutBootstrapServersTheBrokerIsEmbedded() {
    assertThat(settings().build().embeddedBroker()).isTrue();
    assertThat(settings().bootstrapServers(Optional.of("  ")).build().embeddedBroker()).isTrue();
    assertThat(settings().bootstrapServers(Optional.of("k1:9092,k2:9092")).build().embeddedBroker()).isFalse();
  }

  @Test
  void portsMustBePortsAndDiffer() {
    refused(settings().sipPort(70000), "sip port");
    refused(settings().adminPort(-1), "admin port");
    refused(settings().adminPort(5060), "differ");
  }

  @Test
  void bothPortsMayBePickedFree() {
    assertThat(settings().sipPort(0).adminPort(0).build().adminPort()).isZero();
  }

  @Test
  void sipHostMustBeGiven() {
    refused(settings().sipHost(" "), "sip host");
  }

  @Test
  void addressesDataDirAndBootstrapServersMustBeGiven() {
    assertThatThrownBy(() -> settings().sipHost(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("sipHost");
    assertThatThrownBy(() -> settings().adminHost(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("adminHost");
    assertThatThrownBy(() -> HeraldSettings.builder().build()).isInstanceOf(NullPointerException.class)
        .hasMessage("dataDir");
    assertThatThrownBy(() -> settings().bootstrapServers(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("bootstrapServers");
  }

  @Test
  void bootstrapServersMustBeHostPortPairs() {
    refused(settings().bootstrapServers(Optional.of("kafka")), "host:port");
  }

  @Test
  void expirySettingsAreCheckedAtOnce() {
    refused(settings().minExpires(3600).maxExpires(60), "expiry bounds");
    assertThat(settings().minExpires(30).maxExpires(900).expiryReductionPercent(0).maxFailedNotifies(1).build()
        .presence("sip:h@127.0.0.1").expiries().subscribe().defaultSeconds()).isEqualTo(600);
  }

  @Test
  void eachExpirySettingKeepsToItsRange() {
    refused(settings().minExpires(0), "1 <= min");
    refused(settings().expiryReductionPercent(51), "expiryReductionPercent");
    refused(settings().expiryReductionPercent(-1), "expiryReductionPercent");
    refused(settings().maxFailedNotifies(0), "maxFailedNotifies");
  }

  @Test
  void withoutEdgeLimitsTheEdgesDefaultsApply() {
    assertThat(settings().build().edgeLimits()).isEqualTo(EdgeLimits.defaults());
    assertThat(settings().processingGuarantee("at_least_once").minExpires(60).maxExpires(3600)
        .expiryReductionPercent(10).maxFailedNotifies(3).build().edgeLimits()).isEqualTo(EdgeLimits.defaults());
  }

  @Test
  void edgeLimitsMustBeGiven() {
    assertThatThrownBy(() -> settings().edgeLimits(null).build()).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theProcessingGuaranteeIsOneStreamsKnows() {
    refused(settings().processingGuarantee("exactly_once"), "processing guarantee");
  }

  @Test
  void theBuildersDefaultsAreThoseOfUpWithoutFlags() {
    HeraldSettings up = OptionsParsing.upSettings(Map.of(), "up");

    assertThat(HeraldSettings.builder().dataDir(up.dataDir()).build()).isEqualTo(up);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    HeraldSettings settings = HeraldSettings.builder().sipHost("192.0.2.1").sipPort(5070).adminHost("192.0.2.2")
        .adminPort(0).dataDir(DATA).bootstrapServers(Optional.of("k1:9092")).processingGuarantee("exactly_once_v2")
        .minExpires(30).maxExpires(900).expiryReductionPercent(0).maxFailedNotifies(1)
        .edgeLimits(EdgeLimits.builder().decisionTimeoutMs(1000).retryAfterSeconds(2)
            .maxPending(100).shedFloor(10).shedTargetDelayMs(50).maxBodyBytes(1024).build())
        .defaultPolicy(DomainPolicies.parse("*:other=block")).applicationId("herald-2").build();

    assertThat(settings.toBuilder().build()).isEqualTo(settings);
  }
}
