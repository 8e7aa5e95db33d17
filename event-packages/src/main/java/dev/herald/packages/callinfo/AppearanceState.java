package dev.herald.packages.callinfo;

import java.util.Locale;
import java.util.Optional;

/** The appearance-state values of shared line appearances (draft-anil-sipping-bla, BroadWorks SCA). */
public enum AppearanceState {
  IDLE("idle"),
  SEIZED("seized"),
  PROGRESSING("progressing"),
  ALERTING("alerting"),
  ACTIVE("active"),
  HELD("held"),
  HELD_PRIVATE("held-private");

  private final String token;

  AppearanceState(String token) {
    this.token = token;
  }

  /** The value as a Call-Info header writes it. */
  public String token() {
    return token;
  }

  /** The state {@code token} names, compared without case (RFC 3261 §7.3.1), or empty for an unknown one. */
  public static Optional<AppearanceState> fromToken(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    for (AppearanceState state : values()) {
      if (state.token.equals(lower)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
