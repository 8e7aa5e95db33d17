package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

  private static final Path DIR = Path.of("state");

  @Test
  void defaultsAreValid() {
    assertThatCode(() -> ProcessorConfig.defaults(DIR)).doesNotThrowAnyException();
  }

  @Test
  void applicationIdMustBeALegalGroupAndTopicPrefix() {
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).applicationId("bad id").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void atLeastOneStreamThread() {
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).applicationId("a").streamThreads(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decisionsAreKeptAtLeastAsLongAsTimerJ() {
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).applicationId("a").decisionRetention(Duration.ofSeconds(10)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiryRunsAtLeastEverySecond() {
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).applicationId("a").expiryInterval(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).applicationId("a").expiryInterval(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void processingGuaranteeIsOneStreamsKnows() {
    assertThatThrownBy(() -> ProcessorConfig.defaults(DIR).withProcessingGuarantee("exactly_once"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> ProcessorConfig.defaults(DIR).withProcessingGuarantee("exactly_once_v2"))
        .doesNotThrowAnyException();
  }

  @Test
  void replicationFactorIsPositive() {
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).applicationId("a").replicationFactor((short) 0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outputsMustBeSaid() {
    assertThatThrownBy(() -> ProcessorConfig.defaults(DIR).withOutputs(null)).isInstanceOf(NullPointerException.class);
    assertThat(ProcessorConfig.defaults(DIR).outputs()).isEqualTo(ProcessorConfig.Outputs.LIVE);
  }

  @Test
  void anotherApplicationIdIsCheckedLikeTheFirst() {
    assertThatThrownBy(() -> ProcessorConfig.defaults(DIR).withApplicationId("herald processor"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("application id");
    assertThatThrownBy(() -> ProcessorConfig.defaults(DIR).withApplicationId("x".repeat(201)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ProcessorConfig.defaults(DIR).withApplicationId("herald-processor-rebuild.2").applicationId())
        .isEqualTo("herald-processor-rebuild.2");
  }

  @Test
  void eachResourceMayHoldAtLeastOnePublicationAndOneWatcher() {
    assertThatThrownBy(() -> new ResourceLimits(0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max publications per resource must be at least 1, was 0");
    assertThatThrownBy(() -> new ResourceLimits(10, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max watchers per resource must be at least 1, was 0");
    assertThat(ProcessorConfig.defaults(DIR).limits()).isEqualTo(ResourceLimits.defaults());
    assertThatThrownBy(() -> ProcessorConfig.defaults(DIR).withLimits(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theBuilderChangesOnlyWhatItIsTold() {
    ProcessorConfig config = ProcessorConfig.builder(DIR).streamThreads(2).limits(new ResourceLimits(3, 4)).build();

    assertThat(config.streamThreads()).isEqualTo(2);
    assertThat(config.limits()).isEqualTo(new ResourceLimits(3, 4));
    assertThat(config.toBuilder().streamThreads(1).limits(ResourceLimits.defaults()).build())
        .isEqualTo(ProcessorConfig.defaults(DIR));
  }

  @Test
  void noGatewayDomainsByDefault() {
    assertThat(ProcessorConfig.defaults(DIR).gatewayDomains()).isEmpty();
  }

  @Test
  void gatewayDomainsAreKeptAsGivenAndCannotBeChangedAfterwards() {
    Set<String> given = new HashSet<>(Set.of("xmpp.example.com", "[2001:db8::1]"));
    ProcessorConfig config = ProcessorConfig.builder(DIR).gatewayDomains(given).build();
    given.add("later.example.com");

    assertThat(config.gatewayDomains()).containsExactlyInAnyOrder("xmpp.example.com", "[2001:db8::1]");
    assertThatThrownBy(() -> config.gatewayDomains().add("x.example.com"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void gatewayDomainsMustBeSaid() {
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).gatewayDomains(null).build())
        .isInstanceOf(NullPointerException.class).hasMessage("gatewayDomains");
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).gatewayDomains(Collections.singleton(null)).build())
        .isInstanceOf(NullPointerException.class).hasMessage("gateway domain");
  }

  @Test
  void localDomainsAreLowerCaseHostNamesAndNoneByDefault() {
    assertThat(ProcessorConfig.defaults(DIR).localDomains()).isEmpty();
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).localDomains(Set.of("Example.com")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("local domain 'Example.com' must be lower case");
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).localDomains(Set.of("not a host")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("local domain 'not a host' is not a host name");
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).localDomains(null).build())
        .isInstanceOf(NullPointerException.class).hasMessage("localDomains");
  }

  @Test
  void aGatewayDomainIsLowerCase() {
    assertThatThrownBy(() -> ProcessorConfig.builder(DIR).gatewayDomains(Set.of("XMPP.example.com")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gateway domain 'XMPP.example.com' must be lower case");
  }

  @Test
  void aGatewayDomainIsAHostName() {
    for (String bad : List.of("", "xmpp example.com", "xmpp.example.com:5269", "*.example.com", "sip:xmpp.example.com")) {
      assertThatThrownBy(() -> ProcessorConfig.builder(DIR).gatewayDomains(Set.of(bad)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("gateway domain '" + bad + "' is not a host name");
    }
  }
}
