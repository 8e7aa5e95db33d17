package dev.herald.edge.flow;

import dev.herald.avro.NotifyCommand;
import dev.herald.edge.ws.WebSocketServer;
import dev.herald.edge.ws.WsConnection;
import dev.herald.notifier.NotifyRequests;
import dev.herald.notifier.NotifySender;
import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.message.SIPMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * NOTIFYs to WebSocket subscribers, over the connection their SUBSCRIBE came on: RFC 7118 §5 gives
 * a WebSocket client no other way in (its Contact names an invalid host). The transaction is the
 * one of a reliable transport: sent once, Timer F (64*T1, RFC 3261 §17.1.2.2) waits for the final
 * answer, which the edge hands over from the same connection ({@link #answered}).
 */
public final class WebSocketNotifies {

  /** Timer F: 64 times T1 of 500 ms. */
  static final Duration TIMER_F = Duration.ofSeconds(32);

  private final WebSocketServer server;
  private final NotifyRequests requests;
  private final NotifySender outcomes;
  private final String viaHost;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(NotifyCommand command, ScheduledFuture<?> timer) {}

  public WebSocketNotifies(WebSocketServer server, NotifyRequests requests, NotifySender outcomes, String viaHost) {
    this.server = server;
    this.requests = requests;
    this.outcomes = outcomes;
    this.viaHost = viaHost;
  }

  public static boolean carries(String transport) {
    return transport != null && (transport.equalsIgnoreCase("ws") || transport.equalsIgnoreCase("wss"));
  }

  /**
   * Sends the NOTIFY over its subscriber's connection, or reports it undeliverable when this edge
   * no longer holds that connection: the subscriber is reached again once it reconnects and
   * refreshes, which moves its flow to the new connection.
   */
  public void send(NotifyCommand command) {
    String host = command.getDestinationHost();
    Integer port = command.getDestinationPort();
    WsConnection connection = host == null || port == null ? null : server.connection(host, port).orElse(null);
    if (connection == null) {
      outcomes.undeliverable(command, "WebSocket connection " + host + ":" + port
          + " is gone (RFC 7118: a WebSocket client is reached only over its connection)");
      return;
    }
    String branch = Utils.getInstance().generateBranchId();
    byte[] bytes;
    try {
      Request request = requests.build(command, viaHost, connection.localPort(),
          connection.transport().toUpperCase(Locale.ROOT), branch);
      bytes = ((SIPMessage) request).encodeAsBytes(connection.transport().toUpperCase(Locale.ROOT));
    } catch (Exception e) {
      outcomes.undeliverable(command, "not sent: " + e);
      return;
    }
    ScheduledFuture<?> timer = connection.channel().eventLoop().schedule(() -> {
      Pending unanswered = pending.remove(branch);
      if (unanswered != null) {
        outcomes.timedOut(unanswered.command());
      }
    }, TIMER_F.toMillis(), TimeUnit.MILLISECONDS);
    pending.put(branch, new Pending(command, timer));
    if (!connection.send(bytes)) {
      pending.remove(branch);
      timer.cancel(false);
      outcomes.undeliverable(command, "WebSocket connection " + connection.key() + " closed");
    }
  }

  /** A response that came over a WebSocket: the final answer to one of these NOTIFYs, or nothing of theirs. */
  public void answered(Response response) {
    ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
    if (via == null || via.getBranch() == null || response.getStatusCode() < 200) {
      return;
    }
    Pending answered = pending.remove(via.getBranch());
    if (answered != null) {
      answered.timer().cancel(false);
      outcomes.answered(answered.command(), response.getStatusCode(), response.getReasonPhrase());
    }
  }
}
