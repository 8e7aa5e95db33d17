package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.herald.processor.rules.DomainPolicies;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

  private static final Path DIR = Path.of("state");

  @Test
  void defaultsAreValid() {
    assertThatCode(() -> ProcessorConfig.defaults(DIR)).doesNotThrowAnyException();
  }

  @Test
  void applicationIdMustBeALegalGroupAndTopicPrefix() {
    assertThatThrownBy(() -> new ProcessorConfig("bad id", DIR, 1, Duration.ofSeconds(64), Duration.ofMillis(250), (short) 1, "at_least_once", PresenceSettings.defaults("sip:h@x"), RegistrarSettings.defaults(),
        DomainPolicies.allowAll(), ConferenceSettings.defaults(), ProcessorConfig.LINE_SEIZE_DEFAULTS, ProcessorConfig.Outputs.LIVE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void atLeastOneStreamThread() {
    assertThatThrownBy(() -> new ProcessorConfig("a", DIR, 0, Duration.ofSeconds(64), Duration.ofMillis(250), (short) 1, "at_least_once", PresenceSettings.defaults("sip:h@x"), RegistrarSettings.defaults(),
        DomainPolicies.allowAll(), ConferenceSettings.defaults(), ProcessorConfig.LINE_SEIZE_DEFAULTS, ProcessorConfig.Outputs.LIVE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decisionsAreKeptAtLeastAsLongAsTimerJ() {
    assertThatThrownBy(() -> new ProcessorConfig("a", DIR, 1, Duration.ofSeconds(10), Duration.ofMillis(250), (short) 1, "at_least_once", PresenceSettings.defaults("sip:h@x"), RegistrarSettings.defaults(),
        DomainPolicies.allowAll(), ConferenceSettings.defaults(), ProcessorConfig.LINE_SEIZE_DEFAULTS, ProcessorConfig.Outputs.LIVE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiryRunsAtLeastEverySecond() {
    assertThatThrownBy(() -> new ProcessorConfig("a", DIR, 1, Duration.ofSeconds(64), Duration.ofSeconds(5), (short) 1, "at_least_once", PresenceSettings.defaults("sip:h@x"), RegistrarSettings.defaults(),
        DomainPolicies.allowAll(), ConferenceSettings.defaults(), ProcessorConfig.LINE_SEIZE_DEFAULTS, ProcessorConfig.Outputs.LIVE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProcessorConfig("a", DIR, 1, Duration.ofSeconds(64), Duration.ZERO, (short) 1, "at_least_once", PresenceSettings.defaults("sip:h@x"), RegistrarSettings.defaults(),
        DomainPolicies.allowAll(), ConferenceSettings.defaults(), ProcessorConfig.LINE_SEIZE_DEFAULTS, ProcessorConfig.Outputs.LIVE))
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
    assertThatThrownBy(() -> new ProcessorConfig("a", DIR, 1, Duration.ofSeconds(64), Duration.ofMillis(250), (short) 0, "at_least_once", PresenceSettings.defaults("sip:h@x"), RegistrarSettings.defaults(),
        DomainPolicies.allowAll(), ConferenceSettings.defaults(), ProcessorConfig.LINE_SEIZE_DEFAULTS, ProcessorConfig.Outputs.LIVE))
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
}
