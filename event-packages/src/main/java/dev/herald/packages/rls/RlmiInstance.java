package dev.herald.packages.rls;

import java.util.Locale;
import java.util.Objects;

/**
 * One instance of a resource's subscription in an RLMI document (RFC 4662 §5.5), the back-end
 * subscription the list server holds for that resource.
 *
 * @param id the instance id, the same in every document of the list subscription
 * @param state the state of the back-end subscription
 * @param reason why a terminated instance ended (e.g. "rejected", "deactivated"), or null
 * @param cid the Content-ID (without angle brackets) of the body part holding this instance's
 *     state, or null when the NOTIFY carries no state for it
 */
public record RlmiInstance(String id, State state, String reason, String cid) {

  /** The state attribute of an instance. */
  public enum State {
    ACTIVE,
    PENDING,
    TERMINATED;

    /** The attribute value as the document writes it. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RlmiInstance {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("an instance needs an id");
    }
    Objects.requireNonNull(state, "state");
    // RFC 4662 §5.5: a terminated instance says why, and only it; an active one names its state's part.
    if (state == State.TERMINATED && reason == null) {
      throw new IllegalArgumentException("a terminated instance without a reason");
    }
    if (state == State.ACTIVE && cid == null) {
      throw new IllegalArgumentException("an active instance without a cid");
    }
    if (reason != null && state != State.TERMINATED) {
      throw new IllegalArgumentException("a reason on a " + state.token() + " instance: " + reason);
    }
    if (reason != null && reason.isEmpty()) {
      throw new IllegalArgumentException("an empty reason");
    }
    // A terminated back-end subscription has no state left to carry.
    if (cid != null && state == State.TERMINATED) {
      throw new IllegalArgumentException("a cid on a terminated instance: " + cid);
    }
    if (cid != null && !ContentIds.isValid(cid)) {
      throw new IllegalArgumentException("not a Content-ID (RFC 2392): " + cid);
    }
  }

  /** An active instance whose state is in the part {@code cid}. */
  public static RlmiInstance active(String id, String cid) {
    return new RlmiInstance(id, State.ACTIVE, null, cid);
  }

  /** A pending instance: the resource has not authorized the subscription yet, so no state goes with it. */
  public static RlmiInstance pending(String id) {
    return new RlmiInstance(id, State.PENDING, null, null);
  }

  /** A terminated instance and why it ended. */
  public static RlmiInstance terminated(String id, String reason) {
    return new RlmiInstance(id, State.TERMINATED, reason, null);
  }
}
