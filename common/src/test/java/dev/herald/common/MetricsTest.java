package dev.herald.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
}
