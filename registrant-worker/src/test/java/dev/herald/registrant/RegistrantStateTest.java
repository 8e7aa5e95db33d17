package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistrantStateTest {

  @Test
  void numbersAndNamesAreThoseOfUacRegistrant() {
    String[] names = {"NOT_REGISTERED", "REGISTERING", "AUTHENTICATING", "REGISTERED", "REGISTER_TIMEOUT",
        "INTERNAL_ERROR", "WRONG_CREDENTIALS", "REGISTRAR_ERROR", "UNREGISTERING", "AUTHENTICATING_UNREGISTER"};

    for (int code = 0; code < names.length; code++) {
      assertThat(RegistrantState.ofCode(code).stateName()).isEqualTo(names[code]);
      assertThat(RegistrantState.ofCode(code).code()).isEqualTo(code);
    }
    assertThat(RegistrantState.values()).hasSize(names.length);
  }

  @Test
  void unknownNumberIsRefused() {
    assertThatThrownBy(() -> RegistrantState.ofCode(10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyRequestStatesAreInFlight() {
    assertThat(RegistrantState.values()).filteredOn(RegistrantState::inFlight).containsExactly(
        RegistrantState.REGISTERING, RegistrantState.AUTHENTICATING, RegistrantState.UNREGISTERING,
        RegistrantState.AUTHENTICATING_UNREGISTER);
  }
}
