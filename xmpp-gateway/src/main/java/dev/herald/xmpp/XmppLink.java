package dev.herald.xmpp;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jivesoftware.whack.ExternalComponent;
import org.jivesoftware.whack.ExternalComponentManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * The gateway's connection to the XMPP server as an external component (XEP-0114), through Whack.
 *
 * <pre>
 *   CONNECTING ──handshake accepted──▶ UP ──socket lost / stream closed / ping unanswered──▶ DOWN
 *        ▲                                                                                     │
 *        └──────────── after the back-off: initial wait, doubled per failure, capped ◀─────────┘
 * </pre>
 *
 * <p>Whack reconnects on its own only after some failures, every 5 s, and not at all when the server
 * closes the stream cleanly (a restart); so the link owns its lifecycle: one component connection at
 * a time, a new one per attempt, and an XMPP ping (XEP-0199) every interval, a ping still unanswered
 * at the next one taking the link down. Stanzas are handed to the listener in the order they arrived
 * (one handler thread per connection) and sent from a thread of their own, so a send that blocks on a
 * dead socket stalls nobody else.
 */
final class XmppLink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(XmppLink.class);
  private static final String PING_NS = "urn:xmpp:ping";

  /** What the link reports; called from the link's threads. */
  interface Listener {
    void up();

    void down(String reason);

    void stanza(Packet stanza);
  }

  private final XmppGatewayConfig.Link settings;
  private final XmppGatewayConfig.Timing timing;
  private final String pingTarget;
  private final Listener listener;
  private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(
      runnable -> daemon(runnable, "xmpp-link"));
  private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "xmpp-send"));
  private final AtomicLong connects = new AtomicLong();

  private volatile Connection current;
  private volatile String state = "connecting";
  private volatile boolean closed;
  private int failures;

  /**
   * @param pingTarget a domain of the XMPP server that answers pings (a host of it)
   */
  XmppLink(XmppGatewayConfig.Link settings, XmppGatewayConfig.Timing timing, String pingTarget, Listener listener) {
    this.settings = settings;
    this.timing = timing;
    this.pingTarget = pingTarget;
    this.listener = listener;
  }

  XmppLink start() {
    control.execute(this::attempt);
    control.scheduleWithFixedDelay(this::ping, timing.ping().toMillis(), timing.ping().toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  boolean isUp() {
    return current != null;
  }

  /** For {@code /health}: up with the server's address, or why not and what comes next. */
  String describe() {
    return state;
  }

  /** Successful connections so far. */
  long connects() {
    return connects.get();
  }

  /** Sends {@code stanza} if the link is up; dropped otherwise (what the peer missed is sent again on the next up). */
  void send(Packet stanza) {
    Connection connection = current;
    if (connection == null) {
      return;
    }
    sender.execute(() -> {
      log.debug("out: {}", stanza);
      if (connection == current) {
        connection.component.send(stanza);
      }
    });
  }

  private void attempt() {
    if (closed) {
      return;
    }
    Connection connection = new Connection();
    try {
      connection.open();
    } catch (ComponentException | RuntimeException e) {
      connection.abandon();
      failures++;
      long wait = backoff(failures);
      state = "down: " + reason(e) + "; next attempt in " + wait + " ms";
      log.warn("XMPP component {} cannot connect to {}:{}: {}; next attempt in {} ms", settings.componentName(),
          settings.host(), settings.port(), reason(e), wait);
      control.schedule(this::attempt, wait, TimeUnit.MILLISECONDS);
      return;
    }
    failures = 0;
    current = connection;
    connects.incrementAndGet();
    state = "up: " + settings.componentName() + " on " + settings.host() + ":" + settings.port();
    log.info("XMPP component {} connected to {}:{}", settings.componentName(), settings.host(), settings.port());
    listener.up();
  }

  /** Initial wait doubled per failure after the first, capped at the maximum. */
  long backoff(int failure) {
    long initial = timing.reconnectInitial().toMillis();
    long max = timing.reconnectMax().toMillis();
    int doublings = Math.min(failure - 1, 30);
    return Math.min(max, initial << doublings);
  }

  private void ping() {
    Connection connection = current;
    if (connection == null) {
      return;
    }
    if (connection.pingOutstanding.get()) {
      lost(connection, "no answer to a ping within " + timing.ping().toMillis() + " ms");
      return;
    }
    IQ ping = new IQ(IQ.Type.get);
    ping.setFrom(new JID(null, settings.componentName(), null));
    ping.setTo(new JID(null, pingTarget, null));
    ping.setChildElement("ping", PING_NS);
    connection.pingId = ping.getID();
    connection.pingOutstanding.set(true);
    send(ping);
  }

  /** Runs on the control thread. */
  private void lost(Connection connection, String reason) {
    if (connection != current) {
      return;
    }
    current = null;
    connection.abandon();
    if (closed) {
      return;
    }
    state = "down: " + reason + "; reconnecting";
    log.warn("XMPP link lost: {}; reconnecting", reason);
    listener.down(reason);
    long wait = backoff(1);
    control.schedule(this::attempt, wait, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    control.execute(() -> {
      Connection connection = current;
      current = null;
      if (connection != null) {
        connection.abandon();
      }
    });
    control.shutdown();
    sender.shutdown();
    try {
      control.awaitTermination(5, TimeUnit.SECONDS);
      sender.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    control.shutdownNow();
    sender.shutdownNow();
  }

  private static String reason(Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** One component connection; Whack calls its {@link Component} methods. */
  private final class Connection implements Component {
    private final AtomicBoolean abandoned = new AtomicBoolean();
    private final AtomicBoolean pingOutstanding = new AtomicBoolean();
    private volatile String pingId;
    private ExternalComponent component;

    void open() throws ComponentException {
      ExternalComponentManager manager = new ExternalComponentManager(settings.host(), settings.port());
      manager.setSecretKey(settings.componentName(), settings.secret().value());
      manager.setConnectTimeout((int) Duration.ofSeconds(5).toMillis());
      // One handler thread: stanzas reach the listener in the order the server sent them.
      component = new ExternalComponent(this, manager, 1);
      component.connect(settings.host(), settings.port(), settings.componentName(), false);
      component.initialize(new JID(null, component.getDomain(), null), manager);
      component.start();
    }

    void abandon() {
      if (abandoned.compareAndSet(false, true) && component != null) {
        try {
          component.shutdown();
        } catch (RuntimeException e) {
          log.debug("closing an XMPP component connection", e);
        }
      }
    }

    @Override
    public String getName() {
      return "Herald";
    }

    @Override
    public String getDescription() {
      return "SIP presence gateway";
    }

    @Override
    public void processPacket(Packet packet) {
      if (packet instanceof IQ iq) {
        answer(iq);
        return;
      }
      if (!abandoned.get()) {
        listener.stanza(packet);
      }
    }

    private void answer(IQ iq) {
      switch (iq.getType()) {
        case result, error -> {
          if (iq.getID() != null && iq.getID().equals(pingId)) {
            pingOutstanding.set(false);
          }
        }
        case get, set -> {
          IQ reply = IQ.createResultIQ(iq);
          boolean ping = iq.getChildElement() != null && PING_NS.equals(iq.getChildElement().getNamespaceURI());
          if (!ping) {
            // RFC 6120 §8.4: an IQ the entity does not understand gets an error, never silence.
            if (iq.getChildElement() != null) {
              reply.setChildElement(iq.getChildElement().createCopy());
            }
            reply.setError(PacketError.Condition.service_unavailable);
          }
          send(reply);
        }
        default -> { }
      }
    }

    @Override
    public void initialize(JID jid, ComponentManager componentManager) {
    }

    @Override
    public void start() {
    }

    /** Whack calls this when it finds the connection lost (and when it is shut down). */
    @Override
    public void shutdown() {
      if (!abandoned.get()) {
        control.execute(() -> lost(this, "connection lost"));
      }
    }
  }
}
