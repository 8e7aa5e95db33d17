package dev.herald.notifier;

import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.RequestEvent;
import dev.herald.common.kafka.ClientMeters;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the final outcome of each NOTIFY to herald.notify-outcomes, keyed by resource so the
 * resource's processor sees it, named by subscription and CSeq so a repeat counts once. Whoever
 * sends NOTIFYs (a notifier, an edge) reports through one of these.
 */
public final class OutcomeLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutcomeLog.class);

  private final KafkaProducer<String, RequestEvent> producer;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final String metricName;
  private final AutoCloseable meters;
  private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

  /** {@code metricName}: the counter of outcomes by status, e.g. herald_notifier_outcomes_total. */
  public OutcomeLog(Map<String, Object> kafka, String clientId, Clock clock, MeterRegistry metrics, String metricName) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    this.producer = new KafkaProducer<>(props, Topics.NOTIFY_OUTCOMES.keySerde().serializer(),
        Topics.NOTIFY_OUTCOMES.valueSerde().serializer());
    this.clock = clock;
    this.metrics = metrics;
    this.metricName = metricName;
    this.meters = ClientMeters.bind(metrics, producer);
    // Success and timeout from the start, so that a failure rate has a base before the first NOTIFY.
    counter(200);
    counter(408);
  }

  /** The counter of outcomes of {@code status}, looked up once per status. */
  private Counter counter(int status) {
    if (status < 100 || status > 699) {
      return metrics.counter(metricName, "status", Integer.toString(status));
    }
    Counter counter = byStatus.get(status - 100);
    if (counter == null) {
      counter = metrics.counter(metricName, "status", Integer.toString(status));
      byStatus.set(status - 100, counter);
    }
    return counter;
  }

  public void report(NotifyCommand command, NotifyOutcome outcome) {
    counter(outcome.getStatusCode()).increment();
    if (!changesAnything(command, outcome)) {
      return;
    }
    RequestEvent event = RequestEvent.newBuilder()
        .setRequestId("notify|" + command.getSubscriptionId() + "|" + command.getCseq())
        .setResource(command.getResource())
        .setReplyPartition(-1)
        .setReceivedAtMs(clock.millis())
        .setPayload(outcome)
        .build();
    producer.send(new ProducerRecord<>(Topics.NOTIFY_OUTCOMES.name(), command.getResource(), event),
        (metadata, error) -> {
          if (error != null) {
            log.warn("lost NOTIFY outcome {} of {}: {}", outcome.getStatusCode(), command.getSubscriptionId(),
                error.toString());
          }
        });
  }

  /** Failures always count against a subscription; a success only when the processor asked for it. */
  static boolean changesAnything(NotifyCommand command, NotifyOutcome outcome) {
    int status = outcome.getStatusCode();
    return outcome.getTimedOut() || status < 200 || status >= 300 || command.getReportSuccess();
  }

  @Override
  public void close() {
    ClientMeters.close(meters);
    producer.close(Duration.ofSeconds(2));
  }
}
