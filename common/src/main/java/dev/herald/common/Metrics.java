package dev.herald.common;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.stream.Stream;

/** Factory for the Prometheus registry every Herald role exposes on {@code /metrics}. */
public final class Metrics {

  /**
   * The buckets of Herald's latency histograms, from a millisecond to ten seconds: fine below the
   * 500 ms a UDP client waits before it retransmits, coarse above.
   */
  public static final Duration[] LATENCY_BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
      .map(Duration::ofMillis).toArray(Duration[]::new);

  private Metrics() {
  }

  /**
   * A new Prometheus registry with JVM memory, GC, thread, processor and uptime metrics bound.
   * Closing the registry also detaches the GC notification listeners.
   */
  public static PrometheusMeterRegistry newRegistry() {
    JvmGcMetrics gc = new JvmGcMetrics();
    PrometheusMeterRegistry registry = new GcClosingRegistry(gc);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  private static final class GcClosingRegistry extends PrometheusMeterRegistry {
    private final JvmGcMetrics gc;

    GcClosingRegistry(JvmGcMetrics gc) {
      super(PrometheusConfig.DEFAULT);
      this.gc = gc;
    }

    @Override
    public void close() {
      try {
        gc.close();
      } finally {
        super.close();
      }
    }
  }
}
