package dev.herald.packages.presence.winfo;

import java.util.Locale;

/**
 * The event attribute of a watcher (RFC 3858 §3): the transition of RFC 3857 §5 that moved the
 * watcher into its status.
 */
public enum WinfoEvent {
  SUBSCRIBE,
  APPROVED,
  DEACTIVATED,
  PROBATION,
  REJECTED,
  TIMEOUT,
  GIVEUP,
  NORESOURCE;

  /** The attribute value as the document writes it. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
