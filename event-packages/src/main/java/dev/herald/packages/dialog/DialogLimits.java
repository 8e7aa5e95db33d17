package dev.herald.packages.dialog;

/**
 * How much one dialog-info publication may carry. A body or dialog count over its limit is refused
 * with 413 (RFC 3261 §21.4.11), so the state agent knows the document, not its syntax, is at fault.
 */
public record DialogLimits(int maxBodyBytes, int maxDialogs) {

  /** A busy attendant console or shared line reports tens of dialogs, each well under a kilobyte. */
  public static final DialogLimits DEFAULTS = new DialogLimits(64 * 1024, 256);

  /** What composition applies: publications were checked against the limits of their day when stored. */
  static final DialogLimits NONE = new DialogLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

  public DialogLimits {
    if (maxBodyBytes <= 0 || maxDialogs <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxBodyBytes + ", " + maxDialogs);
    }
  }
}
