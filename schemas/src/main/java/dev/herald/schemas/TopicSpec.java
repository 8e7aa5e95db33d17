package dev.herald.schemas;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** One topic of the catalog: its name, serdes, partition count and topic configs. */
public record TopicSpec<K, V>(
    String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, Map<String, String> configs) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("not a legal topic name: " + name);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1 for " + name);
    }
    configs = Map.copyOf(configs);
  }
}
