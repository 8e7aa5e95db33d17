package dev.herald.processor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the process together: one block cache, with the write
 * buffers and the index and filter blocks counted in it (Kafka Streams' "bounded memory" recipe).
 * By default each store of each task takes its own 50 MB cache and up to three 16 MB write buffers;
 * with four stores on each of six partitions that is hundreds of MB that grow with the partitions.
 * The bound is {@link StoreMemory#rocksDbBytes()}, passed in the Streams configs under {@link #BYTES}.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

  /** The Streams config key that carries the bound. */
  public static final String BYTES = "herald.rocksdb.memory.bytes";

  private static final double INDEX_AND_FILTER_SHARE = 0.1;
  private static final long BLOCK_SIZE = 4 * 1024;

  /** The cache and the write buffer manager of each bound; never closed, every store of the process uses them. */
  private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

  private record Shared(Cache cache, WriteBufferManager writeBuffers) {

    static Shared of(long bytes) {
      Cache cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
      // Write buffers are charged to the cache: half of the bound at most.
      return new Shared(cache, new WriteBufferManager(bytes / 2, cache));
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long bytes = bytesOf(configs);
    Shared shared = SHARED.computeIfAbsent(bytes, Shared::of);
    // Kafka Streams hands over options with its own table config; anything else starts from RocksDB's.
    BlockBasedTableConfig table = options.tableFormatConfig() instanceof BlockBasedTableConfig given ? given
        : new BlockBasedTableConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    table.setBlockSize(BLOCK_SIZE);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(Math.min(bytes / 8, 16L * 1024 * 1024));
    options.setTableFormatConfig(table);
  }

  static long bytesOf(Map<String, Object> configs) {
    Object value = configs.get(BYTES);
    if (value == null) {
      return StoreMemory.defaults().rocksDbBytes();
    }
    return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store: they stay open.
  }
}
