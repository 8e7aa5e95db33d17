package dev.herald.processor.state;

import dev.herald.avro.SubHandling;
import dev.herald.avro.store.BindingRecord;
import dev.herald.avro.store.PublicationRecord;
import dev.herald.avro.store.ResourceStateRecord;
import dev.herald.avro.store.SubscriptionRecord;
import dev.herald.common.Buffers;
import dev.herald.packages.state.Binding;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.AvroSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The stores' serdes: {@link ResourceState} as the Avro record {@code ResourceStateRecord}, and one
 * {@link Subscription} as {@code SubscriptionRecord}.
 */
public final class StateCodec {

  private static final AvroSerde<ResourceStateRecord> AVRO = AvroSerde.of(ResourceStateRecord.class);
  private static final AvroSerde<SubscriptionRecord> SUBSCRIPTION = AvroSerde.of(SubscriptionRecord.class);

  private StateCodec() {}

  public static Serde<ResourceState> serde() {
    Serializer<ResourceState> serializer = (topic, state) -> state == null ? null : AVRO.encode(toRecord(state));
    Deserializer<ResourceState> deserializer = (topic, bytes) -> bytes == null ? null : fromRecord(AVRO.decode(bytes));
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /** The serde of one subscription, kept under a key of its own (see {@code ResourceStore}). */
  public static Serde<Subscription> subscriptionSerde() {
    Serializer<Subscription> serializer = (topic, s) -> s == null ? null : SUBSCRIPTION.encode(toRecord(s));
    Deserializer<Subscription> deserializer = (topic, bytes) -> bytes == null ? null
        : fromRecord(SUBSCRIPTION.decode(bytes));
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /**
   * {@code state} as text that is equal exactly when the states are: the stored Avro record as JSON,
   * fields in schema order, bodies as escaped text.
   */
  public static String canonical(ResourceState state) {
    return toRecord(state).toString();
  }

  /** {@code subscription} as text that is equal exactly when the subscriptions are. */
  public static String canonical(Subscription subscription) {
    return toRecord(subscription).toString();
  }

  static ResourceStateRecord toRecord(ResourceState state) {
    return ResourceStateRecord.newBuilder()
        .setResource(state.resource())
        .setEntityTagCounter(state.entityTagCounter())
        .setPublications(state.publications().stream().map(p -> PublicationRecord.newBuilder()
            .setEntityTag(p.entityTag()).setExpiresAtMs(p.expiresAtMs()).setContentType(p.contentType())
            .setBody(ByteBuffer.wrap(p.body())).setPublishedAtMs(p.publishedAtMs()).setPublisher(p.publisher())
            .setHeaders(p.headers()).setChange(p.change() == null ? null : ByteBuffer.wrap(p.change())).build()).toList())
        .setSubscriptions(state.subscriptions().stream().map(StateCodec::toRecord).toList())
        .setBindings(state.bindings().stream().map(b -> BindingRecord.newBuilder()
            .setContact(b.contact()).setExpiresAtMs(b.expiresAtMs()).setCallId(b.callId()).setCseq(b.cseq())
            .setQ(b.q()).setInstanceId(b.instanceId()).setRegId(b.regId()).setSource(b.source())
            .setUserAgent(b.userAgent()).setRegisteredAtMs(b.registeredAtMs())
            .setFlow(b.flow() == null ? null : toAvro(b.flow())).build()).toList())
        .build();
  }

  static ResourceState fromRecord(ResourceStateRecord record) {
    return new ResourceState(record.getResource(),
        record.getPublications().stream().map(p -> new Publication(p.getEntityTag(), p.getExpiresAtMs(),
            p.getContentType(), Buffers.copy(p.getBody()), p.getPublishedAtMs(), p.getPublisher(), p.getHeaders(),
            p.getChange() == null ? null : Buffers.copy(p.getChange()))).toList(),
        record.getSubscriptions().stream().map(StateCodec::fromRecord).toList(),
        record.getEntityTagCounter(),
        record.getBindings().stream().map(b -> new Binding(b.getContact(), b.getExpiresAtMs(), b.getCallId(),
            b.getCseq(), b.getQ(), b.getInstanceId(), b.getRegId(), b.getSource(), b.getUserAgent(),
            b.getRegisteredAtMs(), b.getFlow() == null ? null : fromAvro(b.getFlow()))).toList());
  }

  static SubscriptionRecord toRecord(Subscription s) {
    return SubscriptionRecord.newBuilder()
        .setId(s.id()).setEvent(s.event()).setEventId(s.eventId()).setCallId(s.callId())
        .setWatcherUri(s.watcherUri()).setWatcherTag(s.watcherTag()).setResourceUri(s.resourceUri())
        .setLocalTag(s.localTag()).setRemoteCseq(s.remoteCseq()).setNotifyCseq(s.notifyCseq())
        .setRemoteTarget(s.remoteTarget()).setRouteSet(s.routeSet()).setAccept(s.accept())
        .setExpiresAtMs(s.expiresAtMs()).setTransport(s.flow().transport())
        .setSourceHost(s.flow().remote().host()).setSourcePort(s.flow().remote().port())
        .setFlow(s.flow().edge().known() ? toAvro(s.flow()) : null).setFailedNotifies(s.failedNotifies())
        .setHandling(s.handling().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        .setWatcherIdentity(s.watcherIdentity()).setCreatedAtMs(s.createdAtMs())
        .setDocumentVersion(s.documentVersion()).setAttributes(s.attributes()).build();
  }

  static Subscription fromRecord(SubscriptionRecord s) {
    return Subscription.builder().id(s.getId()).event(s.getEvent()).eventId(s.getEventId())
        .callId(s.getCallId()).watcherUri(s.getWatcherUri()).watcherTag(s.getWatcherTag())
        .resourceUri(s.getResourceUri()).localTag(s.getLocalTag()).remoteCseq(s.getRemoteCseq())
        .notifyCseq(s.getNotifyCseq()).remoteTarget(s.getRemoteTarget()).routeSet(s.getRouteSet())
        .accept(s.getAccept()).expiresAtMs(s.getExpiresAtMs())
        .flow(s.getFlow() != null ? fromAvro(s.getFlow())
            : Flow.legacy(s.getTransport(), s.getSourceHost(), s.getSourcePort()))
        .failedNotifies(s.getFailedNotifies()).handling(handling(s.getHandling()))
        .watcherIdentity(s.getWatcherIdentity() != null ? s.getWatcherIdentity() : s.getWatcherUri())
        .createdAtMs(s.getCreatedAtMs()).documentVersion(s.getDocumentVersion())
        .attributes(s.getAttributes()).build();
  }

  /** The flow as the Avro record request events and the store carry. */
  public static dev.herald.avro.Flow toAvro(Flow flow) {
    return dev.herald.avro.Flow.newBuilder()
        .setEdgeId(flow.edge().id()).setEdgeInstance(flow.edge().instance()).setTransport(flow.transport())
        .setLocalHost(flow.local().host()).setLocalPort(flow.local().port())
        .setRemoteHost(flow.remote().host()).setRemotePort(flow.remote().port())
        .setNatted(flow.natted()).setOutbound(flow.outbound()).build();
  }

  public static Flow fromAvro(dev.herald.avro.Flow flow) {
    return new Flow(new Flow.Edge(flow.getEdgeId(), flow.getEdgeInstance()), flow.getTransport(),
        new Flow.Endpoint(flow.getLocalHost(), flow.getLocalPort()),
        new Flow.Endpoint(flow.getRemoteHost(), flow.getRemotePort()), flow.getNatted(), flow.getOutbound());
  }

  private static SubHandling handling(String stored) {
    return SubHandling.valueOf(stored.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }

}
