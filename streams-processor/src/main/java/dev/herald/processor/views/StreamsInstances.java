package dev.herald.processor.views;

import dev.herald.processor.ResourceTopology;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** The instances Kafka Streams knows of, by the {@code application.server} each set. */
public final class StreamsInstances implements Instances {

  private final KafkaStreams streams;
  private final String self;

  /** The instances of {@code streams}'s application; {@code self} is this one's {@code application.server}. */
  public StreamsInstances(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = name(self);
  }

  @Override
  public String self() {
    return self;
  }

  @Override
  public Optional<Owner> ownerOf(String resource) {
    KeyQueryMetadata metadata = streams.queryMetadataForKey(ResourceTopology.RESOURCES_STORE, resource,
        Serdes.String().serializer());
    if (metadata == null || metadata.activeHost() == null || metadata.activeHost().port() < 0) {
      return Optional.empty();
    }
    return Optional.of(new Owner(name(metadata.activeHost()), OptionalInt.of(metadata.partition())));
  }

  @Override
  public List<String> all() {
    TreeSet<String> all = new TreeSet<>();
    all.add(self);
    for (StreamsMetadata metadata : streams.streamsMetadataForStore(ResourceTopology.RESOURCES_STORE)) {
      if (metadata.hostInfo() != null && metadata.hostInfo().port() >= 0) {
        all.add(name(metadata.hostInfo()));
      }
    }
    return List.copyOf(all);
  }

  /** {@code host:port}, the form {@code application.server} takes; an IPv6 address in brackets. */
  public static String name(HostInfo host) {
    return (host.host().indexOf(':') >= 0 ? "[" + host.host() + "]" : host.host()) + ":" + host.port();
  }
}
