package dev.herald.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendConfigTest {

  @Test
  void itNeedsHeraldsOwnDomainsAndSubscribesAsHeraldOfTheFirst() {
    assertThatThrownBy(() -> BackendConfig.of("127.0.0.1", Set.of(), Set.of())).hasMessageContaining("--local-domains");

    BackendConfig config = BackendConfig.of("127.0.0.1", Set.of("b.example.com", "a.example.com"), Set.of());

    assertThat(config.identity()).isEqualTo("sip:herald@a.example.com");
    assertThat(config.domains().elsewhere("other.example.org")).isTrue();
    assertThat(config.domains().elsewhere("A.EXAMPLE.com")).isFalse();
  }

  @Test
  void timingAndPortAreBounded() {
    assertThatThrownBy(() -> new BackendConfig.Timing(30, Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .hasMessageContaining("60..86400");
    assertThatThrownBy(() -> new BackendConfig.Timing(600, Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .hasMessageContaining("no shorter than the first");
    assertThatThrownBy(() -> new BackendConfig.Sip("127.0.0.1", 70000)).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> new BackendConfig(new BackendConfig.Sip("127.0.0.1", 0),
        new BackendConfig.Domains(Set.of("example.com"), Set.of()), BackendConfig.Timing.defaults(), "mailto:x"))
        .hasMessageContaining("sip: URI");
  }
}
