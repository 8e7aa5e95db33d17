package dev.herald.packages.state;

import java.util.Objects;

/**
 * One registered Contact of an address of record (RFC 3261 §10.3). {@code callId} and {@code cseq}
 * are those of the REGISTER that last changed it, which orders later changes of the same client;
 * {@code instanceId} and {@code regId} name the flow of an RFC 5626 client, which replaces its own
 * binding even when its Contact changed. {@code flow} is the flow the REGISTER came on (RFC 5626
 * §6): null for an external registrar's bindings.
 */
public record Binding(
    String contact,
    long expiresAtMs,
    String callId,
    long cseq,
    String q,
    String instanceId,
    Integer regId,
    String source,
    String userAgent,
    long registeredAtMs,
    Flow flow) {

  public Binding {
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(source, "source");
  }

  public boolean expiredAt(long nowMs) {
    return expiresAtMs <= nowMs;
  }

  /** Seconds left, rounded up, for the expires parameter of a 200's Contact. */
  public long secondsLeft(long nowMs) {
    return Math.max(0, (expiresAtMs - nowMs + 999) / 1000);
  }

  /**
   * Whether a Contact of a REGISTER names this binding: the same instance and reg-id (RFC 5626
   * §6), or else the same URI (RFC 3261 §10.3 step 7 compares them by §19.1.4).
   */
  public boolean matches(String otherContact, String otherInstanceId, Integer otherRegId) {
    if (instanceId != null && otherInstanceId != null) {
      return instanceId.equals(otherInstanceId) && Objects.equals(regId, otherRegId);
    }
    return ContactUris.equivalent(contact, otherContact);
  }
}
