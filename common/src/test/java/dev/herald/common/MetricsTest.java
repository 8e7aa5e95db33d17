package dev.herald.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void newRegistryHasJvmMemoryGcThreadProcessorAndUptimeMeters() {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    try {
      assertThat(registry.find("jvm.memory.used").gauges()).isNotEmpty();
      assertThat(registry.find("jvm.gc.memory.allocated").counter()).isNotNull();
      assertThat(registry.find("jvm.threads.live").gauge()).isNotNull();
      assertThat(registry.find("system.cpu.count").gauge()).isNotNull();
      assertThat(registry.find("process.uptime").timeGauge()).isNotNull();
    } finally {
      registry.close();
    }
  }

  @Test
  void eachCallReturnsAnIndependentRegistry() {
    PrometheusMeterRegistry a = Metrics.newRegistry();
    PrometheusMeterRegistry b = Metrics.newRegistry();
    try {
      a.counter("only.in.a").increment();

      assertThat(b.find("only.in.a").counter()).isNull();
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aTimerWithTheLatencyBucketsIsScrapedAsAPrometheusHistogramInSeconds() {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    try {
      Timer timer = Timer.builder("herald_test_latency")
          .serviceLevelObjectives(Metrics.LATENCY_BUCKETS).register(registry);
      timer.record(Duration.ofMillis(30));

      assertThat(registry.scrape())
          .contains("herald_test_latency_seconds_bucket{le=\"0.025\"} 0")
          .contains("herald_test_latency_seconds_bucket{le=\"0.05\"} 1")
          .contains("herald_test_latency_seconds_count 1");
    } finally {
      registry.close();
    }
  }
}
