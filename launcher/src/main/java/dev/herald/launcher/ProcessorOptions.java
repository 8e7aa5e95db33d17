package dev.herald.launcher;

import dev.herald.processor.ResourceLimits;
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

  ResourceLimits limits() {
    return new ResourceLimits(maxPublications, maxWatchers);
  }
}
