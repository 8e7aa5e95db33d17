package dev.herald.registrant.accounts;

/**
 * The expiry an account may ask its registrar for, in seconds. An account that gives none asks for
 * {@link #DEFAULT_EXPIRY}, as uac_registrant does, so the bounds must hold it.
 */
public record AccountLimits(int minExpiry, int maxExpiry) {

  /** uac_registrant's default expiry. */
  public static final int DEFAULT_EXPIRY = 3600;

  public AccountLimits {
    if (minExpiry < 1) {
      throw new IllegalArgumentException("the shortest account expiry must be at least 1 s, was " + minExpiry);
    }
    if (maxExpiry < minExpiry) {
      throw new IllegalArgumentException("the longest account expiry (" + maxExpiry
          + ") must not be shorter than the shortest (" + minExpiry + ")");
    }
    if (DEFAULT_EXPIRY < minExpiry || DEFAULT_EXPIRY > maxExpiry) {
      throw new IllegalArgumentException("the account expiry bounds " + minExpiry + ".." + maxExpiry
          + " must hold the default expiry " + DEFAULT_EXPIRY);
    }
  }

  /** 60 s to one day. */
  public static AccountLimits defaults() {
    return new AccountLimits(60, 86_400);
  }
}
