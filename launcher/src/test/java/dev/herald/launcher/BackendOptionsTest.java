package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendOptionsTest {

  @Test
  void noLocalDomainsByDefaultSoEveryDomainIsHeralds() {
    BackendOptions options = OptionsParsing.parse(new BackendOptions(), Map.of());

    assertThat(options.localDomains()).isEmpty();
    assertThat(options.backendSipPort).isZero();
  }

  @Test
  void localDomainsComeLowerCasedFromTheFlagOrTheEnvironment() {
    assertThat(OptionsParsing.parse(new BackendOptions(), Map.of(), "--local-domains", "Example.com, example.net,")
        .localDomains()).containsExactlyInAnyOrder("example.com", "example.net");
    BackendOptions fromEnvironment = OptionsParsing.parse(new BackendOptions(),
        Map.of("HERALD_LOCAL_DOMAINS", "example.org", "HERALD_BACKEND_SIP_PORT", "5090"));
    assertThat(fromEnvironment.localDomains()).containsExactly("example.org");
    assertThat(fromEnvironment.backendSipPort).isEqualTo(5090);
  }
}
