package dev.herald.launcher;

import dev.herald.edge.AdmissionLimits;
import dev.herald.edge.EdgeConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the SIP edge an operator sets.
 *
 * @param decisionTimeout how long a request waits for the processor's decision before 503
 * @param retryAfterSeconds the Retry-After of a 503
 * @param admission how many requests may wait for decisions at once; the edge sheds the rest with 503
 * @param maxUnparsed how many UDP datagrams may wait for the SIP parser; beyond it new requests get 503 unparsed
 * @param udpReceiveBufferBytes the SIP UDP socket's receive buffer (the kernel caps it at net.core.rmem_max)
 * @param maxBodyBytes larger bodies get 413
 */
public record EdgeLimits(Duration decisionTimeout, int retryAfterSeconds, AdmissionLimits admission, int maxUnparsed,
    int udpReceiveBufferBytes, int maxBodyBytes) {

  /**
   * The largest body limit the edge honours: it sizes its SIP stack for the body limit plus 8 KiB
   * of headers, up to the largest SIP message (65,535 bytes); a larger body would be dropped by
   * the stack instead of answered 413.
   */
  public static final int MAX_BODY_BYTES = 65_535 - 8_192;

  public EdgeLimits {
    Objects.requireNonNull(decisionTimeout, "decisionTimeout");
    Objects.requireNonNull(admission, "admission");
    // The edge's Kafka producer takes the decision timeout as its delivery timeout, whole milliseconds in an int.
    if (decisionTimeout.compareTo(Duration.ofMillis(1)) < 0
        || decisionTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("decision timeout must be 1.." + Integer.MAX_VALUE + " ms, was "
          + decisionTimeout.toMillis() + " ms");
    }
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retry after must be at least 1 second, was " + retryAfterSeconds);
    }
    if (maxUnparsed < 1) {
      throw new IllegalArgumentException("max unparsed must be at least 1, was " + maxUnparsed);
    }
    if (udpReceiveBufferBytes < EdgeConfig.MIN_UDP_RECEIVE_BUFFER_BYTES) {
      throw new IllegalArgumentException("the UDP receive buffer must be at least "
          + EdgeConfig.MIN_UDP_RECEIVE_BUFFER_BYTES + " bytes, was "
          + udpReceiveBufferBytes);
    }
    if (maxBodyBytes < 0 || maxBodyBytes > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("max body bytes must be 0.." + MAX_BODY_BYTES + ", was " + maxBodyBytes);
    }
  }

  /** The limits as the launcher's flags give them, each by name; unset ones are the edge's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link EdgeLimits} from the launcher's flags; the decision rate behind the admission
   * limit is measured over the edge's default window.
   */
  public static final class Builder {
    private final EdgeLimits defaults = EdgeLimits.defaults();
    private int decisionTimeoutMs = (int) defaults.decisionTimeout().toMillis();
    private int retryAfterSeconds = defaults.retryAfterSeconds();
    private int maxPending = defaults.admission().maxPending();
    private int shedFloor = defaults.admission().floor();
    private int shedTargetDelayMs = (int) defaults.admission().targetDelay().toMillis();
    private int maxUnparsed = defaults.maxUnparsed();
    private int udpReceiveBufferBytes = defaults.udpReceiveBufferBytes();
    private int maxBodyBytes = defaults.maxBodyBytes();

    private Builder() {}

    public Builder decisionTimeoutMs(int value) {
      this.decisionTimeoutMs = value;
      return this;
    }

    public Builder retryAfterSeconds(int value) {
      this.retryAfterSeconds = value;
      return this;
    }

    public Builder maxPending(int value) {
      this.maxPending = value;
      return this;
    }

    public Builder shedFloor(int value) {
      this.shedFloor = value;
      return this;
    }

    public Builder shedTargetDelayMs(int value) {
      this.shedTargetDelayMs = value;
      return this;
    }

    public Builder maxUnparsed(int value) {
      this.maxUnparsed = value;
      return this;
    }

    public Builder udpReceiveBufferBytes(int value) {
      this.udpReceiveBufferBytes = value;
      return this;
    }

    public Builder maxBodyBytes(int value) {
      this.maxBodyBytes = value;
      return this;
    }

    public EdgeLimits build() {
      AdmissionLimits admission = new AdmissionLimits(maxPending, shedFloor, Duration.ofMillis(shedTargetDelayMs),
          AdmissionLimits.defaults().window());
      return new EdgeLimits(Duration.ofMillis(decisionTimeoutMs), retryAfterSeconds, admission, maxUnparsed,
          udpReceiveBufferBytes, maxBodyBytes);
    }
  }

  /** The edge's own defaults. */
  public static EdgeLimits defaults() {
    return new EdgeLimits(EdgeConfig.DEFAULT_DECISION_TIMEOUT, EdgeConfig.DEFAULT_RETRY_AFTER_SECONDS,
        AdmissionLimits.defaults(), EdgeConfig.DEFAULT_MAX_UNPARSED,
        EdgeConfig.DEFAULT_UDP_RECEIVE_BUFFER_BYTES, EdgeConfig.DEFAULT_MAX_BODY_BYTES);
  }
}
