package dev.herald.edge;

import dev.herald.avro.Header;
import dev.herald.common.sip.SipHeaders;
import dev.herald.common.sip.TlsContacts;
import gov.nist.javax.sip.message.SIPMessage;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the edge's responses and sends them statelessly, with no server transaction: the answers
 * kept for retransmissions ({@link AnsweredRequests}), those that are not, and the 503 with
 * Retry-After of a request the edge cannot take.
 */
final class Responder {

  private static final Logger log = LoggerFactory.getLogger(SipEdge.class);

  /** Where a response leaves: the SIP provider's stateless send. */
  @FunctionalInterface
  interface Wire {
    void send(Response response) throws SipException;
  }

  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final Wire wire;
  private final AnsweredRequests answered;
  /**
   * Headers whose values come from the edge's or the processor's configuration, never from a
   * client: the answer to OPTIONS (RFC 3261 §11.2), Min-Expires. Each value is parsed once.
   */
  private static final Set<String> CONFIGURED = Set.of("allow", "allow-events", "accept", "supported",
      "min-expires");
  private static final int MAX_PARSED_ONCE = 64;

  private final Map<String, List<javax.sip.header.Header>> parsedOnce = new ConcurrentHashMap<>();
  /** The Retry-After of every 503, built once. */
  private final RetryAfterHeader retryAfter;
  private final SipCounters counters;
  private final RateLimitedLog unavailableLog = new RateLimitedLog(log, Duration.ofSeconds(10));
  private volatile int tlsPort = -1;

  Responder(MessageFactory messages, HeaderFactory headers, Wire wire, AnsweredRequests answered,
      int retryAfterSeconds, SipCounters counters) {
    this.counters = counters;
    this.messages = messages;
    this.headers = headers;
    this.wire = wire;
    this.answered = answered;
    try {
      this.retryAfter = headers.createRetryAfterHeader(retryAfterSeconds);
    } catch (InvalidArgumentException e) {
      throw new IllegalArgumentException("Retry-After of " + retryAfterSeconds + " s", e);
    }
  }

  /** The edge's TLS port, which the Contact of a 2xx to a request over TLS names; -1: none. */
  void tlsPort(int port) {
    this.tlsPort = port;
  }

  /**
   * Answers {@code request} and keeps the answer for its retransmissions; {@code toTag} null
   * takes the tag of {@code requestId}. A response that cannot be built becomes a 500, not kept.
   */
  void respond(String requestId, Request request, int status, String reason, List<Header> extra, String toTag) {
    try {
      Response response = build(request, status, reason, extra,
          toTag != null ? toTag : RequestIds.tagFor(requestId));
      answered.remember(requestId, response);
      send(request, response);
    } catch (ParseException | RuntimeException e) {
      log.warn("cannot build {} for {}: {}", status, requestId, e.toString());
      sendQuietly(request, 500, "Server Internal Error", List.of());
    }
  }

  /** Answers {@code request} without keeping the answer; one that cannot be built goes unsent. */
  void sendQuietly(Request request, int status, String reason, List<Header> extra) {
    sendQuietly(request, status, reason, extra, null);
  }

  private void sendQuietly(Request request, int status, String reason, List<Header> extra,
      javax.sip.header.Header built) {
    try {
      Response response = build(request, status, reason, extra, RequestIds.tagFor(RequestIds.of(request)));
      if (built != null) {
        // A response owns its headers.
        response.addHeader((javax.sip.header.Header) built.clone());
      }
      send(request, response);
    } catch (ParseException | RuntimeException e) {
      log.warn("cannot answer {} {}: {}", request.getMethod(), status, e.toString());
    }
  }

  /** 503 with Retry-After, saying in the log why; not kept, so a retransmission may find the path working again. */
  void answerUnavailable(Request request, String why) {
    unavailableLog.warn("answering 503 with Retry-After: {}", why);
    unavailable(request);
  }

  /** 503 with Retry-After. */
  void unavailable(Request request) {
    sendQuietly(request, 503, "Service Unavailable", List.of(), retryAfter);
  }

  /** Sends {@code response} to {@code request}, counted by method, package and code. */
  void send(Request request, Response response) {
    counters.response(request, response.getStatusCode());
    try {
      wire.send(response);
    } catch (SipException e) {
      log.debug("cannot send {}: {}", response.getStatusCode(), e.toString());
    }
  }

  private Response build(Request request, int status, String reason, List<Header> extra, String toTag)
      throws ParseException {
    Response response = messages.createResponse(status, request);
    if (request instanceof SIPMessage in && response instanceof SIPMessage out) {
      // Where the request came from outside the SIP stack (a WebSocket connection), the answer goes.
      out.setApplicationData(in.getApplicationData());
    }
    if (!reason.isEmpty()) {
      response.setReasonPhrase(reason);
    }
    ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
    if (to != null && to.getTag() == null && status > 100) {
      // RFC 3261 §8.2.6.2
      to.setTag(toTag);
    }
    for (Header header : extra) {
      for (javax.sip.header.Header parsed : headersOf(header)) {
        response.addHeader(parsed);
      }
    }
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    if (tlsPort > 0 && status / 100 == 2 && via != null && "TLS".equalsIgnoreCase(via.getTransport())) {
      TlsContacts.pointAtTls(response, null, tlsPort, TlsContacts.secure(request.getRequestURI()));
    }
    return response;
  }

  private List<javax.sip.header.Header> headersOf(Header header) throws ParseException {
    if (header.getValue().isEmpty()) {
      return List.of(headers.createHeader(header.getName(), ""));
    }
    if (!CONFIGURED.contains(header.getName().toLowerCase(Locale.ROOT))) {
      return SipHeaders.parse(headers, header.getName(), header.getValue());
    }
    String text = header.getName() + ": " + header.getValue();
    List<javax.sip.header.Header> parsed = parsedOnce.get(text);
    if (parsed == null) {
      parsed = SipHeaders.parse(headers, header.getName(), header.getValue());
      if (parsedOnce.size() < MAX_PARSED_ONCE) {
        parsedOnce.putIfAbsent(text, parsed);
      }
    }
    List<javax.sip.header.Header> copies = new ArrayList<>(parsed.size());
    for (javax.sip.header.Header kept : parsed) {
      // A response owns its headers.
      copies.add((javax.sip.header.Header) kept.clone());
    }
    return copies;
  }
}
