package dev.herald.registrant;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The REGISTER cycle of one account (RFC 3261 §10.2) as a state machine: each method is a
 * transition that returns what to do next. Pure: no network, no clock; time is passed in.
 * Responses map to states as OpenSIPS uac_registrant maps them: 2xx REGISTERED, a first 401/407
 * AUTHENTICATING, a challenge after an authenticated attempt WRONG_CREDENTIALS, 423 a new attempt
 * with Min-Expires, 408 and timeouts REGISTER_TIMEOUT, 3xx INTERNAL_ERROR, other errors
 * REGISTRAR_ERROR. Failures are retried after a back-off, not at once.
 */
public final class AccountCycle {

  /** A final response, reduced to what the cycle needs. */
  public record Reply(int status, String reason, List<DigestChallenge> challenges, Integer minExpires,
      Integer contactExpires, Integer expiresHeader, Integer retryAfter) {

    public Reply {
      challenges = challenges == null ? List.of() : List.copyOf(challenges);
    }

    public static Reply of(int status, String reason) {
      return new Reply(status, reason, List.of(), null, null, null, null);
    }

    /** As written to the status topic: {@code 200 OK}. */
    public String line() {
      return reason == null || reason.isBlank() ? Integer.toString(status) : status + " " + reason;
    }
  }

  /** What to do after a transition. */
  public sealed interface Step {
    /** Send a REGISTER now with this CSeq and Expires, answering {@code challenge} if not null. */
    record Send(long cseq, int expires, DigestChallenge challenge) implements Step {}

    /** Start the next REGISTER cycle at {@code atMs}. */
    record Wait(long atMs) implements Step {}

    /** The un-REGISTER is over: the binding is removed, or the attempt given up. */
    record Unregistered() implements Step {}
  }

  /** The line written for a request that got no final response. */
  public static final String TIMEOUT = "timeout";

  private final RegistrantConfig config;
  private final String callId;
  private RegistrantState state;
  private long cseq;
  private int requestedExpires;
  private Integer grantedExpires;
  private int failures;
  private String lastResponse;
  private Long nextAttemptMs;

  private AccountCycle(RegistrantConfig config, String callId, RegistrantState state, long cseq,
      Integer grantedExpires) {
    this.config = Objects.requireNonNull(config, "config");
    this.callId = Objects.requireNonNull(callId, "callId");
    this.state = state;
    this.cseq = cseq;
    this.grantedExpires = grantedExpires;
  }

  /** An account never registered: its own new Call-ID, no CSeq used yet. */
  public static AccountCycle fresh(RegistrantConfig config, String callId) {
    return new AccountCycle(config, callId, RegistrantState.NOT_REGISTERED, 0, null);
  }

  /**
   * An account taken over from the status another worker (or this one before a restart) wrote:
   * the same Call-ID and the CSeq last used (RFC 3261 §10.2.4: the next REGISTER is one higher).
   */
  public static AccountCycle resume(RegistrantConfig config, String callId, long cseq, RegistrantState state,
      Integer grantedExpires, String lastResponse) {
    AccountCycle cycle = new AccountCycle(config, callId, state, cseq, grantedExpires);
    cycle.lastResponse = lastResponse;
    return cycle;
  }

  /**
   * When a resumed account's next REGISTER is due: at the refresh share of the granted expiry after
   * the registration was confirmed ({@code confirmedAtMs}); if that has passed, within
   * {@code spreadMs} from now but never later than halfway to the remote expiry. Accounts not
   * registered are due within {@code spreadMs}.
   */
  public long resumeAt(long confirmedAtMs, long nowMs, long spreadMs) {
    if (state != RegistrantState.REGISTERED || grantedExpires == null) {
      return nowMs + spreadMs;
    }
    long refresh = confirmedAtMs + refreshDelayMs(grantedExpires);
    if (refresh >= nowMs) {
      return refresh;
    }
    long remoteExpiry = confirmedAtMs + grantedExpires * 1000L;
    long latest = nowMs + Math.max(0, (remoteExpiry - nowMs) / 2);
    return Math.min(nowMs + spreadMs, latest);
  }

  /** Starts a REGISTER cycle asking for {@code expires} seconds. */
  public Step.Send register(int expires) {
    requestedExpires = expires;
    state = RegistrantState.REGISTERING;
    nextAttemptMs = null;
    return send(expires, null);
  }

  /** Starts removing the binding: a REGISTER with Expires 0 (RFC 3261 §10.2.2). */
  public Step.Send unregister() {
    state = RegistrantState.UNREGISTERING;
    nextAttemptMs = null;
    return send(0, null);
  }

  /** The transition for a final response to the REGISTER with the current CSeq. */
  public Step onResponse(Reply reply, boolean hasCredentials, long nowMs) {
    lastResponse = reply.line();
    int status = reply.status();
    boolean unregistering = unregistering();
    if (status >= 200 && status < 300) {
      if (unregistering) {
        return unregistered(RegistrantState.NOT_REGISTERED);
      }
      return registered(reply, nowMs);
    }
    if (status == 401 || status == 407) {
      return challenged(reply, hasCredentials, nowMs);
    }
    if (unregistering) {
      // Nothing more to try: the registrar lets the binding expire on its own.
      return unregistered(RegistrantState.NOT_REGISTERED);
    }
    if (status == 423) {
      return intervalTooBrief(reply, nowMs);
    }
    if (status == 408) {
      return failed(RegistrantState.REGISTER_TIMEOUT, reply.retryAfter(), nowMs);
    }
    if (status >= 300 && status < 400) {
      // uac_registrant follows no redirection either.
      return failed(RegistrantState.INTERNAL_ERROR, null, nowMs);
    }
    return failed(RegistrantState.REGISTRAR_ERROR, reply.retryAfter(), nowMs);
  }

  /** The transition when the REGISTER got no final response in time (RFC 3261 §17.1.2.2 Timer F). */
  public Step onTimeout(long nowMs) {
    lastResponse = TIMEOUT;
    if (unregistering()) {
      return unregistered(RegistrantState.NOT_REGISTERED);
    }
    return failed(RegistrantState.REGISTER_TIMEOUT, null, nowMs);
  }

  /** The transition when a REGISTER could not even be built or sent. */
  public Step onSendFailure(String why, long nowMs) {
    lastResponse = why;
    if (unregistering()) {
      return unregistered(RegistrantState.NOT_REGISTERED);
    }
    return failed(RegistrantState.INTERNAL_ERROR, null, nowMs);
  }

  private Step registered(Reply reply, long nowMs) {
    // The binding's expires parameter wins over the Expires header (RFC 3261 §10.2.4); a
    // registrar that says neither granted what was asked.
    Integer granted = positive(reply.contactExpires()).or(() -> positive(reply.expiresHeader()))
        .orElse(requestedExpires);
    grantedExpires = granted;
    failures = 0;
    state = RegistrantState.REGISTERED;
    return waitUntil(nowMs + refreshDelayMs(granted));
  }

  private Step challenged(Reply reply, boolean hasCredentials, long nowMs) {
    Optional<DigestChallenge> challenge = DigestClient.pick(reply.challenges());
    if (!hasCredentials) {
      return failedOrUnregistered(RegistrantState.WRONG_CREDENTIALS, nowMs);
    }
    if (challenge.isEmpty()) {
      // No challenge in a supported algorithm: uac_registrant's "unable to extract authentication info".
      return failedOrUnregistered(RegistrantState.INTERNAL_ERROR, nowMs);
    }
    boolean authenticated = state == RegistrantState.AUTHENTICATING || state == RegistrantState.AUTHENTICATING_UNREGISTER;
    if (authenticated && !challenge.get().stale()) {
      // Challenged again after an authenticated attempt: the credentials are wrong. A stale nonce
      // only asks for the same credentials with a fresh nonce (RFC 7616 §3.3).
      return failedOrUnregistered(RegistrantState.WRONG_CREDENTIALS, nowMs);
    }
    boolean unregistering = unregistering();
    state = unregistering ? RegistrantState.AUTHENTICATING_UNREGISTER : RegistrantState.AUTHENTICATING;
    return send(unregistering ? 0 : requestedExpires, challenge.get());
  }

  private Step intervalTooBrief(Reply reply, long nowMs) {
    Integer min = reply.minExpires();
    if (min == null || min <= requestedExpires) {
      // RFC 3261 §21.4.17: 423 must carry a Min-Expires above what was asked; without one, it is an error.
      return failed(RegistrantState.REGISTRAR_ERROR, null, nowMs);
    }
    // RFC 3261 §10.2.8: ask again with at least Min-Expires.
    requestedExpires = min;
    state = RegistrantState.REGISTERING;
    return send(min, null);
  }

  private Step failedOrUnregistered(RegistrantState failure, long nowMs) {
    return unregistering() ? unregistered(RegistrantState.NOT_REGISTERED) : failed(failure, null, nowMs);
  }

  private Step failed(RegistrantState failure, Integer retryAfterSeconds, long nowMs) {
    state = failure;
    failures++;
    long backoff = backoffMs(failures);
    if (retryAfterSeconds != null && retryAfterSeconds > 0) {
      // RFC 3261 §21.5.4 / §20.33: a 503's Retry-After says when the registrar takes requests again.
      backoff = Math.max(backoff, Math.min(retryAfterSeconds * 1000L, config.maxBackoff().toMillis()));
    }
    if (failure == RegistrantState.WRONG_CREDENTIALS) {
      // Hammering a registrar with a wrong password locks accounts; the longest wait until the operator fixes it.
      backoff = config.maxBackoff().toMillis();
    }
    return waitUntil(nowMs + backoff);
  }

  /** failureRetry, doubled per further consecutive failure, capped at maxBackoff. */
  long backoffMs(int consecutiveFailures) {
    long first = config.failureRetry().toMillis();
    long max = config.maxBackoff().toMillis();
    int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
    return Math.min(max, first << doublings);
  }

  long refreshDelayMs(int grantedSeconds) {
    return (long) (grantedSeconds * 1000L * config.refreshShare());
  }

  /**
   * The account was disabled while nothing is registered at the registrar (a failed or never-sent
   * REGISTER): it is NOT_REGISTERED with nothing to try, as uac_registrant lists a disabled account.
   */
  public void disabled() {
    if (state.inFlight() || state == RegistrantState.REGISTERED) {
      throw new IllegalStateException("a " + state + " account is unregistered, not just disabled");
    }
    state = RegistrantState.NOT_REGISTERED;
    grantedExpires = null;
    nextAttemptMs = null;
  }

  private Step unregistered(RegistrantState after) {
    state = after;
    grantedExpires = null;
    nextAttemptMs = null;
    return new Step.Unregistered();
  }

  private Step.Wait waitUntil(long atMs) {
    nextAttemptMs = atMs;
    return new Step.Wait(atMs);
  }

  private Step.Send send(int expires, DigestChallenge challenge) {
    cseq++;
    return new Step.Send(cseq, expires, challenge);
  }

  private boolean unregistering() {
    return state == RegistrantState.UNREGISTERING || state == RegistrantState.AUTHENTICATING_UNREGISTER;
  }

  private static Optional<Integer> positive(Integer value) {
    return value != null && value > 0 ? Optional.of(value) : Optional.empty();
  }

  public RegistrantState state() {
    return state;
  }

  public String callId() {
    return callId;
  }

  /** The CSeq of the last REGISTER built; 0 before the first. */
  public long cseq() {
    return cseq;
  }

  public Integer grantedExpires() {
    return grantedExpires;
  }

  public int requestedExpires() {
    return requestedExpires;
  }

  public String lastResponse() {
    return lastResponse;
  }

  /** When the next cycle is planned, or null while a request is in flight or none is planned. */
  public Long nextAttemptMs() {
    return nextAttemptMs;
  }

  public int failures() {
    return failures;
  }
}
