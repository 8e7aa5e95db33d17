package dev.herald.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.common.FreePorts;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.common.sip.DialoglessListener;
import dev.herald.common.sip.FlowRouter;
import dev.herald.edge.flow.FlowNotifier;
import dev.herald.notifier.NotifyRequests;
import dev.herald.notifier.NotifySender;
import dev.herald.notifier.OutcomeLog;
import dev.herald.common.sip.SipHeaders;
import dev.herald.common.sip.ReusePortNetworkLayer;
import dev.herald.common.sip.SipStackOptions;
import dev.herald.common.sip.SipStacks;
import dev.herald.edge.auth.AuthDecision;
import dev.herald.edge.auth.EdgeAuthenticator;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.message.SIPMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP front end. Stateless: no JAIN-SIP server transactions or dialogs (they linger 32 s
 * each); a retransmission is recognised by its request id, absorbed while the decision is
 * pending and answered again from a short cache once it was answered.
 *
 * <p>It also sends the NOTIFYs that must leave from it ({@link FlowNotifier}): the first NOTIFY of
 * a SUBSCRIBE after its 200, and those of the flows it holds, in client transactions of their own.
 */
public final class SipEdge implements DialoglessListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SipEdge.class);
  static final String ALLOW = "OPTIONS, SUBSCRIBE, PUBLISH, REGISTER";

  private final EdgeConfig config;
  private final Map<String, Object> kafka;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final RequestMapper mapper;
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final Cache<String, Response> answered;
  private final ScheduledThreadPoolExecutor deadlines;
  private final Timer decisionLatency;
  private final AdmissionControl admission;
  private final EdgeAuthenticator authenticator;
  private final RateLimitedLog unavailableLog = new RateLimitedLog(log, java.time.Duration.ofSeconds(10));

  private SipStack stack;
  private SipProvider provider;
  private MessageFactory messages;
  private HeaderFactory headers;
  private RequestLog requestLog;
  private ReplyListener replies;
  private OutcomeLog outcomes;
  private NotifySender notifySender;
  private FlowNotifier flows;
  private int boundPort;

  private record Pending(Request request, long startedNanos, ScheduledFuture<?> deadline) {}

  public SipEdge(EdgeConfig config, Map<String, Object> kafka, Clock clock, MeterRegistry metrics) {
    this(config, kafka, clock, metrics, EdgeAuthenticator.off());
  }

  /** An edge that authenticates REGISTER, SUBSCRIBE and PUBLISH of the domains {@code authenticator} protects. */
  public SipEdge(EdgeConfig config, Map<String, Object> kafka, Clock clock, MeterRegistry metrics,
      EdgeAuthenticator authenticator) {
    this.config = config;
    this.authenticator = authenticator;
    this.kafka = Map.copyOf(kafka);
    this.clock = clock;
    this.metrics = metrics;
    this.mapper = new RequestMapper(config);
    this.answered = Caffeine.newBuilder().expireAfterWrite(config.answeredCacheTtl())
        .maximumSize(Math.max(10_000, config.admission().maxPending() * 4L)).build();
    this.admission = new AdmissionControl(config.admission(), System.nanoTime());
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = Executors.defaultThreadFactory().newThread(r);
      t.setName("edge-deadlines");
      t.setDaemon(true);
      return t;
    });
    this.deadlines.setRemoveOnCancelPolicy(true);
    this.decisionLatency = Timer.builder("herald_edge_decision_latency")
        .description("request received to decision answered").publishPercentiles(0.5, 0.99).register(metrics);
    metrics.gauge("herald_edge_pending_requests", pending, Map::size);
  }

  /** Starts Kafka clients first, then the SIP listening points, so no request arrives before the path works. */
  public SipEdge start() throws SipException, InvalidArgumentException, TooManyListenersException {
    requestLog = new RequestLog(kafka, 500, config.decisionTimeout().toMillis());
    replies = new ReplyListener(kafka, config.replyPartition(), this::onDecision);
    replies.start();

    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    SipStackOptions defaults = SipStackOptions.defaults("herald-" + config.edgeId());
    // Room for the largest body the edge accepts plus headers, so a larger one gets 413 from the
    // edge instead of being dropped by the stack.
    int maxMessageSize = Math.min(65535, Math.max(defaults.maxMessageSize(), config.maxBodyBytes() + 8192));
    Map<String, String> properties = new HashMap<>(Map.of(StrictMessageParser.PROPERTY,
        StrictMessageParser.class.getName()));
    // NOTIFYs leave from this stack too, each pinned to its subscriber's flow.
    properties.putAll(FlowRouter.PROPERTIES);
    if (config.reusePort()) {
      properties.put(ReusePortNetworkLayer.PROPERTY, ReusePortNetworkLayer.class.getName());
    }
    stack = SipStacks.create(new SipStackOptions(defaults.name(), maxMessageSize, defaults.threadPoolSize(),
        properties));
    messages = factory.createMessageFactory();
    headers = factory.createHeaderFactory();
    int port = config.sipPort() != 0 ? config.sipPort() : FreePorts.findFreeSipPort(config.sipHost());
    ListeningPoint udp = stack.createListeningPoint(config.sipHost(), port, ListeningPoint.UDP);
    boundPort = udp.getPort();
    ListeningPoint tcp = stack.createListeningPoint(config.sipHost(), boundPort, ListeningPoint.TCP);
    provider = stack.createSipProvider(udp);
    provider.addListeningPoint(tcp);
    provider.addSipListener(this);
    outcomes = new OutcomeLog(kafka, "herald-edge-outcomes-" + config.replyPartition(), clock, metrics,
        "herald_edge_notify_outcomes_total");
    notifySender = new NotifySender(provider, new NotifyRequests(factory.createAddressFactory(), headers, messages),
        outcomes::report);
    flows = new FlowNotifier(kafka, config.replyPartition(), provider, notifySender, metrics);
    stack.start();
    flows.start();
    log.info("edge {} listening for SIP on {}:{} (udp, tcp), replies on partition {}",
        config.edgeId(), config.sipHost(), boundPort, config.replyPartition());
    return this;
  }

  public int sipPort() {
    return boundPort;
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("sip-edge", () -> {
      if (provider == null) {
        return Health.down("SIP stack not started");
      }
      Health auth = authenticator.health();
      if (!auth.healthy()) {
        return auth;
      }
      Health answers = replies.health();
      return answers.healthy() ? flows.health() : answers;
    });
  }

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    try {
      handle(request, event);
    } catch (RuntimeException e) {
      log.warn("cannot handle {} request: {}", request.getMethod(), e.toString());
      sendQuietly(request, 500, "Server Internal Error", List.of());
    }
  }

  private void handle(Request request, RequestEvent event) {
    String method = request.getMethod();
    if (method.equals(Request.ACK)) {
      return;
    }
    if (!method.equals(Request.CANCEL) && request.getHeader(RequireHeader.NAME) != null) {
      // RFC 3261 §8.2.2.3: Herald supports no extension a client may require.
      List<String> tags = new java.util.ArrayList<>();
      request.getHeaders(RequireHeader.NAME).forEachRemaining(h -> tags.add(((RequireHeader) h).getOptionTag()));
      sendQuietly(request, 420, "Bad Extension", List.of(new Header("Unsupported", String.join(", ", tags))));
      return;
    }
    if (method.equals(Request.OPTIONS)) {
      if (!RequestMapper.isSupportedScheme(request.getRequestURI())) {
        // RFC 3261 §8.2.2.1 (RFC 4475 §3.3.2, §3.3.3): no 200 for a URI the edge does not serve.
        sendQuietly(request, 416, "Unsupported URI Scheme", List.of());
        return;
      }
      answerOptions(request);
      return;
    }
    if (method.equals(Request.CANCEL)) {
      // RFC 3261 §9.2: there is no INVITE here to cancel.
      sendQuietly(request, 481, "Call/Transaction Does Not Exist", List.of());
      return;
    }
    String requestId = RequestIds.of(request);
    Response earlier = answered.getIfPresent(requestId);
    if (earlier != null) {
      send(earlier);
      return;
    }
    if (pending.containsKey(requestId)) {
      return;
    }
    Intake intake = mapper.map(request, sourceOf(request, event), clock.millis());
    if (intake instanceof Intake.Reject reject) {
      respond(requestId, request, reject.status(), reject.reason(), reject.headers(), null);
    } else if (intake instanceof Intake.Forward forward) {
      authenticateThenForward(requestId, request, forward.event());
    }
  }

  private void authenticateThenForward(String requestId, Request request, dev.herald.avro.RequestEvent event) {
    AuthDecision auth = authenticator.decide(request, clock.millis());
    if (auth instanceof AuthDecision.Challenge challenge) {
      respond(requestId, request, 401, "Unauthorized", challenge.headers(), null);
    } else if (auth instanceof AuthDecision.Refuse refuse) {
      respond(requestId, request, refuse.status(), refuse.reason(), List.of(), null);
    } else if (auth instanceof AuthDecision.Unavailable unavailable) {
      unavailableLog.warn("answering 503 with Retry-After: {}", unavailable.why());
      sendQuietly(request, 503, "Service Unavailable", retryAfter());
    } else {
      if (auth instanceof AuthDecision.Authenticated authenticated) {
        authenticated.assertOn(event);
      }
      forward(requestId, request, event);
    }
  }

  private void forward(String requestId, Request request, dev.herald.avro.RequestEvent event) {
    if (!admission.admit(pending.size(), System.nanoTime())) {
      metrics.counter("herald_edge_shed_total").increment();
      sendQuietly(request, 503, "Service Unavailable", retryAfter());
      return;
    }
    ScheduledFuture<?> deadline = deadlines.schedule(
        () -> answerUnavailable(requestId, "no decision in time"),
        config.decisionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (pending.putIfAbsent(requestId, new Pending(request, System.nanoTime(), deadline)) != null) {
      deadline.cancel(false);
      return;
    }
    requestLog.append(event, error -> answerUnavailable(requestId, "request log unavailable: " + error.getMessage()));
  }

  private void onDecision(Decision decision) {
    Pending waiting = pending.remove(decision.getRequestId());
    if (waiting == null) {
      if (answered.getIfPresent(decision.getRequestId()) == null) {
        // Decided after this edge gave up on it (503) or restarted: the subscriber does not know the
        // dialog, answers its NOTIFY 481 and so ends the subscription (RFC 6665 §4.1.3).
        flows.afterAnswer(decision);
      }
      return;
    }
    waiting.deadline().cancel(false);
    long now = System.nanoTime();
    admission.decided(now);
    decisionLatency.record(now - waiting.startedNanos(), TimeUnit.NANOSECONDS);
    String reason = decision.getReason() == null ? "" : decision.getReason();
    respond(decision.getRequestId(), waiting.request(), decision.getStatusCode(), reason,
        decision.getHeaders(), decision.getToTag());
    flows.afterAnswer(decision);
  }

  private void answerUnavailable(String requestId, String why) {
    Pending waiting = pending.remove(requestId);
    if (waiting == null) {
      return;
    }
    waiting.deadline().cancel(false);
    unavailableLog.warn("answering 503 with Retry-After: {}", why);
    metrics.counter("herald_edge_unavailable_total").increment();
    // Not cached: a retransmission may find the path working again.
    sendQuietly(waiting.request(), 503, "Service Unavailable", retryAfter());
  }

  private void respond(String requestId, Request request, int status, String reason, List<Header> extra, String toTag) {
    try {
      Response response = build(request, status, reason, extra,
          toTag != null ? toTag : RequestIds.tagFor(requestId));
      answered.put(requestId, response);
      send(response);
    } catch (ParseException | RuntimeException e) {
      log.warn("cannot build {} for {}: {}", status, requestId, e.toString());
      sendQuietly(request, 500, "Server Internal Error", List.of());
    }
  }

  private void answerOptions(Request request) {
    sendQuietly(request, 200, "OK", List.of(
        new Header("Allow", ALLOW),
        new Header("Allow-Events", mapper.allowEvents()),
        new Header("Accept", String.join(", ", config.packages().stream()
            .flatMap(p -> p.contentTypes().stream()).distinct().toList())),
        new Header("Supported", "")));
  }

  private List<Header> retryAfter() {
    return List.of(new Header("Retry-After", Integer.toString(config.retryAfterSeconds())));
  }

  private void sendQuietly(Request request, int status, String reason, List<Header> extra) {
    try {
      send(build(request, status, reason, extra, RequestIds.tagFor(RequestIds.of(request))));
    } catch (ParseException | RuntimeException e) {
      log.warn("cannot answer {} {}: {}", request.getMethod(), status, e.toString());
    }
  }

  private Response build(Request request, int status, String reason, List<Header> extra, String toTag)
      throws ParseException {
    Response response = messages.createResponse(status, request);
    if (!reason.isEmpty()) {
      response.setReasonPhrase(reason);
    }
    ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
    if (to != null && to.getTag() == null && status > 100) {
      // RFC 3261 §8.2.6.2
      to.setTag(toTag);
    }
    for (Header header : extra) {
      if (header.getValue().isEmpty()) {
        response.addHeader(headers.createHeader(header.getName(), ""));
        continue;
      }
      for (javax.sip.header.Header parsed : SipHeaders.parse(headers, header.getName(), header.getValue())) {
        response.addHeader(parsed);
      }
    }
    return response;
  }

  private void send(Response response) {
    try {
      provider.sendResponse(response);
    } catch (SipException e) {
      log.debug("cannot send {}: {}", response.getStatusCode(), e.toString());
    }
  }

  private RequestMapper.Source sourceOf(Request request, RequestEvent event) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    String transport = via == null ? "udp" : via.getTransport().toLowerCase(java.util.Locale.ROOT);
    if (request instanceof SIPMessage message && message.getPeerPacketSourceAddress() != null) {
      // Where the packet came from (RFC 3581 §4), the flow a NOTIFY can come back on. For a UDP
      // request JAIN-SIP's remote port (RequestEventExt) is the Via sent-by port, which a NAT or a
      // relay does not rewrite.
      return new RequestMapper.Source(transport, message.getPeerPacketSourceAddress().getHostAddress(),
          message.getPeerPacketSourcePort(), config.sipHost(), boundPort);
    }
    if (event instanceof RequestEventExt ext) {
      return new RequestMapper.Source(transport, ext.getRemoteIpAddress(), ext.getRemotePort(), config.sipHost(),
          boundPort);
    }
    return new RequestMapper.Source(transport, via == null ? "" : via.getHost(), via == null ? 5060 : via.getPort(),
        config.sipHost(), boundPort);
  }

  /** The edge sends NOTIFYs only: their answers and timeouts are the sender's. */
  @Override
  public void processResponse(ResponseEvent event) {
    notifySender.processResponse(event);
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    notifySender.processTimeout(event);
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    log.debug("SIP I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
  }

  /** Answers what is still pending with 503 (clients retry elsewhere), then stops. */
  @Override
  public void close() {
    deadlines.shutdownNow();
    if (flows != null) {
      try {
        flows.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (provider != null) {
      pending.keySet().forEach(id -> answerUnavailable(id, "edge stopping"));
    }
    if (stack != null) {
      SipStacks.shutdown(stack);
    }
    if (replies != null) {
      try {
        replies.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (requestLog != null) {
      requestLog.close();
    }
    if (outcomes != null) {
      outcomes.close();
    }
  }
}
