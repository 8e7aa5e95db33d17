package dev.herald.edge;

import dev.herald.edge.flow.WebSocketNotifies;
import dev.herald.edge.ws.WebSocketServer;
import dev.herald.edge.ws.WsConnection;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiConsumer;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP messages of the edge's WebSocket connections (RFC 7118): each WebSocket message is one SIP
 * message, parsed as strictly as those of the other transports ({@link StrictMessageParser}).
 * Requests go through the edge's intake with the connection as their flow; responses answer the
 * NOTIFYs sent over WebSocket; the edge's responses to a request that came over a WebSocket leave
 * on its connection ({@link #connectionOf}, {@link #send}).
 */
final class WebSocketIntake implements WebSocketServer.Sink {

  private static final Logger log = LoggerFactory.getLogger(WebSocketIntake.class);

  private final MessageParser strict = new StrictMessageParser().createMessageParser(null);
  private final RateLimitedLog badMessages = new RateLimitedLog(log, Duration.ofSeconds(10));
  private final String localHost;
  private final BiConsumer<Request, RequestMapper.Source> requests;
  private final Responder.Wire badRequestAnswers;
  private WebSocketNotifies notifies;

  /**
   * @param requests takes each request with the flow it came on
   * @param badRequestAnswers sends the 400 of a request that does not parse
   */
  WebSocketIntake(String localHost, BiConsumer<Request, RequestMapper.Source> requests,
      Responder.Wire badRequestAnswers) {
    this.localHost = localHost;
    this.requests = requests;
    this.badRequestAnswers = badRequestAnswers;
  }

  void attach(WebSocketNotifies notifies) {
    this.notifies = notifies;
  }

  @Override
  public void onMessage(WsConnection connection, byte[] bytes) {
    SIPMessage message;
    try {
      message = strict.parseSIPMessage(bytes, true, false, null);
    } catch (ParseException e) {
      refuse(connection, bytes, e.getMessage());
      return;
    }
    if (message instanceof SIPResponse response) {
      notifies.answered(response);
    } else if (message instanceof SIPRequest request) {
      String version = request.getRequestLine().getSipVersion();
      if (!"SIP/2.0".equals(version)) {
        // RFC 3261 §8.2.2: what the SIP stack answers over its own transports (RFC 4475 §3.1.2.16).
        answer(connection, request, 505, "Version Not Supported");
      } else if (!request.getMethod().equalsIgnoreCase(request.getCSeq().getMethod())) {
        // RFC 3261 §8.1.1.5: the CSeq method matches the request's (RFC 4475 §3.1.2.17).
        answer(connection, request, 400, "CSeq Method Mismatch");
      } else {
        take(connection, request);
      }
    }
  }

  private void take(WsConnection connection, SIPRequest request) {
    if (marked(connection, request)) {
      requests.accept(request, new RequestMapper.Source(connection.transport(),
          connection.remote().getAddress().getHostAddress(), connection.remote().getPort(), localHost,
          connection.localPort()));
    }
  }

  /**
   * Marks the top Via with where the request came from, which is where its answers go (RFC 3261
   * §18.2.1, RFC 3581 §4; RFC 7118 §5.2: over the same connection).
   */
  private boolean marked(WsConnection connection, SIPRequest request) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    // Whatever transport its Via names, the answer goes back on this connection (RFC 3261 §18.2.2).
    request.setApplicationData(connection);
    try {
      via.setReceived(connection.remote().getAddress().getHostAddress());
      via.setParameter("rport", Integer.toString(connection.remote().getPort()));
      return true;
    } catch (ParseException | RuntimeException e) {
      badMessages.warn("dropped a WebSocket request whose Via cannot be marked: {}", e.toString());
      return false;
    }
  }

  /** Answers a request that did not parse 400, when it parses well enough to be answered at all. */
  private void refuse(WsConnection connection, byte[] bytes, String reason) {
    SIPMessage lenient;
    try {
      lenient = new StringMsgParser().parseSIPMessage(bytes, true, false, null);
    } catch (ParseException e) {
      lenient = null;
    }
    if (!(lenient instanceof SIPRequest request) || Request.ACK.equals(request.getMethod())
        || request.getTopmostVia() == null || request.getCallId() == null || request.getCSeq() == null
        || request.getFrom() == null || request.getTo() == null) {
      badMessages.warn("dropped a WebSocket message that does not parse: {}",
          reason + " from " + connection.key());
      return;
    }
    answer(connection, request, 400, reason == null || reason.isBlank() ? "Bad Request" : reason);
  }

  /** Answers {@code request} on its connection, outside the intake; an ACK is never answered (RFC 3261 §17.2.1). */
  private void answer(WsConnection connection, SIPRequest request, int status, String reason) {
    if (Request.ACK.equals(request.getMethod()) || !marked(connection, request)) {
      return;
    }
    SIPResponse response = request.createResponse(status, reason);
    response.setApplicationData(connection);
    try {
      badRequestAnswers.send(response);
    } catch (javax.sip.SipException e) {
      badMessages.warn("could not answer a bad WebSocket request: {}", e.toString());
    }
  }

  /** The connection the request {@code response} answers came on, if it came over a WebSocket. */
  static WsConnection connectionOf(Response response) {
    return response instanceof SIPMessage message && message.getApplicationData() instanceof WsConnection connection
        ? connection : null;
  }

  /** Sends {@code response} on {@code connection}; gone, it is dropped (the client has no other way in). */
  void send(WsConnection connection, Response response) {
    if (!connection.send(((SIPMessage) response).encodeAsBytes(connection.transport().toUpperCase(Locale.ROOT)))) {
      log.debug("WebSocket connection {} gone; {} dropped", connection.key(), response.getStatusCode());
    }
  }
}
