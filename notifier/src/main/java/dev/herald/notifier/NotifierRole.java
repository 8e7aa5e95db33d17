package dev.herald.notifier;

import dev.herald.avro.NotifyCommand;
import dev.herald.common.FreePorts;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.common.kafka.PollLoop;
import dev.herald.common.sip.FlowRouter;
import dev.herald.common.sip.SipStackOptions;
import dev.herald.common.sip.SipStacks;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes herald.notifications in the notifier group, sends each NOTIFY and reports its
 * outcome to herald.notify-outcomes, keyed by resource so the resource's processor sees it.
 */
public final class NotifierRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NotifierRole.class);

  private final NotifierConfig config;
  private final Map<String, Object> kafka;
  private final Clock clock;
  private final MeterRegistry metrics;
  private PollLoop<String, NotifyCommand> loop;
  private OutcomeLog outcomes;
  private SipStack stack;
  private NotifySender sender;

  public NotifierRole(NotifierConfig config, Map<String, Object> kafka, Clock clock, MeterRegistry metrics) {
    this.config = config;
    this.kafka = Map.copyOf(kafka);
    this.clock = clock;
    this.metrics = metrics;
  }

  public NotifierRole start() throws Exception {
    outcomes = new OutcomeLog(kafka, "herald-notifier-outcomes", clock, metrics, "herald_notifier_outcomes_total");

    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    stack = SipStacks.create(SipStackOptions.defaults("herald-notifier-" + config.groupId() + "-"
        + System.identityHashCode(this)).withExtraProperties(FlowRouter.PROPERTIES));
    int port = config.sipPort() != 0 ? config.sipPort() : FreePorts.findFreeSipPort(config.sipHost());
    ListeningPoint udp = stack.createListeningPoint(config.sipHost(), port, ListeningPoint.UDP);
    ListeningPoint tcp = stack.createListeningPoint(config.sipHost(), udp.getPort(), ListeningPoint.TCP);
    SipProvider provider = stack.createSipProvider(udp);
    provider.addListeningPoint(tcp);
    sender = new NotifySender(provider, new NotifyRequests(factory.createAddressFactory(),
        factory.createHeaderFactory(), factory.createMessageFactory()), outcomes::report);
    provider.addSipListener(sender);
    stack.start();

    Map<String, Object> consumerProps = new HashMap<>(kafka);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
    // Each poll hands out its commands only after the previous poll's were sent, so a commit in poll
    // covers sent NOTIFYs only. Committing often keeps short what another notifier sends again after
    // this one dies (the same NOTIFYs, same CSeq).
    consumerProps.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 200);
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-notifier");
    // A notifier that dies without leaving the group: its commands go to the others after 10 s, not 45 s.
    consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    consumerProps.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    KafkaConsumer<String, NotifyCommand> consumer = new KafkaConsumer<>(consumerProps,
        Topics.NOTIFICATIONS.keySerde().deserializer(), Topics.NOTIFICATIONS.valueSerde().deserializer());
    NotifyLatency latency = new NotifyLatency(metrics, "notifier", clock);
    Counter sent = metrics.counter("herald_notifier_sent_total");
    loop = new PollLoop<>("notifier", consumer, c -> c.subscribe(List.of(Topics.NOTIFICATIONS.name())), record -> {
      if (record.value() != null) {
        sent.increment();
        sender.send(record.value());
        latency.sent(record.value());
      }
    }, Duration.ofMillis(200)).meteredIn(metrics).start();
    log.info("notifier sending from {}:{} (udp, tcp)", config.sipHost(), udp.getPort());
    return this;
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("notifier", () -> loop == null ? Health.down("not started") : loop.health());
  }

  @Override
  public void close() throws InterruptedException {
    if (loop != null) {
      loop.close();
    }
    if (stack != null) {
      SipStacks.shutdown(stack);
    }
    if (outcomes != null) {
      outcomes.close();
    }
  }
}
