package dev.herald.common.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A Kafka client's own metrics on {@code /metrics} ({@code kafka_producer_*}, {@code kafka_consumer_*},
 * among them {@code kafka_consumer_fetch_manager_records_lag_max}), tagged with its client id.
 * Close what {@link #bind} returns when the client closes.
 */
public final class ClientMeters {

  private ClientMeters() {
  }

  public static AutoCloseable bind(MeterRegistry registry, Producer<?, ?> producer) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
    metrics.bindTo(registry);
    return metrics;
  }

  public static AutoCloseable bind(MeterRegistry registry, Consumer<?, ?> consumer) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
    metrics.bindTo(registry);
    return metrics;
  }

  /** Closes what {@link #bind} returned; null: nothing. */
  public static void close(AutoCloseable bound) {
    if (bound == null) {
      return;
    }
    try {
      bound.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop a Kafka client's meters", e);
    }
  }
}
