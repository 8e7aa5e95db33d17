package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.registrant.accounts.AccountLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrantOptionsTest {

  private static RegistrantOptions parse(Map<String, String> env, String... args) {
    return OptionsParsing.parse(new RegistrantOptions(), env, args);
  }

  @Test
  void theDefaultsAreTheAccountLimitsDefaults() {
    assertThat(parse(Map.of()).limits()).isEqualTo(AccountLimits.defaults());
  }

  @Test
  void flagsAndVariablesSetTheBounds() {
    assertThat(parse(Map.of("HERALD_REGISTRANT_MAX_EXPIRY", "7200"), "--registrant-min-expiry", "120").limits())
        .isEqualTo(new AccountLimits(120, 7200));
  }

  @Test
  void boundsThatExcludeTheDefaultExpiryAreRefused() {
    RegistrantOptions options = parse(Map.of(), "--registrant-max-expiry", "600");
    assertThatThrownBy(options::limits).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default expiry 3600");
  }
}
