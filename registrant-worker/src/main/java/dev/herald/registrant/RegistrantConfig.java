package dev.herald.registrant;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a registrant worker.
 *
 * @param workerId names this worker in status records
 * @param groupId consumer group of all workers: partition assignment spreads the accounts
 * @param sipHost address REGISTERs are sent from, unless an account forces another socket
 * @param sipPort local SIP port; 0 picks a free one
 * @param transport UDP or TCP
 * @param refreshShare share of the granted expiry after which a registration is refreshed, in (0, 1)
 * @param failureRetry wait after a first failure (timeout, error response); doubled per further failure
 * @param maxBackoff longest wait between failed attempts
 * @param transactionTimeout how long a REGISTER waits for a final response before it counts as timed out
 * @param spreadWindow first registrations of the accounts a worker takes on are spread over this window
 * @param maxRegistersPerSecond cap on REGISTER cycles started per second by this worker
 */
public record RegistrantConfig(String workerId, String groupId, String sipHost, int sipPort, String transport,
    double refreshShare, Duration failureRetry, Duration maxBackoff, Duration transactionTimeout,
    Duration spreadWindow, int maxRegistersPerSecond) {

  private static final Set<String> TRANSPORTS = Set.of("UDP", "TCP");

  public RegistrantConfig {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(sipHost, "sipHost");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(failureRetry, "failureRetry");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(transactionTimeout, "transactionTimeout");
    Objects.requireNonNull(spreadWindow, "spreadWindow");
    if (workerId.isBlank() || groupId.isBlank()) {
      throw new IllegalArgumentException("workerId and groupId must not be blank");
    }
    if (sipHost.isBlank()) {
      throw new IllegalArgumentException("sipHost must not be blank");
    }
    if (sipPort < 0 || sipPort > 65535) {
      throw new IllegalArgumentException("sipPort must be 0..65535, was " + sipPort);
    }
    transport = transport.toUpperCase(Locale.ROOT);
    if (!TRANSPORTS.contains(transport)) {
      throw new IllegalArgumentException("transport must be UDP or TCP, was " + transport);
    }
    if (!(refreshShare > 0 && refreshShare < 1)) {
      throw new IllegalArgumentException("refreshShare must be in (0, 1), was " + refreshShare);
    }
    if (failureRetry.toMillis() < 1) {
      throw new IllegalArgumentException("failureRetry must be at least 1 ms, was " + failureRetry);
    }
    if (maxBackoff.compareTo(failureRetry) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than failureRetry ("
          + failureRetry + ")");
    }
    if (transactionTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("transactionTimeout must be at least 1 ms, was " + transactionTimeout);
    }
    if (spreadWindow.isNegative()) {
      throw new IllegalArgumentException("spreadWindow must not be negative, was " + spreadWindow);
    }
    if (maxRegistersPerSecond < 1) {
      throw new IllegalArgumentException("maxRegistersPerSecond must be at least 1, was " + maxRegistersPerSecond);
    }
  }

  /** A worker with the defaults: SIP on 127.0.0.1, a free UDP port, refresh at 90%, back-off 30 s to 10 min. */
  public RegistrantConfig(String workerId, String groupId) {
    this(workerId, groupId, "127.0.0.1", 0, "UDP", 0.9, Duration.ofSeconds(30), Duration.ofMinutes(10),
        Duration.ofSeconds(32), Duration.ofSeconds(30), 500);
  }

  public static RegistrantConfig defaults(String workerId, String groupId) {
    return new RegistrantConfig(workerId, groupId);
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public RegistrantConfig withSip(String host, int port, String transport) {
    return toBuilder().sip(host, port, transport).build();
  }

  public RegistrantConfig withRefreshShare(double share) {
    return toBuilder().refreshShare(share).build();
  }

  public RegistrantConfig withRetry(Duration failureRetry, Duration maxBackoff) {
    return toBuilder().retry(failureRetry, maxBackoff).build();
  }

  public RegistrantConfig withTransactionTimeout(Duration timeout) {
    return toBuilder().transactionTimeout(timeout).build();
  }

  public RegistrantConfig withSpread(Duration window, int perSecond) {
    return toBuilder().spread(window, perSecond).build();
  }

  /** Settings to change before they are validated together by {@link #build()}. */
  public static final class Builder {
    private String workerId;
    private String groupId;
    private String sipHost;
    private int sipPort;
    private String transport;
    private double refreshShare;
    private Duration failureRetry;
    private Duration maxBackoff;
    private Duration transactionTimeout;
    private Duration spreadWindow;
    private int maxRegistersPerSecond;

    private Builder(RegistrantConfig from) {
      workerId = from.workerId;
      groupId = from.groupId;
      sipHost = from.sipHost;
      sipPort = from.sipPort;
      transport = from.transport;
      refreshShare = from.refreshShare;
      failureRetry = from.failureRetry;
      maxBackoff = from.maxBackoff;
      transactionTimeout = from.transactionTimeout;
      spreadWindow = from.spreadWindow;
      maxRegistersPerSecond = from.maxRegistersPerSecond;
    }

    public Builder ids(String workerId, String groupId) {
      this.workerId = workerId;
      this.groupId = groupId;
      return this;
    }

    public Builder sip(String host, int port, String transport) {
      this.sipHost = host;
      this.sipPort = port;
      this.transport = transport;
      return this;
    }

    public Builder refreshShare(double share) {
      this.refreshShare = share;
      return this;
    }

    public Builder retry(Duration first, Duration max) {
      this.failureRetry = first;
      this.maxBackoff = max;
      return this;
    }

    public Builder transactionTimeout(Duration timeout) {
      this.transactionTimeout = timeout;
      return this;
    }

    public Builder spread(Duration window, int perSecond) {
      this.spreadWindow = window;
      this.maxRegistersPerSecond = perSecond;
      return this;
    }

    public RegistrantConfig build() {
      return new RegistrantConfig(workerId, groupId, sipHost, sipPort, transport, refreshShare, failureRetry,
          maxBackoff, transactionTimeout, spreadWindow, maxRegistersPerSecond);
    }
  }
}
