package dev.herald.packages.presence.winfo;

import dev.herald.packages.presence.winfo.WatcherEntry.Status;
import dev.herald.packages.spi.ChangeCause;
import java.util.Optional;

/**
 * Which event a watcher information document gives a watcher that changed status (RFC 3857 §5).
 * The events carry the meaning of the Subscription-State reasons of RFC 6665 §4.1.3, so a
 * presentity learns from the event what the watcher itself was told.
 */
public final class WatcherTransitions {

  private WatcherTransitions() {}

  /**
   * The event of the move from {@code from} to {@code to} for {@code cause}; {@code from} is null
   * for a watcher that had no subscription (the init state). Empty when the state machine has no
   * such move for that cause, which is a caller's bug to log, not a document to send.
   */
  public static Optional<WinfoEvent> eventFor(Status from, Status to, ChangeCause cause) {
    return Optional.ofNullable(switch (cause) {
      // A new SUBSCRIBE leaves init, or a waiting or terminated record, for pending or active.
      case NEW_SUBSCRIPTION -> from != Status.PENDING && from != Status.ACTIVE
          && (to == Status.PENDING || to == Status.ACTIVE) ? WinfoEvent.SUBSCRIBE : null;
      case APPROVED_BY_RULE -> from == Status.PENDING && to == Status.ACTIVE ? WinfoEvent.APPROVED : null;
      case REJECTED_BY_RULE -> isLive(from) && to == Status.TERMINATED ? WinfoEvent.REJECTED : null;
      // RFC 3857 §5: a pending subscription that times out waits, so the presentity can still see
      // who asked; an unsubscribe is a refresh to zero (RFC 6665 §4.1.2.3), so it times out too.
      case EXPIRED, UNSUBSCRIBED -> timedOut(from, to) ? WinfoEvent.TIMEOUT : null;
      // The watcher could not be reached: it may come back later (RFC 6665 §4.1.3, "probation").
      case NOTIFY_FAILED -> isSubscribed(from) && to == Status.TERMINATED ? WinfoEvent.PROBATION : null;
      case AUTHORIZATION_TIMED_OUT -> from == Status.PENDING && (to == Status.WAITING || to == Status.TERMINATED)
          ? WinfoEvent.GIVEUP : null;
      case ENDED_BY_SERVER -> isLive(from) && to == Status.TERMINATED ? WinfoEvent.DEACTIVATED : null;
      case RESOURCE_GONE -> isLive(from) && to == Status.TERMINATED ? WinfoEvent.NORESOURCE : null;
    });
  }

  private static boolean timedOut(Status from, Status to) {
    return switch (to) {
      case WAITING -> from == Status.PENDING;
      case TERMINATED -> isLive(from);
      default -> false;
    };
  }

  private static boolean isSubscribed(Status status) {
    return status == Status.PENDING || status == Status.ACTIVE;
  }

  private static boolean isLive(Status status) {
    return isSubscribed(status) || status == Status.WAITING;
  }
}
