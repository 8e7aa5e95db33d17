package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

class StoreMemoryTest {

  @Test
  void atLeastOneResourceIsRememberedPerTask() {
    assertThatThrownBy(() -> StoreMemory.defaults().withRememberedResources(0))
        .hasMessageContaining("remembered resources per task must be at least 1, was 0");
  }

  @Test
  void rocksDbGetsAtLeastEightMebibytes() {
    assertThatThrownBy(() -> StoreMemory.defaults().withRocksDbBytes(1024))
        .hasMessageContaining("RocksDB memory must be at least 8 MiB, was 1024 bytes");
    assertThat(StoreMemory.defaults().withRocksDbBytes(StoreMemory.MIN_ROCKSDB_BYTES).rocksDbBytes())
        .isEqualTo(StoreMemory.MIN_ROCKSDB_BYTES);
  }

  @Test
  void aStoresWriteBuffersAreSizedFromTheBoundThatTheyAreChargedTo() {
    try (Options options = new Options()) {
      new BoundedRocksDb().setConfig("resources", options, Map.of(BoundedRocksDb.BYTES, 16L << 20));

      assertThat(options.writeBufferSize()).isEqualTo(2L << 20);
      assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
    }
  }

  @Test
  void withoutABoundInTheConfigsTheDefaultIsTaken() {
    assertThat(BoundedRocksDb.bytesOf(Map.of())).isEqualTo(StoreMemory.defaults().rocksDbBytes());
    assertThat(BoundedRocksDb.bytesOf(Map.of(BoundedRocksDb.BYTES, "33554432"))).isEqualTo(32L << 20);
  }
}
