package dev.herald.edge;

import dev.herald.avro.Header;
import dev.herald.avro.RequestEvent;
import dev.herald.edge.auth.AuthDecision;
import dev.herald.edge.auth.EdgeAuthenticator;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.message.SIPMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sip.header.RequireHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What the edge does with each request, by its method: an ACK goes unanswered, a required
 * extension gets 420, OPTIONS and CANCEL are answered by the edge itself, a retransmission is
 * answered again or absorbed ({@link PendingRequests}), and SUBSCRIBE, PUBLISH and REGISTER are
 * checked ({@link RequestMapper}) and authenticated ({@link EdgeAuthenticator}) on their way to
 * the processor. It only decides: the answer to send, or the event to forward, is its {@link Step}.
 */
final class RequestIntake {

  static final String ALLOW = "OPTIONS, SUBSCRIBE, PUBLISH, REGISTER";

  /** What becomes of one request. */
  sealed interface Step {

    /** Nothing goes back: an ACK, or a retransmission of a request still waiting for its decision. */
    record Drop() implements Step {}

    /** The edge's own answer, not kept: a retransmission gets the same one from the request alone. */
    record Answer(int status, String reason, List<Header> headers) implements Step {
      public Answer {
        headers = List.copyOf(headers);
      }
    }

    /** A retransmission of an answered request: this very response again. */
    record Repeat(Response response) implements Step {}

    /** The edge's own answer, kept for the retransmissions of {@code requestId}. */
    record Refuse(String requestId, int status, String reason, List<Header> headers) implements Step {
      public Refuse {
        headers = List.copyOf(headers);
      }
    }

    /** 503 with Retry-After: the edge cannot check the request yet. */
    record Unavailable(String why) implements Step {}

    /** The processor decides: the event goes to it if the request is admitted. */
    record Forward(String requestId, RequestEvent event) implements Step {}
  }

  private static final Step DROP = new Step.Drop();

  private final RequestMapper mapper;
  private final PendingRequests pending;
  private final EdgeAuthenticator authenticator;
  private final Clock clock;
  private final List<Header> optionsHeaders;

  RequestIntake(EdgeConfig config, PendingRequests pending, EdgeAuthenticator authenticator, Clock clock) {
    this.mapper = new RequestMapper(config);
    this.pending = pending;
    this.authenticator = authenticator;
    this.clock = clock;
    this.optionsHeaders = List.of(
        new Header("Allow", ALLOW),
        new Header("Allow-Events", mapper.allowEvents()),
        new Header("Accept", String.join(", ", config.packages().stream()
            .flatMap(p -> p.contentTypes().stream()).distinct().toList())),
        // RFC 5367 §5: a server that takes lists in SUBSCRIBE says so in its answers to OPTIONS.
        new Header("Supported", RequestMapper.EVENTLIST + ", " + RequestMapper.RECIPIENT_LIST_SUBSCRIBE));
  }

  /** What becomes of {@code request}; {@code source} is asked only for a request to map. */
  Step take(Request request, Supplier<RequestMapper.Source> source) {
    String method = request.getMethod();
    if (method.equals(Request.ACK)) {
      return DROP;
    }
    if (!method.equals(Request.CANCEL) && request.getHeader(RequireHeader.NAME) != null) {
      // RFC 3261 §8.2.2.3: of the extensions a client may require, Herald has only resource lists on SUBSCRIBE:
      // eventlist (RFC 4662 §4.1) and a list carried in the request (RFC 5367 §3).
      List<String> tags = new ArrayList<>();
      request.getHeaders(RequireHeader.NAME).forEachRemaining(h -> tags.add(((RequireHeader) h).getOptionTag()));
      if (method.equals(Request.SUBSCRIBE)) {
        tags.removeIf(tag -> RequestMapper.EVENTLIST.equalsIgnoreCase(tag)
            || RequestMapper.RECIPIENT_LIST_SUBSCRIBE.equalsIgnoreCase(tag));
      }
      if (!tags.isEmpty()) {
        return new Step.Answer(420, "Bad Extension", List.of(new Header("Unsupported", String.join(", ", tags))));
      }
    }
    if (method.equals(Request.OPTIONS)) {
      if (!RequestMapper.isSupportedScheme(request.getRequestURI())) {
        // RFC 3261 §8.2.2.1 (RFC 4475 §3.3.2, §3.3.3): no 200 for a URI the edge does not serve.
        return new Step.Answer(416, "Unsupported URI Scheme", List.of());
      }
      return new Step.Answer(200, "OK", optionsHeaders);
    }
    if (method.equals(Request.CANCEL)) {
      // RFC 3261 §9.2: there is no INVITE here to cancel.
      return new Step.Answer(481, "Call/Transaction Does Not Exist", List.of());
    }
    String requestId = RequestIds.of(request);
    PendingRequests.Seen seen = pending.seen(requestId);
    if (seen instanceof PendingRequests.Seen.Answered answered) {
      return new Step.Repeat(answered.response());
    }
    if (seen instanceof PendingRequests.Seen.Waiting) {
      return DROP;
    }
    Intake intake = mapper.map(request, source.get(), clock.millis());
    if (intake instanceof Intake.Forward forward) {
      return authenticate(requestId, request, forward.event());
    }
    Intake.Reject reject = (Intake.Reject) intake;
    return new Step.Refuse(requestId, reject.status(), reject.reason(), reject.headers());
  }

  private Step authenticate(String requestId, Request request, RequestEvent event) {
    AuthDecision auth = authenticator.decide(request, clock.millis());
    if (auth instanceof AuthDecision.Challenge challenge) {
      return new Step.Refuse(requestId, 401, "Unauthorized", challenge.headers());
    }
    if (auth instanceof AuthDecision.Refuse refuse) {
      return new Step.Refuse(requestId, refuse.status(), refuse.reason(), List.of());
    }
    if (auth instanceof AuthDecision.Unavailable unavailable) {
      return new Step.Unavailable(unavailable.why());
    }
    if (auth instanceof AuthDecision.Authenticated authenticated) {
      authenticated.assertOn(event);
    }
    return new Step.Forward(requestId, event);
  }

  /** Where {@code request} came from, received on the edge's socket {@code localHost}:{@code localPort}. */
  static RequestMapper.Source sourceOf(Request request, javax.sip.RequestEvent event, String localHost,
      int localPort) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    String transport = via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
    if (request instanceof SIPMessage message && message.getPeerPacketSourceAddress() != null) {
      // Where the packet came from (RFC 3581 §4), the flow a NOTIFY can come back on. For a UDP
      // request JAIN-SIP's remote port (RequestEventExt) is the Via sent-by port, which a NAT or a
      // relay does not rewrite.
      return new RequestMapper.Source(transport, message.getPeerPacketSourceAddress().getHostAddress(),
          message.getPeerPacketSourcePort(), localHost, localPort);
    }
    if (event instanceof RequestEventExt ext) {
      return new RequestMapper.Source(transport, ext.getRemoteIpAddress(), ext.getRemotePort(), localHost, localPort);
    }
    return new RequestMapper.Source(transport, via == null ? "" : via.getHost(), via == null ? 5060 : via.getPort(),
        localHost, localPort);
  }
}
