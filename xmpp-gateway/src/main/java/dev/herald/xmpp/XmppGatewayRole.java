package dev.herald.xmpp;

import dev.herald.avro.RequestEvent;
import dev.herald.avro.XmppSubscription;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.schemas.StandingPublication;
import dev.herald.schemas.Topics;
import dev.herald.common.kafka.ClientMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.Packet;

/**
 * The XMPP gateway role: an external component of the operator's XMPP server that brings XMPP
 * contacts' presence into Herald as publications through {@code herald.requests}, and SIP users'
 * composed presence out to their XMPP subscribers from {@code herald.presence-state}.
 *
 * <p>Its parts: {@link GatewayInputs} reads Herald's topics; {@link GatewayCore} decides, on one
 * thread; {@link XmppLink} holds the component connection. SIP presence never waits for XMPP: with
 * the link down the gateway only marks its contacts closed and keeps reading.
 */
public final class XmppGatewayRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(XmppGatewayRole.class);
  static final String EDGE_ID = "xmpp-gateway";
  private static final StandingPublication PUBLICATION = new StandingPublication(GatewayCore.STANDING_TAG, EDGE_ID,
      "Herald XMPP gateway");

  private final XmppGatewayConfig config;
  private final Map<String, Object> kafka;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final ScheduledExecutorService coreThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "xmpp-gateway");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicInteger watchedContacts = new AtomicInteger();
  private final AtomicInteger xmppSubscribers = new AtomicInteger();
  private KafkaProducer<String, RequestEvent> requests;
  private KafkaProducer<String, XmppSubscription> subscriptions;
  private GatewayCore core;
  private GatewayInputs inputs;
  private XmppLink link;
  private volatile boolean closed;
  private final List<AutoCloseable> producerMeters = new ArrayList<>();

  public XmppGatewayRole(XmppGatewayConfig config, Map<String, Object> kafka, Clock clock, MeterRegistry metrics) {
    this.config = config;
    this.kafka = Map.copyOf(kafka);
    this.clock = clock;
    this.metrics = metrics;
  }

  public XmppGatewayRole start() {
    requests = producer("requests", Topics.REQUESTS.valueSerde().serializer());
    subscriptions = producer("subscriptions", Topics.XMPP_SUBSCRIPTIONS.valueSerde().serializer());
    Addresses addresses = new Addresses(config.domains(), config.link().componentName());
    core = new GatewayCore(addresses, config.defaultPolicy(), new KafkaOutbox(), clock::millis,
        config.maxDocumentBytes());
    String pingTarget = config.domains().xmpp().iterator().next();
    link = new XmppLink(config.link(), config.timing(), pingTarget, new LinkEvents());
    inputs = new GatewayInputs(kafka, core, this::onCoreThread, () -> {
      log.info("XMPP gateway has read Herald's state; connecting to {}:{} as {}", config.link().host(),
          config.link().port(), config.link().componentName());
      link.start();
    }).meteredIn(metrics).start();
    long refresh = config.timing().publicationSeconds() / 2L;
    coreThread.scheduleAtFixedRate(() -> onCoreThread(core::refreshPublications), refresh, refresh, TimeUnit.SECONDS);
    Gauge.builder("herald_xmpp_link_up", () -> link.isUp() ? 1 : 0)
        .description("1 while the XMPP component link is connected").register(metrics);
    FunctionCounter.builder("herald_xmpp_link_connects_total", link, XmppLink::connects)
        .description("XMPP component connections made, the first included").register(metrics);
    Gauge.builder("herald_xmpp_watched_contacts", watchedContacts, AtomicInteger::get)
        .description("XMPP contacts with SIP watchers").register(metrics);
    Gauge.builder("herald_xmpp_subscribers", xmppSubscribers, AtomicInteger::get)
        .description("XMPP users subscribed to SIP users, pending ones included").register(metrics);
    return this;
  }

  /** Healthy while it reads Herald's topics; the XMPP link's state is in the reason, since SIP does not depend on it. */
  public HealthCheck healthCheck() {
    return HealthCheck.of("xmpp-gateway", () -> {
      if (closed) {
        return Health.down("closed");
      }
      Health reading = inputs.health();
      return reading.healthy() ? new Health(true, "xmpp link " + link.describe()) : reading;
    });
  }

  public boolean linkUp() {
    return link != null && link.isUp();
  }

  private void onCoreThread(Runnable task) {
    coreThread.execute(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("XMPP gateway: an input failed and was skipped", e);
      }
      watchedContacts.set(core.watchedContacts());
      xmppSubscribers.set(core.xmppSubscribers());
    });
  }

  /** A producer with a client id of its own ({@code herald-xmpp-gateway-<purpose>}), its meters on {@code /metrics}. */
  private <V> KafkaProducer<String, V> producer(String purpose,
      org.apache.kafka.common.serialization.Serializer<V> values) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-xmpp-gateway-" + purpose);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    KafkaProducer<String, V> producer = new KafkaProducer<>(props, Topics.REQUESTS.keySerde().serializer(), values);
    producerMeters.add(ClientMeters.bind(metrics, producer));
    return producer;
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    if (link != null) {
      link.close();
    }
    if (inputs != null) {
      inputs.close();
    }
    coreThread.shutdown();
    coreThread.awaitTermination(5, TimeUnit.SECONDS);
    if (requests != null) {
      requests.close();
    }
    if (subscriptions != null) {
      subscriptions.close();
    }
    producerMeters.forEach(ClientMeters::close);
  }

  /** The link's reports, each handed to the core's thread. */
  private final class LinkEvents implements XmppLink.Listener {
    @Override
    public void up() {
      onCoreThread(core::linkUp);
    }

    @Override
    public void down(String reason) {
      onCoreThread(core::linkDown);
    }

    @Override
    public void stanza(Packet stanza) {
      onCoreThread(() -> core.stanza(stanza));
    }
  }

  /** What the core asks for, done with Kafka and the link. */
  private final class KafkaOutbox implements GatewayCore.Outbox {
    @Override
    public void send(Packet stanza) {
      link.send(stanza);
    }

    @Override
    public void publish(String resourceKey, String entityUri, byte[] document) {
      RequestEvent event = PUBLICATION.request(resourceKey, entityUri, Addresses.PRESENCE, "application/pidf+xml",
          document, config.timing().publicationSeconds(), clock.millis());
      requests.send(new ProducerRecord<>(Topics.REQUESTS.name(), resourceKey, event), (metadata, error) -> {
        if (error != null) {
          log.error("XMPP gateway: the publication of {} was not written", resourceKey, error);
        }
      });
    }

    @Override
    public void save(XmppSubscription subscription) {
      String key = GatewayCore.subscriptionKey(subscription.getSipUri(), subscription.getJid());
      subscriptions.send(new ProducerRecord<>(Topics.XMPP_SUBSCRIPTIONS.name(), key, subscription));
    }

    @Override
    public void forget(String sipUri, String jid) {
      subscriptions.send(new ProducerRecord<>(Topics.XMPP_SUBSCRIPTIONS.name(),
          GatewayCore.subscriptionKey(sipUri, jid), null));
    }
  }
}
