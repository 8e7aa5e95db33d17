package dev.herald.kafka.embedded;

import dev.herald.common.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaConfigTest {

  @TempDir
  Path dir;

  @Test
  void rejectsNegativePort() {
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(dir, "127.0.0.1", -1, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }

  @Test
  void rejectsNegativeOrTooLargeControllerPort() {
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(dir, "127.0.0.1", 0, -5, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("controllerPort");
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(dir, "127.0.0.1", 65536, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNullDataDir() {
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(null, "127.0.0.1", 0, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataDir");
  }

  @Test
  void rejectsBlankHostAndClashingFixedPorts() {
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(dir, " ", 0, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(dir, "127.0.0.1", 9092, 9092, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
  }

  @Test
  void rejectsOverridesOfNodeIdentityAndNullValues() {
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(dir, "127.0.0.1", 0, 0, Map.of("log.dirs", "/tmp/x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log.dirs");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("num.partitions", null);
    assertThatThrownBy(() -> new EmbeddedKafkaConfig(dir, "127.0.0.1", 0, 0, withNull))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullOverridesMeanNoneAndAreCopiedImmutably() {
    Map<String, String> source = new HashMap<>(Map.of("num.partitions", "4"));
    EmbeddedKafkaConfig config = new EmbeddedKafkaConfig(dir, "127.0.0.1", 0, 0, source);
    source.put("num.partitions", "9");

    assertThat(config.overrides()).containsExactly(Map.entry("num.partitions", "4"));
    assertThat(new EmbeddedKafkaConfig(dir, "127.0.0.1", 0, 0, null).overrides()).isEmpty();
    assertThatThrownBy(() -> config.overrides().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void testFactoryUsesAFreshTempDirLoopbackAndFreePorts() throws Exception {
    EmbeddedKafkaConfig config = EmbeddedKafkaConfig.forTests();
    try {
      assertThat(config.dataDir()).isDirectory();
      assertThat(config.host()).isEqualTo("127.0.0.1");
      assertThat(config.port()).isZero();
      assertThat(config.controllerPort()).isZero();
    } finally {
      Files.deleteIfExists(config.dataDir());
    }
  }
}
