package dev.herald.edge.flow;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * Gives every edge the partition of herald.edge-notifications numbered like its instance, as
 * herald.replies does, and spreads the partitions of edges that are not in the group (dead, or not
 * started) over the live ones. So Kafka's group membership is the failure detector: a killed edge's
 * flows are served by another edge once its session times out, and given back when it returns.
 *
 * <p>An edge names its instance in {@link #INSTANCE_CONFIG} of its consumer's configuration.
 */
public final class EdgePartitionAssignor implements ConsumerPartitionAssignor, Configurable {

  /** The consumer property holding the edge's instance. */
  public static final String INSTANCE_CONFIG = "herald.edge.instance";
  static final String NAME = "herald-edge-instance";

  private int instance = -1;

  @Override
  public void configure(Map<String, ?> configs) {
    Object value = configs.get(INSTANCE_CONFIG);
    if (value == null) {
      throw new IllegalArgumentException(INSTANCE_CONFIG + " is required by " + NAME);
    }
    instance = Integer.parseInt(value.toString());
  }

  @Override
  public ByteBuffer subscriptionUserData(Set<String> topics) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(0, instance);
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
    Map<String, Integer> instances = new HashMap<>();
    group.groupSubscription().forEach((member, subscription) -> {
      ByteBuffer data = subscription.userData();
      instances.put(member, data != null && data.remaining() >= Integer.BYTES ? data.getInt(data.position()) : -1);
    });
    List<String> members = new ArrayList<>(instances.keySet());
    members.sort(Comparator.comparing((String m) -> instances.get(m)).thenComparing(m -> m));
    Map<String, List<TopicPartition>> owned = new HashMap<>();
    members.forEach(m -> owned.put(m, new ArrayList<>()));
    Set<String> topics = new java.util.TreeSet<>();
    group.groupSubscription().values().forEach(s -> topics.addAll(s.topics()));
    for (String topic : topics) {
      Integer count = metadata.partitionCountForTopic(topic);
      for (int partition = 0; count != null && partition < count; partition++) {
        owned.get(ownerOf(partition, members, instances)).add(new TopicPartition(topic, partition));
      }
    }
    Map<String, Assignment> assignments = new HashMap<>();
    owned.forEach((member, partitions) -> assignments.put(member, new Assignment(partitions)));
    return new GroupAssignment(assignments);
  }

  /** The member of that instance (the first, should two claim it), else one chosen by the partition number. */
  static String ownerOf(int partition, List<String> sortedMembers, Map<String, Integer> instances) {
    for (String member : sortedMembers) {
      if (instances.get(member) == partition) {
        return member;
      }
    }
    return sortedMembers.get(partition % sortedMembers.size());
  }

  @Override
  public String name() {
    return NAME;
  }
}
