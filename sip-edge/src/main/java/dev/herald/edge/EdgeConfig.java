package dev.herald.edge;

import dev.herald.common.sip.SipConnectionLimits;
import dev.herald.common.sip.SipTls;
import dev.herald.edge.ws.WebSocketSettings;
import dev.herald.packages.rls.ListLimits;
import dev.herald.packages.spi.EventDescriptor;
import dev.herald.packages.spi.EventPackages;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.PackageSettings;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Settings of one SIP edge.
 *
 * @param edgeId names the edge in request events and logs
 * @param sipHost address the UDP and TCP listening points bind to
 * @param sipPort SIP port; 0 picks a free one
 * @param replyPartition the partition of herald.replies this edge reads; unique per edge
 * @param decisionTimeout how long a request waits for the processor before 503
 * @param retryAfterSeconds Retry-After of a 503
 * @param admission how many requests may wait for decisions at once; beyond it the edge sheds with 503
 * @param maxUnparsed how many UDP datagrams may wait for the SIP stack's parser; beyond it new requests get 503
 *     at the socket ({@link EarlyShedding})
 * @param udpReceiveBufferBytes the receive buffer of the SIP UDP socket (SO_RCVBUF; the kernel caps it at
 *     {@code net.core.rmem_max}): datagrams beyond it while the edge is busy are dropped by the kernel
 * @param answeredCacheTtl how long an answer is kept for retransmissions (RFC 3261 Timer J, 64*T1)
 * @param maxBodyBytes larger bodies get 413
 * @param maxListMembers resources a SUBSCRIBE's own list (RFC 5367) may name; more get 413
 * @param packages the events this edge accepts, as their packages describe them
 * @param reusePort whether the SIP port is shared with other edges on the same host ({@code SO_REUSEPORT})
 * @param tls SIP over TLS on {@code tlsPort} of {@code sipHost}, or none
 * @param tlsPort the TLS port; 0 picks a free one; unused without {@code tls}
 * @param webSocket SIP over WebSocket (RFC 7118) on {@code sipHost}, or none; wss serves {@code tls}'s certificate
 * @param sipConnections limits on the connections of the SIP TCP and TLS listeners: per source, in all, idle
 */
public record EdgeConfig(
    String edgeId,
    String sipHost,
    int sipPort,
    int replyPartition,
    Duration decisionTimeout,
    int retryAfterSeconds,
    AdmissionLimits admission,
    int maxUnparsed,
    int udpReceiveBufferBytes,
    Duration answeredCacheTtl,
    int maxBodyBytes,
    int maxListMembers,
    List<EventDescriptor> packages,
    boolean reusePort,
    Optional<SipTls> tls,
    int tlsPort,
    Optional<WebSocketSettings> webSocket,
    SipConnectionLimits sipConnections) {

  public EdgeConfig {
    Objects.requireNonNull(edgeId, "edgeId");
    Objects.requireNonNull(sipHost, "sipHost");
    if (sipPort < 0 || sipPort > 65535) {
      throw new IllegalArgumentException("sipPort must be 0..65535, was " + sipPort);
    }
    if (replyPartition < 0 || replyPartition >= Topics.REPLY_PARTITIONS) {
      throw new IllegalArgumentException(
          "replyPartition must be 0.." + (Topics.REPLY_PARTITIONS - 1) + ", was " + replyPartition);
    }
    if (decisionTimeout.isNegative() || decisionTimeout.isZero()) {
      throw new IllegalArgumentException("decisionTimeout must be positive");
    }
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retryAfterSeconds must be at least 1");
    }
    Objects.requireNonNull(admission, "admission");
    if (maxUnparsed < 1) {
      throw new IllegalArgumentException("maxUnparsed must be at least 1, was " + maxUnparsed);
    }
    if (udpReceiveBufferBytes < MIN_UDP_RECEIVE_BUFFER_BYTES) {
      throw new IllegalArgumentException("udpReceiveBufferBytes must be at least " + MIN_UDP_RECEIVE_BUFFER_BYTES
          + " (one largest datagram), was " + udpReceiveBufferBytes);
    }
    if (answeredCacheTtl.isNegative()) {
      throw new IllegalArgumentException("answeredCacheTtl must not be negative");
    }
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative");
    }
    if (maxListMembers < 1) {
      throw new IllegalArgumentException("maxListMembers must be at least 1");
    }
    packages = List.copyOf(packages);
    if (packages.isEmpty()) {
      throw new IllegalArgumentException("at least one event package is needed");
    }
    Objects.requireNonNull(tls, "tls");
    if (tlsPort < 0 || tlsPort > 65535) {
      throw new IllegalArgumentException("tlsPort must be 0..65535, was " + tlsPort);
    }
    if (tls.isPresent() && tlsPort != 0 && tlsPort == sipPort) {
      throw new IllegalArgumentException("the TLS port and the SIP port must differ, both were " + sipPort);
    }
    Objects.requireNonNull(webSocket, "webSocket");
    if (webSocket.isPresent() && webSocket.get().wssPort().isPresent() && tls.isEmpty()) {
      throw new IllegalArgumentException("secure WebSocket (wss) needs the TLS certificate and key");
    }
    Objects.requireNonNull(sipConnections, "sipConnections");
    Set<String> names = packages.stream().map(EventDescriptor::name).collect(Collectors.toSet());
    if (names.size() != packages.size()) {
      throw new IllegalArgumentException("event packages must be unique: " + packages);
    }
  }

  /**
   * An edge on {@code sipHost}:{@code sipPort} with Herald's defaults: id edge-0, reply partition 0,
   * 3 s for a decision, Retry-After 5, the default admission limits, answers kept 32 s (Timer J),
   * bodies up to 16 KiB, lists in a SUBSCRIBE of up to {@link ListLimits#DEFAULT_MAX_MEMBERS}, every installed event package on the default bounds, its own SIP port.
   */
  public static Builder builder(String sipHost, int sipPort) {
    return new Builder(sipHost, sipPort);
  }

  public static EdgeConfig defaults(String sipHost, int sipPort) {
    return builder(sipHost, sipPort).build();
  }

  public Builder toBuilder() {
    return new Builder(sipHost, sipPort).edgeId(edgeId).replyPartition(replyPartition).decisionTimeout(decisionTimeout)
        .retryAfterSeconds(retryAfterSeconds).admission(admission).maxUnparsed(maxUnparsed)
        .udpReceiveBufferBytes(udpReceiveBufferBytes).answeredCacheTtl(answeredCacheTtl)
        .maxBodyBytes(maxBodyBytes).maxListMembers(maxListMembers).packages(packages).reusePort(reusePort).tls(tls, tlsPort)
        .webSocket(webSocket).sipConnections(sipConnections);
  }

  /** These settings for another edge: its id, reply partition, decision timeout and Retry-After. */
  public EdgeConfig withEdge(String id, int partition, Duration timeout, int retryAfter) {
    return toBuilder().edgeId(id).replyPartition(partition).decisionTimeout(timeout).retryAfterSeconds(retryAfter)
        .build();
  }

  /** These settings with the SIP port shared, or not, with other edges on this host. */
  public EdgeConfig withReusePort(boolean reuse) {
    return toBuilder().reusePort(reuse).build();
  }

  public Map<String, EventDescriptor> packagesByName() {
    return packages.stream().collect(Collectors.toMap(EventDescriptor::name, Function.identity()));
  }

  /** How long a request waits for its decision unless told otherwise. */
  public static final Duration DEFAULT_DECISION_TIMEOUT = Duration.ofSeconds(3);
  public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
  /** A few tens of milliseconds of parsing on a busy box; a datagram waiting longer is answered late. */
  public static final int DEFAULT_MAX_UNPARSED = 256;
  /**
   * Half a second of datagrams at 8,000/s, each counted by the kernel at a few KiB: JAIN-SIP's own
   * 64 KiB hold a few milliseconds, so a collection pause drops requests that clients then retransmit.
   */
  public static final int DEFAULT_UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
  public static final int MIN_UDP_RECEIVE_BUFFER_BYTES = 65_536;

  /** Builds an {@link EdgeConfig} by name. */
  public static final class Builder {
    private final String sipHost;
    private final int sipPort;
    private String edgeId = "edge-0";
    private int replyPartition;
    private Duration decisionTimeout = DEFAULT_DECISION_TIMEOUT;
    private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
    private AdmissionLimits admission = AdmissionLimits.defaults();
    private int maxUnparsed = DEFAULT_MAX_UNPARSED;
    private int udpReceiveBufferBytes = DEFAULT_UDP_RECEIVE_BUFFER_BYTES;
    private Duration answeredCacheTtl = Duration.ofSeconds(32);
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxListMembers = ListLimits.DEFAULT_MAX_MEMBERS;
    private List<EventDescriptor> packages;
    private boolean reusePort;
    private Optional<SipTls> tls = Optional.empty();
    private int tlsPort;
    private Optional<WebSocketSettings> webSocket = Optional.empty();
    private SipConnectionLimits sipConnections = SipConnectionLimits.defaults();

    private Builder(String sipHost, int sipPort) {
      this.sipHost = sipHost;
      this.sipPort = sipPort;
    }

    public Builder edgeId(String value) {
      this.edgeId = value;
      return this;
    }

    public Builder replyPartition(int value) {
      this.replyPartition = value;
      return this;
    }

    public Builder decisionTimeout(Duration value) {
      this.decisionTimeout = value;
      return this;
    }

    public Builder retryAfterSeconds(int value) {
      this.retryAfterSeconds = value;
      return this;
    }

    public Builder admission(AdmissionLimits value) {
      this.admission = value;
      return this;
    }

    /** How many UDP datagrams may wait for the stack's parser before new requests get 503 at the socket. */
    public Builder maxUnparsed(int value) {
      this.maxUnparsed = value;
      return this;
    }

    /** The SIP UDP socket's receive buffer, in bytes (SO_RCVBUF). */
    public Builder udpReceiveBufferBytes(int value) {
      this.udpReceiveBufferBytes = value;
      return this;
    }

    public Builder answeredCacheTtl(Duration value) {
      this.answeredCacheTtl = value;
      return this;
    }

    public Builder maxBodyBytes(int value) {
      this.maxBodyBytes = value;
      return this;
    }

    /** How many resources the list in a SUBSCRIBE may name (the processor's list member limit). */
    public Builder maxListMembers(int value) {
      this.maxListMembers = value;
      return this;
    }

    /** The events the edge takes; by default every installed package's, on the default bounds. */
    public Builder packages(List<EventDescriptor> value) {
      this.packages = value;
      return this;
    }

    public Builder reusePort(boolean value) {
      this.reusePort = value;
      return this;
    }

    /** SIP over TLS on {@code port} (0: a free one), or none. */
    public Builder tls(Optional<SipTls> value, int port) {
      this.tls = value;
      this.tlsPort = port;
      return this;
    }

    /** SIP over WebSocket, or none. */
    public Builder webSocket(Optional<WebSocketSettings> value) {
      this.webSocket = value;
      return this;
    }

    /** Limits on the connections of the SIP TCP and TLS listeners; {@link SipConnectionLimits#defaults()} unless given. */
    public Builder sipConnections(SipConnectionLimits value) {
      this.sipConnections = value;
      return this;
    }

    public EdgeConfig build() {
      List<EventDescriptor> events = packages != null ? packages
          : EventPackages.descriptors(PackageSettings.of(Expiries.defaults()));
      return new EdgeConfig(edgeId, sipHost, sipPort, replyPartition, decisionTimeout, retryAfterSeconds, admission,
          maxUnparsed, udpReceiveBufferBytes, answeredCacheTtl, maxBodyBytes, maxListMembers, events, reusePort, tls, tlsPort,
          webSocket, sipConnections);
    }
  }
}
