package dev.herald.registrant;

/**
 * The states of an account's registration, numbered and named as OpenSIPS uac_registrant
 * numbers them, so operators read the status topic as they read {@code reg_list}.
 */
public enum RegistrantState {
  NOT_REGISTERED(0),
  REGISTERING(1),
  AUTHENTICATING(2),
  REGISTERED(3),
  REGISTER_TIMEOUT(4),
  INTERNAL_ERROR(5),
  WRONG_CREDENTIALS(6),
  REGISTRAR_ERROR(7),
  UNREGISTERING(8),
  AUTHENTICATING_UNREGISTER(9);

  private final int code;

  RegistrantState(int code) {
    this.code = code;
  }

  /** The number of the state, as written to the status topic. */
  public int code() {
    return code;
  }

  /** uac_registrant's name of the state, e.g. {@code REGISTERED}. */
  public String stateName() {
    return name();
  }

  /** The state numbered {@code code}. */
  public static RegistrantState ofCode(int code) {
    for (RegistrantState state : values()) {
      if (state.code == code) {
        return state;
      }
    }
    throw new IllegalArgumentException("no registrant state numbered " + code);
  }

  /** Whether a REGISTER or un-REGISTER of the account is in flight in this state. */
  public boolean inFlight() {
    return this == REGISTERING || this == AUTHENTICATING || this == UNREGISTERING || this == AUTHENTICATING_UNREGISTER;
  }
}
