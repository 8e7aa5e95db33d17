package dev.herald.launcher;

import dev.herald.common.kafka.LingerUnderLoad;
import dev.herald.packages.rls.ListLimits;
import dev.herald.processor.ResourceLimits;
import dev.herald.processor.StoreMemory;
import dev.herald.processor.rls.ListSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of {@code herald up} that size the stream processor. */
final class ProcessorOptions {

  @Option(names = "--stream-threads", defaultValue = "1",
      description = "stream threads of the processor; more only pays with cores to spare beside the edge and the"
          + " broker (HERALD_STREAM_THREADS)")
  int streamThreads;

  @Option(names = "--max-publications", defaultValue = "64",
      description = "publications one resource holds at once; an initial PUBLISH beyond them gets 403"
          + " (HERALD_MAX_PUBLICATIONS)")
  int maxPublications;

  @Option(names = "--max-watchers", defaultValue = "10000",
      description = "subscriptions one resource holds at once; a new SUBSCRIBE beyond them gets 403"
          + " (HERALD_MAX_WATCHERS)")
  int maxWatchers;

  @Option(names = "--remembered-resources", defaultValue = "1000",
      description = "resources each stream task keeps decoded on the heap, the busiest first"
          + " (HERALD_REMEMBERED_RESOURCES)")
  int rememberedResources;

  @Option(names = "--rocksdb-memory-mib", defaultValue = "64",
      description = "MiB shared by every RocksDB store of the processor, block cache and write buffers together"
          + " (HERALD_ROCKSDB_MEMORY_MIB)")
  long rocksDbMemoryMib;

  @Option(names = "--batch-linger-ms", defaultValue = "2",
      description = "under load, how long the processor's records wait for others before they are sent; 0: never"
          + " (HERALD_BATCH_LINGER_MS)")
  int batchLingerMs;

  @Option(names = "--batch-above-rate", defaultValue = "5000",
      description = "records per second the processor sends above which they linger; below half of it for a second,"
          + " they go at once again (HERALD_BATCH_ABOVE_RATE)")
  int batchAboveRate;

  @Option(names = "--list-max-depth", defaultValue = "" + ListLimits.DEFAULT_MAX_DEPTH,
      description = "resource lists may nest this many levels, the list itself counted; a list put deeper is refused"
          + " (HERALD_LIST_MAX_DEPTH)")
  int listMaxDepth;

  @Option(names = "--list-max-members", defaultValue = "" + ListLimits.DEFAULT_MAX_MEMBERS,
      description = "resources one list may expand to, its nested lists' members included; a bigger one is refused,"
          + " and a SUBSCRIBE carrying a longer list gets 413 (HERALD_LIST_MAX_MEMBERS)")
  int listMaxMembers;

  @Option(names = "--list-notify-interval-ms", defaultValue = "1000",
      description = "least time between two NOTIFYs of one resource list subscription; member changes within it merge"
          + " into one (HERALD_LIST_NOTIFY_INTERVAL_MS)")
  long listNotifyIntervalMs;

  @Option(names = "--list-max-notify-bytes", defaultValue = "" + ListSettings.DEFAULT_MAX_BODY_BYTES,
      description = "the most one resource list NOTIFY's body holds; members' state beyond it follows at once in further"
          + " NOTIFYs, so none outgrows a UDP datagram (HERALD_LIST_MAX_NOTIFY_BYTES)")
  int listMaxNotifyBytes;

  /** How lists are served; the Content-IDs of their NOTIFYs name {@code sipHost} when it is a host name or IPv4. */
  ListSettings listSettings(String sipHost) {
    ListSettings defaults = ListSettings.defaults();
    String host = sipHost.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*") ? sipHost : defaults.contentIdHost();
    return new ListSettings(Duration.ofMillis(listNotifyIntervalMs), defaults.packages(), host, listMaxNotifyBytes);
  }

  ListLimits listLimits() {
    return new ListLimits(listMaxDepth, listMaxMembers);
  }

  LingerUnderLoad.Settings batching() {
    return new LingerUnderLoad.Settings(batchLingerMs, batchAboveRate);
  }

  StoreMemory storeMemory() {
    return new StoreMemory(rememberedResources, Math.multiplyExact(rocksDbMemoryMib, 1024L * 1024));
  }

  ResourceLimits limits() {
    return new ResourceLimits(maxPublications, maxWatchers);
  }
}
