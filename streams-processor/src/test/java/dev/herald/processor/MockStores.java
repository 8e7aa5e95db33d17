package dev.herald.processor;

import dev.herald.avro.Decision;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.store.ListMemberRecord;
import dev.herald.avro.store.ListTreeRecord;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.rls.ListServer;
import dev.herald.processor.state.StateCodec;
import dev.herald.schemas.AvroSerde;
import dev.herald.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** The resource processor's stores, in memory and unlogged, for a processor under a {@link MockProcessorContext}. */
final class MockStores {

  private MockStores() {}

  static void addTo(MockProcessorContext<?, ?> context, ProcessorConfig config) {
    WindowStore<String, Decision> decisions = Stores.windowStoreBuilder(
        Stores.inMemoryWindowStore(ResourceTopology.DECISIONS_STORE, config.decisionRetention(),
            ResourceTopology.DECISION_WINDOW, false), Serdes.String(), Topics.REPLIES.valueSerde())
        .withLoggingDisabled().build();
    KeyValueStore<String, ResourceState> resources = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(ResourceTopology.RESOURCES_STORE), Serdes.String(), StateCodec.serde())
        .withLoggingDisabled().build();
    KeyValueStore<String, Subscription> subscriptions = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(ResourceTopology.SUBSCRIPTIONS_STORE), Serdes.String(),
        StateCodec.subscriptionSerde()).withLoggingDisabled().build();
    KeyValueStore<String, PresenceRules> rules = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(ResourceTopology.RULES_STORE), Serdes.String(), Topics.PRESENCE_RULES.valueSerde())
        .withLoggingDisabled().build();
    KeyValueStore<String, ListTreeRecord> trees = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(ListServer.TREES_STORE), Serdes.String(), AvroSerde.of(ListTreeRecord.class))
        .withLoggingDisabled().build();
    KeyValueStore<String, ListMemberRecord> members = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(ListServer.MEMBERS_STORE), Serdes.String(), AvroSerde.of(ListMemberRecord.class))
        .withLoggingDisabled().build();
    for (StateStore store : List.<StateStore>of(decisions, resources, subscriptions, rules, trees, members)) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
  }
}
