package dev.herald.edge;

import dev.herald.avro.RequestEvent;
import dev.herald.common.kafka.ClientMeters;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Appends request events to herald.requests. acks=all and idempotence, so an event the broker
 * acknowledged survives a broker loss; linger 0, because every request waits on this hop.
 */
final class RequestLog implements AutoCloseable {

  private final KafkaProducer<String, RequestEvent> producer;
  private final AutoCloseable meters;

  RequestLog(Map<String, Object> kafka, long maxBlockMs, long deliveryTimeoutMs, MeterRegistry metrics) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, deliveryTimeoutMs));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeoutMs);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-edge-requests");
    this.producer = new KafkaProducer<>(props, Topics.REQUESTS.keySerde().serializer(),
        Topics.REQUESTS.valueSerde().serializer());
    this.meters = ClientMeters.bind(metrics, producer);
  }

  /**
   * Sends the event; {@code onFailure} runs if it was not durably written (also when send
   * itself throws, e.g. no metadata within max.block.ms).
   */
  void append(RequestEvent event, Consumer<Exception> onFailure) {
    try {
      producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), event.getResource(), event),
          (metadata, error) -> {
            if (error != null) {
              onFailure.accept(error);
            }
          });
    } catch (RuntimeException e) {
      onFailure.accept(e);
    }
  }

  @Override
  public void close() {
    ClientMeters.close(meters);
    producer.close(java.time.Duration.ofSeconds(2));
  }
}
