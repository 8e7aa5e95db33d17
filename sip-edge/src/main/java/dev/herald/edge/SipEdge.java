package dev.herald.edge;

import dev.herald.avro.Decision;
import dev.herald.common.FreePorts;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.common.LogContext;
import dev.herald.common.sip.DatagramGates;
import dev.herald.common.sip.DialoglessListener;
import dev.herald.common.sip.FlowRouter;
import dev.herald.common.sip.ReusePortNetworkLayer;
import dev.herald.common.sip.SipStackOptions;
import dev.herald.common.sip.SipStacks;
import dev.herald.edge.RequestIntake.Step;
import dev.herald.edge.auth.EdgeAuthenticator;
import dev.herald.edge.flow.FlowNotifier;
import dev.herald.edge.flow.WebSocketNotifies;
import dev.herald.edge.ws.WebSocketServer;
import dev.herald.edge.ws.WebSocketSettings;
import dev.herald.edge.ws.WsConnection;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.security.GeneralSecurityException;
import dev.herald.notifier.NotifyRequests;
import dev.herald.notifier.NotifySender;
import dev.herald.notifier.OutcomeLog;
import dev.herald.packages.spi.EventDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.TooManyListenersException;
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
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP front end. Stateless: no JAIN-SIP server transactions or dialogs (they linger 32 s
 * each); a retransmission is recognised by its request id, absorbed while the decision is
 * pending and answered again from a short cache once it was answered.
 *
 * <p>It sets up the stack and wires the parts: {@link RequestIntake} decides what becomes of each
 * request, {@link PendingRequests} holds those waiting for the processor, {@link AnsweredRequests}
 * the answers kept for retransmissions, and {@link Responder} sends every response.
 *
 * <p>It also sends the NOTIFYs that must leave from it ({@link FlowNotifier}): the first NOTIFY of
 * a SUBSCRIBE after its 200, and those of the flows it holds, in client transactions of their own.
 */
public final class SipEdge implements DialoglessListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SipEdge.class);
  private static final String CONGESTION_CONTROL_TIMEOUT = "gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT";
  private static final String RECEIVE_UDP_BUFFER_SIZE = "gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE";

  private final EdgeConfig config;
  private final Map<String, Object> kafka;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final AnsweredRequests answered;
  private final PendingRequests pending;
  private final RequestIntake intake;
  private final EdgeAuthenticator authenticator;
  private final SipCounters counters;

  private SipStack stack;
  private SipProvider provider;
  private Responder responder;
  private RequestLog requestLog;
  private ReplyListener replies;
  private OutcomeLog outcomes;
  private NotifySender notifySender;
  private FlowNotifier flows;
  private int boundPort;
  private int tlsPort = -1;
  private WebSocketServer webSockets;
  private WebSocketIntake webSocketIntake;
  /** The stack name its UDP socket's gate is registered under, once registered. */
  private String gateName;

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
    this.answered = new AnsweredRequests(config.answeredCacheTtl(),
        Math.max(10_000, config.admission().maxPending() * 4L));
    this.pending = new PendingRequests(config.decisionTimeout(), config.admission(), answered, metrics,
        System::nanoTime, (request, why) -> responder.answerUnavailable(request, why));
    this.intake = new RequestIntake(config, pending, authenticator, clock);
    this.counters = new SipCounters(metrics, config.packages().stream().map(EventDescriptor::name).toList());
  }

  /** Starts Kafka clients first, then the SIP listening points, so no request arrives before the path works. */
  public SipEdge start() throws SipException, InvalidArgumentException, TooManyListenersException {
    requestLog = new RequestLog(kafka, 500, config.decisionTimeout().toMillis(), metrics);
    replies = new ReplyListener(kafka, config.replyPartition(), this::onDecision, metrics);
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
    // Per-source and idle limits on the TCP and TLS connections; each network layer below applies them.
    properties.putAll(config.sipConnections().stackProperties());
    if (config.reusePort()) {
      properties.put(ReusePortNetworkLayer.PROPERTY, ReusePortNetworkLayer.class.getName());
    }
    config.tls().ifPresent(tls -> properties.putAll(tls.stackProperties(config.reusePort())));
    // Past saturation new requests are refused at the UDP socket, before the stack parses them. The
    // stack's own congestion control would drop datagrams unparsed from its queue after 8 s; the gate
    // keeps that queue short and counts every datagram in it, so that control is off.
    properties.put(CONGESTION_CONTROL_TIMEOUT, "0");
    properties.put(RECEIVE_UDP_BUFFER_SIZE, Integer.toString(config.udpReceiveBufferBytes()));
    gateName = defaults.name();
    DatagramGates.register(gateName, new EarlyShedding(pending, counters, config.retryAfterSeconds(),
        config.maxUnparsed()));
    stack = SipStacks.create(new SipStackOptions(defaults.name(), maxMessageSize, defaults.threadPoolSize(),
        properties));
    MessageFactory messages = factory.createMessageFactory();
    HeaderFactory headers = factory.createHeaderFactory();
    int port = config.sipPort() != 0 ? config.sipPort() : FreePorts.findFreeSipPort(config.sipHost());
    ListeningPoint udp = stack.createListeningPoint(config.sipHost(), port, ListeningPoint.UDP);
    boundPort = udp.getPort();
    ListeningPoint tcp = stack.createListeningPoint(config.sipHost(), boundPort, ListeningPoint.TCP);
    provider = stack.createSipProvider(udp);
    provider.addListeningPoint(tcp);
    if (config.tls().isPresent()) {
      // RFC 3261 §26.2.1: SIP over TLS, sips: URIs, on a port of its own (5061 by default).
      int wanted = config.tlsPort() != 0 ? config.tlsPort() : FreePorts.findFreePorts(config.sipHost(), 1)[0];
      ListeningPoint tls = stack.createListeningPoint(config.sipHost(), wanted, ListeningPoint.TLS);
      tlsPort = tls.getPort();
      provider.addListeningPoint(tls);
    }
    responder = new Responder(messages, headers, this::sendResponse, answered, config.retryAfterSeconds(),
        counters);
    responder.tlsPort(tlsPort);
    provider.addSipListener(this);
    outcomes = new OutcomeLog(kafka, "herald-edge-outcomes-" + config.replyPartition(), clock, metrics,
        "herald_edge_notify_outcomes_total");
    NotifyRequests notifyRequests = new NotifyRequests(factory.createAddressFactory(), headers, messages);
    notifySender = new NotifySender(provider, notifyRequests, outcomes::report);
    flows = new FlowNotifier(kafka, config.replyPartition(), provider, notifySender, metrics);
    stack.start();
    if (config.webSocket().isPresent()) {
      startWebSockets(config.webSocket().get(), notifyRequests, maxMessageSize);
    }
    flows.start();
    log.info("edge {} listening for SIP on {}:{} (udp, tcp){}{}, replies on partition {}",
        config.edgeId(), config.sipHost(), boundPort, tlsPort > 0 ? ", " + tlsPort + " (tls)" : "",
        webSocketPorts(), config.replyPartition());
    return this;
  }

  /** RFC 7118: SIP over WebSocket, its NOTIFYs on the subscriber's connection. */
  private void startWebSockets(WebSocketSettings settings, NotifyRequests notifyRequests, int maxMessageSize)
      throws SipException {
    webSocketIntake = new WebSocketIntake(config.sipHost(), this::takeFromWebSocket, this::sendResponse);
    try {
      Optional<SslContext> tls = settings.wssPort().isPresent()
          ? Optional.of(WebSocketServer.tlsContext(config.tls().orElseThrow().serverContext(),
              config.tls().get().verifyClient()))
          : Optional.empty();
      webSockets = new WebSocketServer(settings, config.sipHost(), tls, maxMessageSize, config.reusePort(),
          webSocketIntake, metrics)
          .start();
    } catch (GeneralSecurityException | IOException e) {
      throw new SipException("cannot serve secure WebSocket: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SipException("interrupted while binding the WebSocket ports", e);
    }
    WebSocketNotifies notifies = new WebSocketNotifies(webSockets, notifyRequests, notifySender, config.sipHost());
    webSocketIntake.attach(notifies);
    flows.webSockets(notifies);
  }

  private String webSocketPorts() {
    if (webSockets == null) {
      return "";
    }
    return (webSockets.wsPort() > 0 ? ", " + webSockets.wsPort() + " (ws)" : "")
        + (webSockets.wssPort() > 0 ? ", " + webSockets.wssPort() + " (wss)" : "");
  }

  /** Responses leave statelessly from the SIP stack, or on the WebSocket connection their request came on. */
  private void sendResponse(javax.sip.message.Response response) throws SipException {
    WsConnection connection = WebSocketIntake.connectionOf(response);
    if (connection != null) {
      webSocketIntake.send(connection, response);
    } else {
      provider.sendResponse(response);
    }
  }

  public int sipPort() {
    return boundPort;
  }

  /** The ws port, or -1 when the edge serves none. */
  public int wsPort() {
    return webSockets == null ? -1 : webSockets.wsPort();
  }

  /** The wss port, or -1 when the edge serves none. */
  public int wssPort() {
    return webSockets == null ? -1 : webSockets.wssPort();
  }

  /** The TLS port, or -1 when the edge serves no TLS. */
  public int tlsPort() {
    return tlsPort;
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
    handle(request, () -> RequestIntake.sourceOf(request, event, config.sipHost(), boundPort));
  }

  private void takeFromWebSocket(Request request, RequestMapper.Source source) {
    if (!Request.ACK.equals(request.getMethod())) {
      handle(request, () -> source);
    }
  }

  private void handle(Request request, Supplier<RequestMapper.Source> source) {
    counters.request(request);
    CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
    try (LogContext context = LogContext.of(callId == null ? null : callId.getCallId(), null)) {
      decide(request, source, context);
    } catch (RuntimeException e) {
      log.warn("cannot handle {} request: {}", request.getMethod(), e.toString());
      responder.sendQuietly(request, 500, "Server Internal Error", List.of());
    }
  }

  private void decide(Request request, Supplier<RequestMapper.Source> source, LogContext context) {
    Step step = intake.take(request, source);
    if (step instanceof Step.Forward forward) {
      context.resource(forward.event().getResource());
    }
    if (log.isDebugEnabled()) {
      log.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), step.getClass().getSimpleName());
    }
    if (step instanceof Step.Answer answer) {
      responder.sendQuietly(request, answer.status(), answer.reason(), answer.headers());
    } else if (step instanceof Step.Repeat repeat) {
      responder.send(request, repeat.response());
    } else if (step instanceof Step.Refuse refuse) {
      responder.respond(refuse.requestId(), request, refuse.status(), refuse.reason(), refuse.headers(), null);
    } else if (step instanceof Step.Unavailable unavailable) {
      responder.answerUnavailable(request, unavailable.why());
    } else if (step instanceof Step.Forward forward) {
      forward(forward.requestId(), request, forward.event());
    }
  }

  private void forward(String requestId, Request request, dev.herald.avro.RequestEvent event) {
    PendingRequests.Admission admission = pending.admit(requestId, request);
    if (admission == PendingRequests.Admission.SHED) {
      responder.unavailable(request);
    } else if (admission == PendingRequests.Admission.ADMITTED) {
      requestLog.append(event, error -> pending.giveUp(requestId, "request log unavailable: " + error.getMessage()));
    }
  }

  private void onDecision(Decision decision) {
    PendingRequests.Decided decided = pending.decided(decision.getRequestId());
    if (decided instanceof PendingRequests.Decided.Waited waited) {
      String reason = decision.getReason() == null ? "" : decision.getReason();
      responder.respond(decision.getRequestId(), waited.request(), decision.getStatusCode(), reason,
          decision.getHeaders(), decision.getToTag());
      flows.afterAnswer(decision);
    } else if (decided instanceof PendingRequests.Decided.Late) {
      // Decided after this edge gave up on it (503) or restarted: the subscriber does not know the
      // dialog, answers its NOTIFY 481 and so ends the subscription (RFC 6665 §4.1.3).
      flows.afterAnswer(decision);
    }
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
    pending.stopDeadlines();
    if (flows != null) {
      try {
        flows.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (responder != null) {
      pending.giveUpAll("edge stopping");
    }
    if (webSockets != null) {
      webSockets.close();
    }
    if (stack != null) {
      SipStacks.shutdown(stack);
    }
    if (gateName != null) {
      DatagramGates.unregister(gateName);
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
