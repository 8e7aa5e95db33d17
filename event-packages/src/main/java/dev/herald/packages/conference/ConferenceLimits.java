package dev.herald.packages.conference;

/**
 * How much one conference may carry. A body or roster over its limit is refused with 413 (RFC 3261
 * §21.4.11), so the focus knows the document, not its syntax, is at fault.
 */
public record ConferenceLimits(int maxBodyBytes, int maxUsers) {

  /** A large conference of a few thousand participants, each a user with an endpoint and its media. */
  public static final ConferenceLimits DEFAULTS = new ConferenceLimits(4 * 1024 * 1024, 5000);

  public ConferenceLimits {
    if (maxBodyBytes <= 0 || maxUsers <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxBodyBytes + ", " + maxUsers);
    }
  }
}
