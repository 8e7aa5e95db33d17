package dev.herald.processor;

import dev.herald.packages.state.ResourceState;
import dev.herald.processor.state.ResourceStore;
import dev.herald.testkit.TopologyHarness;
import java.nio.file.Path;
import org.apache.kafka.streams.TopologyTestDriver;

/** The resource topology in the test kit's {@link TopologyHarness}, and what its stores hold. */
final class ResourceHarness {

  private ResourceHarness() {}

  static TopologyHarness of(ProcessorConfig config, Path stateDir) {
    return new TopologyHarness(ResourceTopology.build(config), config.applicationId(), stateDir);
  }

  /** The resource's state as the driver's stores hold it, or null if they hold nothing of it. */
  static ResourceState stored(TopologyTestDriver driver, String resource) {
    return ResourceStore.read(driver.getKeyValueStore(ResourceTopology.RESOURCES_STORE),
        driver.getKeyValueStore(ResourceTopology.SUBSCRIPTIONS_STORE), resource);
  }
}
