package dev.herald.processor;

/**
 * How much memory the processor's stores take, whatever the number of resources and tasks.
 *
 * @param rememberedResources resources each stream task keeps decoded on the heap, the last used
 *     first; a resource read again from its store costs a decode of each of its subscriptions
 * @param rocksDbBytes off-heap bytes shared by every RocksDB store of the process, for their block
 *     caches and write buffers together; without a bound each store of each task takes its own
 */
public record StoreMemory(int rememberedResources, long rocksDbBytes) {

  /** Below this RocksDB cannot keep the write buffers of the stores of even one task. */
  public static final long MIN_ROCKSDB_BYTES = 8L * 1024 * 1024;

  public StoreMemory {
    if (rememberedResources < 1) {
      throw new IllegalArgumentException("remembered resources per task must be at least 1, was "
          + rememberedResources);
    }
    if (rocksDbBytes < MIN_ROCKSDB_BYTES) {
      throw new IllegalArgumentException("RocksDB memory must be at least " + (MIN_ROCKSDB_BYTES >> 20) + " MiB, was "
          + rocksDbBytes + " bytes");
    }
  }

  /** A thousand busy resources per task on the heap; 64 MiB for RocksDB. */
  public static StoreMemory defaults() {
    return new StoreMemory(1_000, 64L * 1024 * 1024);
  }

  public StoreMemory withRememberedResources(int resources) {
    return new StoreMemory(resources, rocksDbBytes);
  }

  public StoreMemory withRocksDbBytes(long bytes) {
    return new StoreMemory(rememberedResources, bytes);
  }
}
