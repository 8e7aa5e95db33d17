package dev.herald.processor;

import dev.herald.avro.AdminCommand;
import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.PresenceState;
import dev.herald.avro.PublicationSummary;
import dev.herald.avro.Publish;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.avro.WatchDemand;
import dev.herald.common.LogContext;
import dev.herald.packages.authorization.Authorizer;
import dev.herald.packages.spi.EntityTags;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.logic.Decisions;
import dev.herald.processor.logic.Effects;
import dev.herald.processor.logic.ResourceLogic;
import dev.herald.processor.rls.ListServer;
import dev.herald.processor.rls.ListWatches;
import dev.herald.processor.state.ResourceStore;
import dev.herald.schemas.ResourceKeys;
import dev.herald.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of every resource of its partitions. Decides each request once: a request id
 * it has decided within the decision retention (a retransmission, or an event the edge's
 * producer sent twice) gets the same decision again and changes nothing. The presentity's
 * authorization rules arrive on their own topic, co-partitioned with the requests; a change of
 * them judges the resource's watchers again at once.
 *
 * <p>Time is the record's: a request is decided at its timestamp (the edge's produce time), and
 * before it is applied everything of the task due at or before that time expires, each expiry at
 * its own due time, from a time-ordered index of each resource's next expiry. So the same records
 * give the same state live and in a replay, whatever the wall clock. A wall-clock punctuator
 * expires what falls due while no records come (live outputs only). Where the clocks disagree a
 * replay can differ (docs/replay.md): a record stamped before what that punctuator already expired
 * (edge clock behind, or a backlog) finds those entries gone, where a replay still has them; one
 * stamped ahead of the wall clock expires nothing beyond the wall clock live, where a replay expires
 * up to the record's time.
 *
 * <p>Every change of a resource passes through {@link #apply}, which also tells a gateway when a
 * resource of its domain gains its first watcher or loses its last (herald.watch-demand).
 */
final class ResourceProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(ResourceProcessor.class);

  /** How often the wall clock looks for list NOTIFYs whose interval has passed. */
  private static final Duration LIST_NOTIFY_TICK = Duration.ofMillis(50);

  private final ProcessorConfig config;
  private final Notifies notifies;
  private final ResourceLogic logic;
  private final boolean live;
  private ProcessorContext<String, SpecificRecord> context;
  private WindowStore<String, Decision> decisions;
  private ResourceStore resources;
  private final ExpiryIndex expiryIndex = new ExpiryIndex();
  /** List subscriptions whose next NOTIFY waits for their interval, by when it may go. */
  private final ExpiryIndex listNotifications = new ExpiryIndex();
  private KeyValueStore<String, PresenceRules> rules;
  private ListServer lists;
  private final StateGauges gauges;
  private StateGauges.TaskCounts counts;

  ResourceProcessor(ProcessorConfig config, Notifies notifies, List<EventPackage<?>> packages, StateGauges gauges) {
    this.config = config;
    this.gauges = gauges;
    this.notifies = notifies;
    this.logic = new ResourceLogic(config.presence(), config.registrar(), config.limits(), notifies, packages);
    this.live = config.outputs() == ProcessorConfig.Outputs.LIVE;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.decisions = context.getStateStore(ResourceTopology.DECISIONS_STORE);
    this.rules = context.getStateStore(ResourceTopology.RULES_STORE);
    // A task starts, or starts again, on stores just restored: what is kept in memory is built from them.
    expiryIndex.clear();
    listNotifications.clear();
    this.lists = new ListServer(context.getStateStore(ListServer.TREES_STORE),
        context.getStateStore(ListServer.MEMBERS_STORE), notifies, config.lists(), listNotifications::add);
    long startedAt = context.currentSystemTimeMs();
    if (counts != null) {
      counts.close();
    }
    StateGauges.TaskCounts restored = gauges.task();
    this.counts = restored;
    this.resources = ResourceStore.open(context.getStateStore(ResourceTopology.RESOURCES_STORE),
        context.getStateStore(ResourceTopology.SUBSCRIPTIONS_STORE), config.storeMemory().rememberedResources(),
        (resource, state) -> {
          restored.add(state, 1);
          state.nextExpiryMs().ifPresent(due -> expiryIndex.add(due, resource));
          lists.recover(resource, state, startedAt);
        });
    lists.recoverUnsent(startedAt);
    if (live) {
      context.schedule(config.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, this::expireUpTo);
      context.schedule(LIST_NOTIFY_TICK, PunctuationType.WALL_CLOCK_TIME, this::notifyListsUpTo);
    }
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    try (LogContext context = LogContext.of(callIdOf(record.value()), record.key())) {
      handle(record);
    }
  }

  /** The Call-ID of a SIP request's event, for the log lines written while it is applied; null for others. */
  private static String callIdOf(SpecificRecord value) {
    if (!(value instanceof RequestEvent event)) {
      return null;
    }
    Object payload = event.getPayload();
    if (payload instanceof Subscribe subscribe) {
      return subscribe.getCallId();
    }
    if (payload instanceof Publish publish) {
      return publish.getCallId();
    }
    return payload instanceof Registration registration ? registration.getCallId() : null;
  }

  private void handle(Record<String, SpecificRecord> record) {
    long now = record.timestamp();
    // Live, a record stamped ahead of this host's clock (an edge clock running fast) must not expire
    // what is not due here yet; the punctuator expires it when its time comes.
    long horizon = live ? Math.min(now, context.currentSystemTimeMs()) : now;
    if (expiryIndex.anyDueBy(horizon)) {
      expireUpTo(horizon);
    }
    if (listNotifications.anyDueBy(horizon)) {
      notifyListsUpTo(horizon);
    }
    boolean isRules = context.recordMetadata().map(m -> Topics.PRESENCE_RULES.name().equals(m.topic())).orElse(false);
    if (isRules) {
      rulesChanged(record.key(), (PresenceRules) record.value(), now);
      return;
    }
    if (!(record.value() instanceof RequestEvent event)) {
      return;
    }
    String resource = event.getResource();
    if (log.isDebugEnabled()) {
      log.debug("{} {}", event.getPayload().getClass().getSimpleName(), event.getRequestId());
    }
    ResourceState before = resources.load(resource);
    if (event.getPayload() instanceof NotifyOutcome outcome) {
      // The notifier names an outcome by subscription and CSeq: one its producer sent twice, or one
      // read again after a failover, counts once towards the failures that end a subscription.
      if (earlierDecision(event.getRequestId(), now) == null) {
        decisions.put(event.getRequestId(), Decisions.of(event, 200, "outcome applied", List.of(), null, now),
            now);
        apply(resource, before, logic.outcome(before, outcome, now), now);
      }
      return;
    }
    Decision earlier = earlierDecision(event.getRequestId(), now);
    if (earlier != null) {
      reply(earlier, event.getReplyPartition(), now);
      return;
    }
    if (event.getPayload() instanceof AdminCommand command && ListServer.isListCommand(command)) {
      List<RequestEvent> requests = new ArrayList<>();
      Effects effects = lists.apply(before, event, command, now, requests);
      decisions.put(event.getRequestId(), effects.decision(), now);
      apply(resource, before, effects, now, requests);
      return;
    }
    Effects effects = decide(before, event, now);
    decisions.put(event.getRequestId(), effects.decision(), now);
    apply(resource, before, effects, now);
  }

  /**
   * The decision taken for {@code requestId} within the retention around {@code timestamp}: on
   * both sides, since a retransmission may come through an edge whose clock is a little behind.
   */
  private Decision earlierDecision(String requestId, long timestamp) {
    long retention = config.decisionRetention().toMillis();
    try (WindowStoreIterator<Decision> found = decisions.fetch(requestId, timestamp - retention, timestamp + retention)) {
      return found.hasNext() ? found.next().value : null;
    }
  }

  private Effects decide(ResourceState state, RequestEvent event, long now) {
    if (logic.packageOf(event.getResource()).isEmpty()) {
      return Effects.answer(state, Decisions.of(event, 489, "Bad Event", List.of(), null, now));
    }
    if (event.getPayload() instanceof Subscribe subscribe) {
      // RFC 4662 §4.1: what eventlist negotiates holds for the dialog, so only a new one must name it.
      if (subscribe.getListWatch() == null && subscribe.getToTag() == null && !subscribe.getEventlist()
          && (subscribe.getRecipientList() != null || lists.serves(event.getResource()))) {
        return Effects.answer(state, ListServer.requireEventlist(event, now));
      }
      Effects effects = logic.subscribe(state, rules.get(event.getResource()), event, subscribe, now);
      // RFC 5367 §5: a list the SUBSCRIBE carries wins over any the operator keeps at its URI.
      return subscribe.getRecipientList() == null || subscribe.getToTag() != null ? effects
          : lists.withOwnList(event.getResource(), state, effects, subscribe.getRecipientList(), now);
    }
    if (event.getPayload() instanceof Publish publish) {
      return logic.publish(state, event, publish, now);
    }
    if (event.getPayload() instanceof Registration registration
        && logic.packageOf(event.getResource()).filter(EventPackage::takesRegistrations).isPresent()) {
      return logic.register(state, event, registration, now);
    }
    if (event.getPayload() instanceof AdminCommand command) {
      return logic.admin(state, event, command, now);
    }
    return Effects.answer(state, Decisions.of(event, 501, "Not Implemented", List.of(), null, now));
  }

  /** Keeps the presentity's rules (a tombstone removes them) and judges its watchers again. */
  private void rulesChanged(String resource, PresenceRules newRules, long now) {
    if (resource == null) {
      return;
    }
    if (newRules == null) {
      rules.delete(resource);
    } else {
      rules.put(resource, newRules);
    }
    ResourceState state = resources.get(resource);
    if (state != null) {
      apply(resource, state, logic.rulesChanged(state, newRules, now), now);
    }
  }

  /** Applies what the resource's own logic did; a list resource's NOTIFYs become the list's. */
  private void apply(String resource, ResourceState before, Effects effects, long timestamp) {
    List<RequestEvent> requests = new ArrayList<>();
    apply(resource, before, lists.served(resource, before, effects, timestamp, requests), timestamp, requests);
  }

  private void apply(String resource, ResourceState before, Effects effects, long timestamp,
      List<RequestEvent> requests) {
    save(resource, before, effects.state());
    if (!live) {
      return;
    }
    // Back-end subscriptions of resource lists (RFC 4662 §2, §7.1.1) and what they report go through the log.
    requests.forEach(request -> forwardRequest(request, timestamp));
    if (effects.decision() != null) {
      // The answer first: on a resource with many watchers it need not wait behind their NOTIFYs.
      reply(effects.decision(), effects.decision().getReplyPartition(), timestamp);
      if (effects.decision().getReplyPartition() < 0) {
        // Nobody waits for the answer, so no edge sends the NOTIFYs that follow it.
        effects.decision().getNotifies().forEach(notify -> send(resource, notify, timestamp));
      }
    }
    effects.notifies().forEach(notify -> send(resource, notify, timestamp));
    if (effects.presenceChanged()) {
      // herald.presence-state is compacted: a resource with nothing published is a tombstone.
      PresenceState value = effects.state().publications().isEmpty() && effects.state().bindings().isEmpty() ? null
          : presenceState(effects.state(), effects.document() != null ? effects.document() : logic.document(effects.state()),
              timestamp);
      context.forward(new Record<>(resource, (SpecificRecord) value, timestamp), ResourceTopology.PRESENCE_STATE_SINK);
    }
    if (!config.gatewayDomains().isEmpty() || !config.localDomains().isEmpty()) {
      watchDemand(resource, before, effects.state(), timestamp);
    }
  }

  /**
   * A resource of a gateway's domain, or of a domain Herald does not serve, that had no subscription
   * and has some now is written to herald.watch-demand with how many it has; one that had some and has
   * none now, a tombstone.
   * Subscriptions that end (unsubscribed, expired, given up after failed NOTIFYs, blocked by the
   * rules) leave the state, so what the state holds is what is not terminated, pending or active.
   */
  private void watchDemand(String resource, ResourceState before, ResourceState after, long timestamp) {
    int watchers = after.subscriptions().size();
    if (before.subscriptions().isEmpty() == (watchers == 0)) {
      return;
    }
    String uri = ResourceKeys.uriOf(resource);
    String host = Authorizer.hostOf(uri);
    boolean elsewhere = host != null && (config.gatewayDomains().contains(host)
        || !config.localDomains().isEmpty() && !config.localDomains().contains(host));
    if (!elsewhere) {
      return;
    }
    WatchDemand value = watchers == 0 ? null : WatchDemand.newBuilder().setResource(resource)
        .setEvent(ResourceKeys.packageOf(resource)).setUri(uri).setWatchers(watchers).setUpdatedAtMs(timestamp).build();
    context.forward(new Record<>(resource, (SpecificRecord) value, timestamp), ResourceTopology.WATCH_DEMAND_SINK);
  }

  /**
   * To the edge that holds the subscriber's flow, or to any notifier; what a list's back-end
   * subscription would notify goes to its list resource instead.
   */
  private void send(String resource, NotifyCommand notify, long timestamp) {
    if (ListWatches.isListWatch(notify)) {
      forwardRequest(ListWatches.memberState(resource, notify, timestamp), timestamp);
      return;
    }
    context.forward(new Record<>(notify.getSubscriptionId(), (SpecificRecord) notify, timestamp),
        notify.getEdgeInstance() != null ? ResourceTopology.EDGE_NOTIFICATIONS_SINK : ResourceTopology.NOTIFICATIONS_SINK);
  }

  private void forwardRequest(RequestEvent request, long timestamp) {
    context.forward(new Record<>(request.getResource(), (SpecificRecord) request, timestamp),
        ResourceTopology.RESOURCE_REQUESTS_SINK);
  }

  /** Sends the list NOTIFYs whose interval has passed by {@code horizonMs}. */
  private void notifyListsUpTo(long horizonMs) {
    for (ExpiryIndex.Due due : listNotifications.takeDueBy(horizonMs)) {
      String[] key = ListServer.fromDueKey(due.resource());
      ResourceState state = resources.get(key[0]);
      if (state != null) {
        apply(key[0], state, lists.flush(state, key[1], Math.max(due.atMs(), horizonMs)), horizonMs, List.of());
      }
    }
  }

  /** Stores the new state and keeps one index entry per resource, at its next expiry. */
  private void save(String resource, ResourceState before, ResourceState after) {
    OptionalLong oldExpiry = before.nextExpiryMs();
    OptionalLong newExpiry = after.nextExpiryMs();
    if (oldExpiry.isPresent() && !oldExpiry.equals(newExpiry)) {
      expiryIndex.remove(oldExpiry.getAsLong(), resource);
    }
    if (newExpiry.isPresent() && !newExpiry.equals(oldExpiry)) {
      expiryIndex.add(newExpiry.getAsLong(), resource);
    }
    if (!after.equals(before)) {
      resources.save(before, after);
      counts.changed(before, after);
    }
  }

  @Override
  public void close() {
    if (counts != null) {
      counts.close();
      counts = null;
    }
  }

  private void reply(Decision decision, int replyPartition, long timestamp) {
    if (replyPartition < 0 || !live) {
      return;
    }
    Decision addressed = decision.getReplyPartition() == replyPartition ? decision
        : Decision.newBuilder(decision).setReplyPartition(replyPartition).build();
    context.forward(new Record<>(decision.getRequestId(), (SpecificRecord) addressed, timestamp),
        ResourceTopology.REPLIES_SINK);
  }

  /**
   * Expires what is due at or before {@code horizonMs}, found through the index, never by a full scan.
   * Every request runs it when something is due, so a request stamped after an expiry always sees it
   * done, as a rebuild reading the same records does.
   */
  private void expireUpTo(long horizonMs) {
    for (ExpiryIndex.Due due : expiryIndex.takeDueBy(horizonMs)) {
      ResourceState state = resources.get(due.resource());
      if (state == null) {
        continue;
      }
      for (Effects.Expiry expiry : logic.expiriesUpTo(state, horizonMs)) {
        apply(due.resource(), state, expiry.effects(), expiry.atMs());
        state = expiry.effects().state();
      }
      // The entry taken out may have been ahead of the state's own next expiry: put it right.
      String resource = due.resource();
      state.nextExpiryMs().ifPresent(next -> expiryIndex.add(next, resource));
    }
  }

  private PresenceState presenceState(ResourceState state, byte[] document, long timestamp) {
    return PresenceState.newBuilder()
        .setResource(state.resource())
        .setEvent(ResourceKeys.packageOf(state.resource()))
        .setContentType(logic.packageOf(state.resource()).map(p -> p.contentTypes().get(0)).orElse(null))
        .setDocument(ByteBuffer.wrap(document))
        .setPublications(Stream.concat(
            state.publications().stream().map(p -> PublicationSummary.newBuilder()
                .setEntityTag(p.entityTag()).setExpiresAtMs(p.expiresAtMs()).setContentType(p.contentType())
                .setBody(ByteBuffer.wrap(p.body())).setSource(EntityTags.sourceOf(p.entityTag())).build()),
            state.bindings().stream().map(b -> PublicationSummary.newBuilder()
                .setEntityTag(b.contact()).setExpiresAtMs(b.expiresAtMs()).setContentType(null).setBody(null)
                .setSource("registration").build())).toList())
        .setUpdatedAtMs(timestamp)
        .build();
  }
}
