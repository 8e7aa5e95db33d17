package dev.herald.packages.spi;

/** Why a watcher's subscription changed. */
public enum ChangeCause {
  /** A SUBSCRIBE created the subscription, or renewed one that had ended. */
  NEW_SUBSCRIPTION,
  /** An authorization rule allowed a pending watcher. */
  APPROVED_BY_RULE,
  /** An authorization rule refused the watcher, before or after allowing it. */
  REJECTED_BY_RULE,
  /** The subscription was not refreshed in time. */
  EXPIRED,
  /** The watcher sent SUBSCRIBE with Expires: 0. */
  UNSUBSCRIBED,
  /** A NOTIFY to the watcher failed for good (481, timeout), so the subscription ended. */
  NOTIFY_FAILED,
  /** No authorization decision came for a pending watcher in time. */
  AUTHORIZATION_TIMED_OUT,
  /** Herald ended the subscription and the watcher may subscribe again at once (admin reset). */
  ENDED_BY_SERVER,
  /** The watched resource no longer exists. */
  RESOURCE_GONE
}
