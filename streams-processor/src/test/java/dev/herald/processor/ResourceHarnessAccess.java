package dev.herald.processor;

import dev.herald.packages.state.ResourceState;
import org.apache.kafka.streams.TopologyTestDriver;

/** What the stores of the resource topology hold, for topology tests outside this package. */
public final class ResourceHarnessAccess {

  private ResourceHarnessAccess() {}

  public static ResourceState stored(TopologyTestDriver driver, String resource) {
    return ResourceHarness.stored(driver, resource);
  }
}
