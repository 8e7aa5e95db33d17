package dev.herald.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HealthCheckTest {

  @Test
  void upIsHealthyWithReasonOk() {
    assertThat(Health.up()).isEqualTo(new Health(true, "ok"));
  }

  @Test
  void downCarriesItsReason() {
    Health down = Health.down("broker unreachable");

    assertThat(down.healthy()).isFalse();
    assertThat(down.reason()).isEqualTo("broker unreachable");
  }

  @Test
  void reasonIsRequired() {
    assertThatThrownBy(() -> Health.down(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void ofNamesAndDelegatesToTheSupplier() {
    HealthCheck check = HealthCheck.of("kafka", () -> Health.down("lagging"));

    assertThat(check.name()).isEqualTo("kafka");
    assertThat(check.check()).isEqualTo(Health.down("lagging"));
  }

  @Test
  void ofRejectsBlankNames() {
    assertThatThrownBy(() -> HealthCheck.of(" ", Health::up)).isInstanceOf(IllegalArgumentException.class);
  }
}
