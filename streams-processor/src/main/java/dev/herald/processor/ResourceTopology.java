package dev.herald.processor;

import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.store.ListMemberRecord;
import dev.herald.avro.store.ListTreeRecord;
import dev.herald.packages.authorization.Authorizer;
import dev.herald.packages.spi.EventDescriptor;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.EventPackages;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.spi.PackageHost;
import dev.herald.packages.spi.WatcherAuthorization;
import dev.herald.processor.registrar.RegistrarEventParser;
import dev.herald.processor.rls.ListChangesProcessor;
import dev.herald.processor.rls.ListServer;
import dev.herald.processor.state.StateCodec;
import dev.herald.schemas.AvroSerde;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The resource context: every request event and NOTIFY outcome of a resource reaches one
 * processor, which keeps the resource's state, decides the answer and emits NOTIFY commands.
 * With {@link ProcessorConfig.Outputs#NONE} the topology has the same sources, processor and
 * stores but no sinks and no registrar-events branch: a rebuild fills its stores from the logs
 * and writes nothing anyone acts on (the registrar events are in the request log already).
 */
public final class ResourceTopology {

  public static final String REQUESTS_SOURCE = "requests-source";
  public static final String OUTCOMES_SOURCE = "notify-outcomes-source";
  public static final String RULES_SOURCE = "presence-rules-source";
  public static final String REGISTRAR_EVENTS_SOURCE = "registrar-events-source";
  public static final String REGISTRAR_EVENTS_PROCESSOR = "registrar-events-to-requests";
  public static final String REQUESTS_SINK = "requests-sink";
  public static final String RESOURCE_PROCESSOR = "resource-processor";
  public static final String REPLIES_SINK = "replies-sink";
  public static final String NOTIFICATIONS_SINK = "notifications-sink";
  public static final String EDGE_NOTIFICATIONS_SINK = "edge-notifications-sink";
  public static final String PRESENCE_STATE_SINK = "presence-state-sink";
  public static final String WATCH_DEMAND_SINK = "watch-demand-sink";
  public static final String DECISIONS_STORE = "recent-decisions";
  public static final String RESOURCES_STORE = "resources";
  public static final String SUBSCRIPTIONS_STORE = "subscriptions";
  public static final String RULES_STORE = "presence-rules";
  public static final String LISTS_SOURCE = "resource-lists-source";
  public static final String LIST_CHANGES_PROCESSOR = "list-changes-to-requests";
  public static final String LIST_REQUESTS_SINK = "list-requests-sink";
  /** Back-end subscriptions of resource lists and what they report, from one resource to another. */
  public static final String RESOURCE_REQUESTS_SINK = "resource-requests-sink";

  /** The source name of bindings an external registrar reported, in the request log and the store. */
  static final String EXTERNAL_REGISTRAR = "external-registrar";

  /** Each decision is stored at the timestamp of the request it answers. */
  static final Duration DECISION_WINDOW = Duration.ofMillis(1);

  private ResourceTopology() {}

  public static Topology build(ProcessorConfig config) {
    return build(config, StateGauges.NONE);
  }

  /** The topology, its stream tasks counting what they hold in {@code gauges}. */
  public static Topology build(ProcessorConfig config, StateGauges gauges) {
    return build(config, packages(config), gauges);
  }

  /** The names the gauges of what the processor holds know: each package's, and each event it serves. */
  static List<String> packageNames(ProcessorConfig config) {
    return Stream.concat(packages(config).stream().map(EventPackage::name),
        EventPackages.descriptors(config.packageSettings()).stream().map(EventDescriptor::name)).distinct().toList();
  }

  /** The event packages on the class path, under this processor's settings; each is stateless, so all tasks share them. */
  public static List<EventPackage<?>> packages(ProcessorConfig config) {
    WatcherAuthorization authorization = (rules, watcher, presentity) ->
        Authorizer.subHandling(rules, watcher, presentity, config.defaultPolicy());
    return EventPackages.create(config.packageSettings(),
        new PackageHost(new Notifies(config.presence().contactUri()), authorization));
  }

  static Topology build(ProcessorConfig config, List<EventPackage<?>> packages) {
    return build(config, packages, StateGauges.NONE);
  }

  static Topology build(ProcessorConfig config, List<EventPackage<?>> packages, StateGauges gauges) {
    Notifies notifies = new Notifies(config.presence().contactUri());
    Topology topology = new Topology();
    topology.addSource(REQUESTS_SOURCE, Topics.REQUESTS.keySerde().deserializer(),
        Topics.REQUESTS.valueSerde().deserializer(), Topics.REQUESTS.name());
    topology.addSource(OUTCOMES_SOURCE, Topics.NOTIFY_OUTCOMES.keySerde().deserializer(),
        Topics.NOTIFY_OUTCOMES.valueSerde().deserializer(), Topics.NOTIFY_OUTCOMES.name());
    topology.addSource(RULES_SOURCE, Topics.PRESENCE_RULES.keySerde().deserializer(),
        Topics.PRESENCE_RULES.valueSerde().deserializer(), Topics.PRESENCE_RULES.name());
    topology.addProcessor(RESOURCE_PROCESSOR, () -> new ResourceProcessor(config, notifies, packages, gauges),
        REQUESTS_SOURCE, OUTCOMES_SOURCE, RULES_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(RULES_STORE), Serdes.String(), Topics.PRESENCE_RULES.valueSerde()),
        RESOURCE_PROCESSOR);
    // Decisions are only looked up by request id, within their retention: a window store drops
    // whole segments as stream time passes, with no index to keep and no deletes to log.
    topology.addStateStore(Stores.windowStoreBuilder(
        Stores.persistentWindowStore(DECISIONS_STORE, config.decisionRetention(), DECISION_WINDOW, false),
        Serdes.String(), Topics.REPLIES.valueSerde()),
        RESOURCE_PROCESSOR);
    // A resource's subscriptions each under a key of their own, the rest under the resource's key
    // (state.ResourceStore); the expiry index is derived from both, in memory.
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(RESOURCES_STORE), Serdes.String(), StateCodec.serde()),
        RESOURCE_PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(SUBSCRIPTIONS_STORE), Serdes.String(), StateCodec.subscriptionSerde()),
        RESOURCE_PROCESSOR);
    // Resource lists (RFC 4662): each list resource's tree, and what its subscriptions heard of each member.
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ListServer.TREES_STORE), Serdes.String(), AvroSerde.of(ListTreeRecord.class)),
        RESOURCE_PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ListServer.MEMBERS_STORE), Serdes.String(), AvroSerde.of(ListMemberRecord.class)),
        RESOURCE_PROCESSOR);
    if (config.outputs() == ProcessorConfig.Outputs.NONE) {
      return topology;
    }
    topology.addSink(REPLIES_SINK, Topics.REPLIES.name(), Topics.REPLIES.keySerde().serializer(),
        Topics.REPLIES.valueSerde().serializer(), ResourceTopology.replyPartitioner(), RESOURCE_PROCESSOR);
    topology.addSink(NOTIFICATIONS_SINK, Topics.NOTIFICATIONS.name(), Topics.NOTIFICATIONS.keySerde().serializer(),
        Topics.NOTIFICATIONS.valueSerde().serializer(), RESOURCE_PROCESSOR);
    topology.addSink(EDGE_NOTIFICATIONS_SINK, Topics.EDGE_NOTIFICATIONS.name(),
        Topics.EDGE_NOTIFICATIONS.keySerde().serializer(), Topics.EDGE_NOTIFICATIONS.valueSerde().serializer(),
        ResourceTopology.edgePartitioner(), RESOURCE_PROCESSOR);
    topology.addSink(PRESENCE_STATE_SINK, Topics.PRESENCE_STATE.name(), Topics.PRESENCE_STATE.keySerde().serializer(),
        Topics.PRESENCE_STATE.valueSerde().serializer(), RESOURCE_PROCESSOR);
    topology.addSink(RESOURCE_REQUESTS_SINK, Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
        Topics.REQUESTS.valueSerde().serializer(), RESOURCE_PROCESSOR);
    topology.addSink(WATCH_DEMAND_SINK, Topics.WATCH_DEMAND.name(), Topics.WATCH_DEMAND.keySerde().serializer(),
        Topics.WATCH_DEMAND.valueSerde().serializer(), RESOURCE_PROCESSOR);
    // An external registrar's events enter the request log, keyed by resource, like a REGISTER.
    topology.addSource(REGISTRAR_EVENTS_SOURCE, Topics.REGISTRAR_EVENTS.keySerde().deserializer(),
        Topics.REGISTRAR_EVENTS.valueSerde().deserializer(), Topics.REGISTRAR_EVENTS.name());
    RegistrarEventParser parser = new RegistrarEventParser(RegistrarEventParser.Limits.DEFAULTS);
    topology.addProcessor(REGISTRAR_EVENTS_PROCESSOR, () -> new RegistrarEventsProcessor(parser, EXTERNAL_REGISTRAR),
        REGISTRAR_EVENTS_SOURCE);
    // A change of herald.resource-lists enters the request log of every list resource it changes.
    topology.addSource(LISTS_SOURCE, Topics.RESOURCE_LISTS.keySerde().deserializer(),
        Topics.RESOURCE_LISTS.valueSerde().deserializer(), Topics.RESOURCE_LISTS.name());
    topology.addProcessor(LIST_CHANGES_PROCESSOR, () -> new ListChangesProcessor(config.lists().packages()),
        LISTS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ListChangesProcessor.STORE),
        Serdes.String(), Topics.RESOURCE_LISTS.valueSerde()), LIST_CHANGES_PROCESSOR);
    // One sink per writer, so that each source's sub-topology stays its own, with its own tasks.
    topology.addSink(REQUESTS_SINK, Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
        Topics.REQUESTS.valueSerde().serializer(), REGISTRAR_EVENTS_PROCESSOR);
    topology.addSink(LIST_REQUESTS_SINK, Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
        Topics.REQUESTS.valueSerde().serializer(), LIST_CHANGES_PROCESSOR);
    return topology;
  }

  /** Sends each NOTIFY to the partition of the edge that holds its flow. */
  static StreamPartitioner<String, NotifyCommand> edgePartitioner() {
    return (topic, key, notify, numPartitions) -> {
      Integer partition = notify.getEdgeInstance();
      return Optional.of(partition != null && partition >= 0 && partition < numPartitions ? Set.of(partition) : Set.of());
    };
  }

  /** Sends each decision to the partition its edge reads; one without an edge is dropped. */
  static StreamPartitioner<String, Decision> replyPartitioner() {
    return (topic, key, decision, numPartitions) -> {
      int partition = decision.getReplyPartition();
      return Optional.of(partition >= 0 && partition < numPartitions ? Set.of(partition) : Set.of());
    };
  }
}
