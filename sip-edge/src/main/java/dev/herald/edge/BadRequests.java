package dev.herald.edge;

import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers, from inside the parser, a request that {@link StrictMessageParser} rejects: 400 with a
 * reason phrase naming the problem (RFC 3261 §21.4.1), sent straight on the socket the request
 * came in on.
 *
 * <p>JAIN-SIP cannot do it. Its UDP channel answers a {@link ParseException} only when Via, CSeq,
 * Call-ID, From and To can all be copied from the text, with a reason phrase holding the
 * exception's message (line breaks and all), at the packet's source port whatever the Via says;
 * it drops a parsed request missing one of them with an error log line. Over TCP it answers no
 * parse error at all and closes the connection when From, To, CSeq or Call-ID does not parse.
 * Before the request is parsed no public method of a channel tells the packet's source port, and
 * a TCP channel would write a response through a socket cache that holds the connection only
 * after a first valid request: so the datagram, the UDP socket and the TCP socket are read from
 * three fields of JAIN-SIP's channels ({@code BadRequestsTest} fails if they go away).
 */
final class BadRequests {

  private static final Logger log = LoggerFactory.getLogger(BadRequests.class);
  private static final RateLimitedLog unanswerable = new RateLimitedLog(log, Duration.ofSeconds(10));
  private static final String MAGIC_COOKIE = "z9hG4bK";

  static final Field UDP_PACKET = field(UDPMessageChannel.class, "incomingPacket");
  static final Field UDP_SOCKET = field(UDPMessageProcessor.class, "sock");
  static final Field STREAM_SOCKET = field(ConnectionOrientedMessageChannel.class, "mySock");

  private BadRequests() {}

  /**
   * Answers {@code request} 400 {@code reason} on the channel {@code listener} is, when its top Via
   * allows, and returns what the parser hands back to the channel so that it goes no further.
   *
   * @throws ParseException when there is no channel to answer on: the stack drops the request
   */
  static SIPMessage reject(SIPRequest request, String reason, ParseExceptionListener listener)
      throws ParseException {
    if (!(listener instanceof MessageChannel channel)) {
      // The parser on its own, or a transport that passes no channel (JAIN-SIP's NIO TCP).
      throw new ParseException(reason, 0);
    }
    Via via = request.getTopmostVia();
    if (request.getMethod() == null || request.getMethod().equals(Request.ACK)) {
      // RFC 3261 §17.2.1 (via §8.2.6): an ACK is never answered.
      unanswerable.warn("dropped an ACK the edge could not parse: {}", reason);
    } else if (via == null || via.getHost() == null) {
      unanswerable.warn("dropped a request without a usable Via: {}", reason + " from " + sourceOf(channel));
    } else {
      try {
        if (!answer(request, via, reason, channel)) {
          unanswerable.warn("dropped a request the stack gave no socket to answer on: {}", reason);
        }
      } catch (IOException | ReflectiveOperationException | RuntimeException e) {
        unanswerable.warn("could not answer a bad request: {}", reason + ": " + e);
      }
    }
    return leftover(request, channel);
  }

  /**
   * Null, which JAIN-SIP's channels skip quietly. Over a connection, though, a request whose head
   * announces a body goes back without its Via: JAIN-SIP reads the body by its Content-Length
   * only for a request it gets back, and then drops one without a Via. Otherwise the body would
   * be parsed as the next message on the connection.
   */
  private static SIPMessage leftover(SIPRequest request, MessageChannel channel) {
    ContentLength length = (ContentLength) request.getContentLength();
    if (channel.isReliable() && length != null && length.getContentLength() > 0) {
      request.removeHeader(ViaHeader.NAME);
      return request;
    }
    return null;
  }

  private static boolean answer(SIPRequest request, Via via, String reason, MessageChannel channel)
      throws IOException, ReflectiveOperationException, ParseException {
    if (channel instanceof UDPMessageChannel udp && UDP_PACKET != null && UDP_SOCKET != null) {
      DatagramPacket packet = (DatagramPacket) UDP_PACKET.get(udp);
      DatagramSocket socket = (DatagramSocket) UDP_SOCKET.get(udp.getMessageProcessor());
      if (packet == null || socket == null) {
        return false;
      }
      // RFC 3581 §4: with rport, back to the source port. RFC 3261 §18.2.2: else to received (the
      // source address) at the sent-by port, 5060 by default. maddr is not honoured: a forged
      // request cannot aim the answer anywhere but at its own source address.
      int port = via.hasParameter(Via.RPORT) ? packet.getPort() : via.getPort() > 0 ? via.getPort() : 5060;
      byte[] bytes = encode(request, reason, packet.getAddress(), packet.getPort());
      socket.send(new DatagramPacket(bytes, bytes.length, packet.getAddress(), port));
      return true;
    }
    if (channel instanceof ConnectionOrientedMessageChannel && STREAM_SOCKET != null) {
      Socket socket = (Socket) STREAM_SOCKET.get(channel);
      if (socket == null || socket.isClosed()) {
        return false;
      }
      // RFC 3261 §18.2.2: over a reliable transport, on the connection the request came on.
      byte[] bytes = encode(request, reason, socket.getInetAddress(), socket.getPort());
      OutputStream out = socket.getOutputStream();
      // JAIN-SIP's IOHandler writes to this stream holding the same lock.
      synchronized (out) {
        out.write(bytes);
      }
      out.flush();
      return true;
    }
    return false;
  }

  /** The 400: Via, From, To, Call-ID and CSeq as far as they parsed (RFC 3261 §8.2.6.2), no body. */
  static byte[] encode(SIPRequest request, String reason, InetAddress source, int sourcePort) throws ParseException {
    SIPResponse response = request.createResponse(400, reason);
    Via top = response.getTopmostVia();
    boolean rport = top.hasParameter(Via.RPORT);
    // RFC 3261 §18.2.1: received when sent-by is not the source address; RFC 3581 §4: always with rport.
    if (rport || !source.getHostAddress().equals(top.getHost())) {
      top.setParameter(Via.RECEIVED, source.getHostAddress());
    }
    if (rport) {
      top.setParameter(Via.RPORT, Integer.toString(sourcePort));
    }
    To to = (To) response.getTo();
    if (to != null && to.getTag() == null) {
      // RFC 3261 §8.2.6.2 and §8.2.7: a To tag, the same for a retransmission of the request.
      String branch = request.getTopmostVia().getBranch();
      to.setTag(RequestIds.tagFor(branch != null && branch.startsWith(MAGIC_COOKIE)
          ? RequestIds.of(request) : "h-" + request.encode()));
    }
    return response.encode().getBytes(StandardCharsets.UTF_8);
  }

  private static String sourceOf(MessageChannel channel) {
    return channel.getPeerAddress() + " over " + channel.getTransport();
  }

  private static Field field(Class<?> owner, String name) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("JAIN-SIP has no usable {}.{} ({}): requests with a bad header will go unanswered",
          owner.getSimpleName(), name, e.toString());
      return null;
    }
  }
}
