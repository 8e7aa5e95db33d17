package dev.herald.backend;

import dev.herald.avro.RequestEvent;
import dev.herald.avro.WatchDemand;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.common.kafka.ClientMeters;
import dev.herald.common.kafka.PollLoop;
import dev.herald.schemas.StandingPublication;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-end subscriber role: reads herald.watch-demand from the beginning (one instance holds
 * every subscription), subscribes at their own servers to the resources of domains Herald does not
 * serve while Herald's watchers want them (RFC 4662 §4: a list's members anywhere), and writes what
 * those servers notify to herald.requests as each resource's standing publication. Its decisions are
 * the {@link BackendCore}'s, on one thread; SIP is {@link BackendSip}'s.
 */
public final class BackendSubscriberRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackendSubscriberRole.class);
  static final String EDGE_ID = "backend-subscriber";
  private static final StandingPublication PUBLICATION = new StandingPublication(BackendCore.STANDING_TAG, EDGE_ID,
      "Herald back-end subscriber");

  private final BackendConfig config;
  private final Map<String, Object> kafka;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final ScheduledExecutorService coreThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "backend-subscriber");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private KafkaProducer<String, RequestEvent> requests;
  private AutoCloseable requestsMeters;
  private BackendCore core;
  private BackendSip sip;
  private PollLoop<String, byte[]> demands;
  private volatile boolean closed;

  public BackendSubscriberRole(BackendConfig config, Map<String, Object> kafka, Clock clock, MeterRegistry metrics) {
    this.config = config;
    this.kafka = Map.copyOf(kafka);
    this.clock = clock;
    this.metrics = metrics;
  }

  public BackendSubscriberRole start() throws Exception {
    Map<String, Object> producerProps = new HashMap<>(kafka);
    producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-backend-subscriber");
    producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    requests = new KafkaProducer<>(producerProps, Topics.REQUESTS.keySerde().serializer(),
        Topics.REQUESTS.valueSerde().serializer());
    requestsMeters = ClientMeters.bind(metrics, requests);
    sip = new BackendSip(config);
    core = new BackendCore(config, new KafkaAndSip(), () -> UUID.randomUUID().toString());
    sip.start(new SipInputs());
    Map<String, Object> consumerProps = new HashMap<>(kafka);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-backend-subscriber");
    demands = new PollLoop<>("backend-subscriber-demand",
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer()), this::assignAll,
        this::demand, java.time.Duration.ofMillis(200)).meteredIn(metrics).start();
    coreThread.scheduleAtFixedRate(() -> onCoreThread(() -> core.tick(clock.millis())), 1, 1, TimeUnit.SECONDS);
    Gauge.builder("herald_backend_subscriptions", subscriptions, AtomicInteger::get)
        .description("resources of other domains Herald subscribes to, active or not").register(metrics);
    Gauge.builder("herald_backend_active_subscriptions", active, AtomicInteger::get)
        .description("back-end subscriptions the other server accepted").register(metrics);
    log.info("back-end subscriber listening on {}:{}, subscribing as {} to every domain but {}", config.sip().host(),
        sip.port(), config.identity(), config.domains().local());
    return this;
  }

  public int sipPort() {
    return sip.port();
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("backend-subscriber", () -> closed ? Health.down("closed") : demands.health());
  }

  private void assignAll(KafkaConsumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(Topics.WATCH_DEMAND.name())
        .forEach(info -> partitions.add(new TopicPartition(Topics.WATCH_DEMAND.name(), info.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  private void demand(ConsumerRecord<String, byte[]> record) {
    WatchDemand demand;
    try {
      demand = record.value() == null ? null
          : Topics.WATCH_DEMAND.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.error("skipping an undecodable watch demand at offset {}", record.offset(), e);
      return;
    }
    String resource = record.key();
    onCoreThread(() -> core.demand(resource, demand, clock.millis()));
  }

  private void onCoreThread(Runnable task) {
    coreThread.execute(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("back-end subscriber: an input failed and was skipped", e);
      }
      subscriptions.set(core.subscriptions());
      active.set(core.active());
    });
  }

  /** What the SIP stack brings, handed to the core thread. */
  private final class SipInputs implements BackendSip.Inputs {
    @Override
    public void answered(String callId, long cseq, int status, String remoteTag, String remoteTarget,
        Integer expires) {
      onCoreThread(() -> core.answered(callId, cseq, status, remoteTag, remoteTarget, expires, clock.millis()));
    }

    @Override
    public int notified(BackendCore.Notify notify) {
      CompletableFuture<Integer> status = new CompletableFuture<>();
      onCoreThread(() -> status.complete(core.notified(notify, clock.millis())));
      try {
        return status.get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 500;
      } catch (ExecutionException | TimeoutException e) {
        return 500;
      }
    }
  }

  /** What the core asks for. */
  private final class KafkaAndSip implements BackendCore.Outbox {
    @Override
    public void subscribe(RemoteSubscription subscription, int expires) {
      try {
        sip.subscribe(subscription, expires);
      } catch (Exception e) {
        log.warn("back-end subscriber: the SUBSCRIBE to {} could not be sent", subscription.uri(), e);
        core.answered(subscription.callId(), subscription.cseq(), 503, null, null, null, clock.millis());
      }
    }

    @Override
    public void publish(String resource, String uri, String event, String contentType, byte[] body, int seconds) {
      RequestEvent request = PUBLICATION.request(resource, uri, event, contentType, body, seconds, clock.millis());
      requests.send(new ProducerRecord<>(Topics.REQUESTS.name(), resource, request), (metadata, error) -> {
        if (error != null) {
          log.error("back-end subscriber: the state of {} was not written", resource, error);
        }
      });
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    if (demands != null) {
      demands.close();
    }
    coreThread.shutdown();
    coreThread.awaitTermination(5, TimeUnit.SECONDS);
    if (sip != null) {
      sip.close();
    }
    if (requests != null) {
      ClientMeters.close(requestsMeters);
      requests.close();
    }
  }
}
