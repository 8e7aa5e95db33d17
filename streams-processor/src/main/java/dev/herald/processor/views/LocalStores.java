package dev.herald.processor.views;

import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.ResourceTopology;
import dev.herald.processor.state.ResourceStore;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The resource stores of this processor instance's active tasks, read as Kafka Streams' interactive
 * queries read them (a store of a task that is moving throws {@code InvalidStateStoreException}).
 */
public final class LocalStores implements ResourceSource {

  private final KafkaStreams streams;

  public LocalStores(KafkaStreams streams) {
    this.streams = streams;
  }

  /** {@code resource}'s state, if this instance holds it, from the task of {@code partition} (or of any). */
  @Override
  public ResourceState resource(String resource, OptionalInt partition) {
    return ResourceStore.read(store(ResourceTopology.RESOURCES_STORE, partition),
        store(ResourceTopology.SUBSCRIPTIONS_STORE, partition), resource);
  }

  /**
   * Hands every resource of this instance's active tasks, whole, to {@code each}. A running instance
   * without a task of the stores (more instances than partitions) holds none.
   */
  @Override
  public void eachResource(BiConsumer<String, ResourceState> each) {
    ReadOnlyKeyValueStore<String, ResourceState> heads;
    ReadOnlyKeyValueStore<String, Subscription> subscriptions;
    try {
      heads = store(ResourceTopology.RESOURCES_STORE, OptionalInt.empty());
      subscriptions = store(ResourceTopology.SUBSCRIPTIONS_STORE, OptionalInt.empty());
      heads.approximateNumEntries();
    } catch (InvalidStateStoreException e) {
      if (streams.state() == KafkaStreams.State.RUNNING) {
        return;
      }
      throw e;
    }
    try (KeyValueIterator<String, ResourceState> allHeads = heads.all();
         KeyValueIterator<String, Subscription> allSubscriptions = subscriptions.all()) {
      ResourceStore.wholeStates(allHeads, allSubscriptions, each);
    }
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name, OptionalInt partition) {
    StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters =
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
    return streams.store(partition.isPresent() ? parameters.withPartition(partition.getAsInt()) : parameters);
  }
}
