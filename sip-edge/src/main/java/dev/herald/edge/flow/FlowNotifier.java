package dev.herald.edge.flow;

import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.common.Health;
import dev.herald.common.kafka.PollLoop;
import dev.herald.common.sip.Connections;
import dev.herald.notifier.NotifyLatency;
import dev.herald.notifier.NotifySender;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the NOTIFYs that must leave from this edge: the first NOTIFY of a SUBSCRIBE, right after
 * its answer (so the 200 always leaves first), and the NOTIFYs of the flows this edge holds, read
 * from its partition of herald.edge-notifications (and those of dead edges, see
 * {@link EdgePartitionAssignor}).
 *
 * <p>Over UDP a NOTIFY leaves from the SIP socket the subscriber sent to, towards the source
 * address and port its packets came from (RFC 3581 §4): what a NAT or a firewall lets in. Over a
 * connection it goes on the connection the subscriber opened (RFC 5923, RFC 5626 §5.3). When that
 * connection is gone, it goes to the Contact as it is, unless the subscriber asked for its flow
 * only (RFC 5626 §4.5.1: {@code ;ob}); then it fails, and counts towards the failures that end the
 * subscription.
 */
public final class FlowNotifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FlowNotifier.class);
  /** The consumer group of all edges over herald.edge-notifications. */
  public static final String GROUP_ID = "herald-edges";
  /** How long an edge remembers the last CSeq it sent in a quiet dialog; races last milliseconds. */
  static final Duration SENT_MEMORY = Duration.ofMinutes(10);
  static final long MAX_DIALOGS_REMEMBERED = 1_000_000;

  private final SipProvider provider;
  private final NotifySender sender;
  private final Counter sent;
  private final Counter fellBack;
  private final Counter stale;
  private final NotifyLatency latency;
  private final SentNotifies sentNotifies = new SentNotifies(SENT_MEMORY, MAX_DIALOGS_REMEMBERED);
  private final PollLoop<String, NotifyCommand> loop;
  private volatile WebSocketNotifies webSockets;

  public FlowNotifier(Map<String, Object> kafka, int instance, SipProvider provider, NotifySender sender,
      MeterRegistry metrics) {
    this.provider = provider;
    this.sender = sender;
    this.sent = metrics.counter("herald_edge_notifies_sent_total");
    this.fellBack = metrics.counter("herald_edge_notifies_to_contact_total");
    this.stale = metrics.counter("herald_edge_notifies_stale_total");
    this.latency = new NotifyLatency(metrics, "edge", Clock.systemUTC());
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
    // As the notifier: a commit in poll covers sent NOTIFYs only, and often, so what an edge taking
    // over sends again is short.
    props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 200);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, EdgePartitionAssignor.class.getName());
    props.put(EdgePartitionAssignor.INSTANCE_CONFIG, Integer.toString(instance));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-edge-notifications-" + instance);
    KafkaConsumer<String, NotifyCommand> consumer = new KafkaConsumer<>(props,
        Topics.EDGE_NOTIFICATIONS.keySerde().deserializer(), Topics.EDGE_NOTIFICATIONS.valueSerde().deserializer());
    this.loop = new PollLoop<>("edge-notifications-" + instance, consumer,
        c -> c.subscribe(List.of(Topics.EDGE_NOTIFICATIONS.name())), record -> {
          // The NOTIFYs of changes, not those that follow a SUBSCRIBE's answer: they time the changes.
          if (record.value() != null && send(record.value())) {
            latency.sent(record.value());
          }
        }, Duration.ofMillis(200)).meteredIn(metrics);
  }

  /** NOTIFYs of WebSocket flows go over the edge's WebSocket connections. */
  public void webSockets(WebSocketNotifies notifies) {
    this.webSockets = notifies;
  }

  public FlowNotifier start() {
    loop.start();
    return this;
  }

  public Health health() {
    return loop.health();
  }

  /** The NOTIFYs that follow an answer; the answer has left. */
  public void afterAnswer(Decision decision) {
    decision.getNotifies().forEach(this::send);
  }

  /**
   * Sends one NOTIFY over its flow, or where the flow can no longer be had, to its Contact; one
   * whose CSeq this edge has already passed in the dialog is dropped ({@link SentNotifies}).
   *
   * @return false if it was dropped
   */
  public boolean send(NotifyCommand command) {
    if (!sentNotifies.claim(command.getSubscriptionId(), command.getCseq())) {
      stale.increment();
      log.debug("NOTIFY {} of {} is older than one already sent: dropped", command.getCseq(),
          command.getSubscriptionId());
      return false;
    }
    sent.increment();
    deliver(command);
    return true;
  }

  private void deliver(NotifyCommand command) {
    WebSocketNotifies ws = webSockets;
    if (ws != null && WebSocketNotifies.carries(command.getTransport()) && command.getDestinationHost() != null) {
      ws.send(command);
      return;
    }
    if (command.getDestinationHost() == null || command.getDestinationPort() == null
        || !command.getRouteSet().isEmpty() || !connectionOriented(command.getTransport())) {
      sender.send(command);
      return;
    }
    ListeningPoint point = provider.getListeningPoint(command.getTransport().toUpperCase(Locale.ROOT));
    if (point != null && Connections.holds(point, command.getDestinationHost(), command.getDestinationPort())
        && sender.trySend(command) == null) {
      return;
    }
    if (command.getFlowOnly()) {
      sender.undeliverable(command, "flow " + command.getDestinationHost() + ":" + command.getDestinationPort()
          + " is gone (RFC 5626 outbound: no other way)");
      return;
    }
    fellBack.increment();
    log.debug("flow {}:{} of {} is gone; NOTIFY to its Contact {}", command.getDestinationHost(),
        command.getDestinationPort(), command.getSubscriptionId(), command.getRequestUri());
    sender.send(toContact(command));
  }

  /** The NOTIFY sent to its Contact as it is, over the Contact's transport (RFC 3261 §8.1.2). */
  static NotifyCommand toContact(NotifyCommand command) {
    return NotifyCommand.newBuilder(command)
        .setDestinationHost(null).setDestinationPort(null).setEdgeInstance(null)
        .setTransport(transportOf(command.getRequestUri()))
        .build();
  }

  static String transportOf(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    boolean secure = lower.startsWith("sips:");
    int at = lower.indexOf(";transport=");
    String transport = at < 0 ? "udp" : lower.substring(at + ";transport=".length()).split("[;?>]", 2)[0];
    // RFC 3261 §26.2: a sips URI is reached over TLS, whatever transport it names beneath.
    return secure ? (transport.equals("ws") || transport.equals("wss") ? "wss" : "tls") : transport;
  }

  private static boolean connectionOriented(String transport) {
    return transport != null && !transport.equalsIgnoreCase("udp");
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}
