package dev.herald.registrant.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.RegistrantAccount;
import org.junit.jupiter.api.Test;

class AccountInputTest {

  private static AccountInput input(Integer expiry, Boolean enabled) {
    return new AccountInput("sip:reg.example.net", "", "sip:alice@example.net", null, "alice", "pw",
        "sip:alice@192.0.2.1", null, expiry, null, enabled);
  }

  @Test
  void unsetExpiryIsTheDefaultAndUnsetEnabledIsTrue() {
    RegistrantAccount account = ((AccountCheck.Valid) input(null, null).validate(AccountLimits.defaults())).account();
    assertThat(account.getExpiry()).isEqualTo(3600);
    assertThat(account.getEnabled()).isTrue();
    assertThat(account.getProxy()).as("empty is unset").isNull();
  }

  @Test
  void anExplicitlyDisabledAccountStaysDisabled() {
    assertThat(((AccountCheck.Valid) input(600, false).validate(AccountLimits.defaults())).account().getEnabled())
        .isFalse();
  }

  @Test
  void anExpiryOutsideTheBoundsIsRefused() {
    assertThat(input(30, null).validate(AccountLimits.defaults()))
        .isEqualTo(new AccountCheck.Invalid("expiry 30 is not within 60..86400 s"));
  }

  @Test
  void aCommaInAUsernameIsRefusedBecauseNoFileCouldHoldIt() {
    AccountInput input = new AccountInput("sip:reg.example.net", null, "sip:alice@example.net", null, "al,ice",
        "pw", "sip:alice@192.0.2.1", null, null, null, null);
    assertThat(input.validate(AccountLimits.defaults())).isInstanceOf(AccountCheck.Invalid.class);
  }

  @Test
  void aStoredAccountGivesBackTheSameAccount() {
    RegistrantAccount account = ((AccountCheck.Valid) input(600, false).validate(AccountLimits.defaults())).account();
    assertThat(((AccountCheck.Valid) AccountInput.of(account).validate(AccountLimits.defaults())).account())
        .isEqualTo(account);
  }
}
