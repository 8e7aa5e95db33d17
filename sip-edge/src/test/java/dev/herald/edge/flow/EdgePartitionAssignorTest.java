package dev.herald.edge.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupAssignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EdgePartitionAssignorTest {

  private static final String TOPIC = "herald.edge-notifications";
  private static final int PARTITIONS = 16;
  private static final Node BROKER = new Node(0, "broker", 9092);
  private static final Cluster CLUSTER = new Cluster("herald", List.of(BROKER),
      IntStream.range(0, PARTITIONS)
          .mapToObj(p -> new PartitionInfo(TOPIC, p, BROKER, new Node[] {BROKER}, new Node[] {BROKER}))
          .toList(),
      Set.of(), Set.of());

  private static EdgePartitionAssignor assignorOf(int instance) {
    EdgePartitionAssignor assignor = new EdgePartitionAssignor();
    assignor.configure(Map.of(EdgePartitionAssignor.INSTANCE_CONFIG, Integer.toString(instance)));
    return assignor;
  }

  /** A member's subscription as its consumer would send it: the user data its assignor gives. */
  private static Subscription edge(int instance) {
    return new Subscription(List.of(TOPIC), assignorOf(instance).subscriptionUserData(Set.of(TOPIC)));
  }

  private static Map<String, List<TopicPartition>> assign(Map<String, Subscription> members) {
    GroupAssignment assignment = assignorOf(0).assign(CLUSTER, new GroupSubscription(members));
    Map<String, List<TopicPartition>> partitions = new LinkedHashMap<>();
    assignment.groupAssignment().forEach((member, a) -> partitions.put(member, a.partitions()));
    return partitions;
  }

  private static List<Integer> numbers(List<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).toList();
  }

  private static void assertEveryPartitionAssignedExactlyOnce(Map<String, List<TopicPartition>> assignment) {
    List<TopicPartition> all = new ArrayList<>();
    assignment.values().forEach(all::addAll);
    assertThat(all).extracting(TopicPartition::topic).containsOnly(TOPIC);
    assertThat(numbers(all)).containsExactlyInAnyOrderElementsOf(IntStream.range(0, PARTITIONS).boxed().toList());
  }

  private static String ownerOf(int partition, Map<String, List<TopicPartition>> assignment) {
    return assignment.entrySet().stream()
        .filter(e -> e.getValue().contains(new TopicPartition(TOPIC, partition)))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void eachEdgeGetsThePartitionOfItsInstanceAndEveryPartitionIsAssignedOnce() {
    Map<String, List<TopicPartition>> assignment = assign(Map.of("member-b", edge(1), "member-a", edge(0)));

    assertThat(assignment).containsOnlyKeys("member-a", "member-b");
    assertThat(ownerOf(0, assignment)).isEqualTo("member-a");
    assertThat(ownerOf(1, assignment)).isEqualTo("member-b");
    assertEveryPartitionAssignedExactlyOnce(assignment);
    assertThat(assignment.values()).as("the partitions of absent instances are spread evenly")
        .allSatisfy(partitions -> assertThat(partitions).hasSize(PARTITIONS / 2));
  }

  @Test
  void thePartitionOfAnAbsentInstanceGoesToALiveMemberAndComesBackWhenItReturns() {
    Map<String, List<TopicPartition>> without1 = assign(Map.of("member-a", edge(0), "member-c", edge(2)));
    Map<String, List<TopicPartition>> with1 = assign(
        Map.of("member-a", edge(0), "member-b", edge(1), "member-c", edge(2)));

    assertThat(ownerOf(1, without1)).isIn("member-a", "member-c");
    assertThat(ownerOf(0, without1)).isEqualTo("member-a");
    assertThat(ownerOf(2, without1)).isEqualTo("member-c");
    assertEveryPartitionAssignedExactlyOnce(without1);
    assertThat(ownerOf(1, with1)).isEqualTo("member-b");
    assertEveryPartitionAssignedExactlyOnce(with1);
  }

  @Test
  void aSingleEdgeServesAllPartitions() {
    Map<String, List<TopicPartition>> assignment = assign(Map.of("member-e", edge(5)));

    assertThat(numbers(assignment.get("member-e")))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, PARTITIONS).boxed().toList());
  }

  @Test
  void twoMembersClaimingOneInstanceGiveItOneOwnerTheFirstByMemberId() {
    Map<String, List<TopicPartition>> assignment = assign(
        Map.of("member-y", edge(1), "member-x", edge(1), "member-z", edge(0)));

    assertThat(ownerOf(1, assignment)).isEqualTo("member-x");
    assertThat(ownerOf(0, assignment)).isEqualTo("member-z");
    assertEveryPartitionAssignedExactlyOnce(assignment);
  }

  @Test
  void theAssignmentDependsOnTheMembersNotOnTheOrderTheyAreListedIn() {
    Map<String, Subscription> forwards = new LinkedHashMap<>();
    Map<String, Subscription> backwards = new LinkedHashMap<>();
    List<String> ids = List.of("m-0", "m-1", "m-2", "m-3", "m-4");
    int[] instances = {3, 0, 7, 3, 12};
    for (int i = 0; i < ids.size(); i++) {
      forwards.put(ids.get(i), edge(instances[i]));
    }
    for (int i = ids.size() - 1; i >= 0; i--) {
      backwards.put(ids.get(i), edge(instances[i]));
    }

    Map<String, List<TopicPartition>> one = assign(forwards);
    Map<String, List<TopicPartition>> other = assign(backwards);

    assertThat(one).isEqualTo(other);
    assertEveryPartitionAssignedExactlyOnce(one);
    assertThat(ownerOf(3, one)).isEqualTo("m-0");
  }

  @Test
  void aMemberWithoutInstanceDataOwnsNoInstanceButStillServesAbsentOnes() {
    Map<String, List<TopicPartition>> assignment = assign(Map.of(
        "member-a", edge(0), "member-b", edge(1), "legacy", new Subscription(List.of(TOPIC), null)));

    assertThat(ownerOf(0, assignment)).isEqualTo("member-a");
    assertThat(ownerOf(1, assignment)).isEqualTo("member-b");
    assertEveryPartitionAssignedExactlyOnce(assignment);
  }

  @Test
  void theSubscriptionCarriesTheConfiguredInstance() {
    ByteBuffer data = assignorOf(7).subscriptionUserData(Set.of(TOPIC));

    assertThat(data.remaining()).isEqualTo(Integer.BYTES);
    assertThat(data.getInt(data.position())).isEqualTo(7);
  }

  @Test
  void anAssignorWithoutInstanceIsRefused() {
    assertThatThrownBy(() -> new EdgePartitionAssignor().configure(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EdgePartitionAssignor.INSTANCE_CONFIG);
  }

  @Test
  void aTopicMissingFromTheMetadataAssignsNothing() {
    GroupAssignment assignment = assignorOf(0).assign(Cluster.empty(),
        new GroupSubscription(Map.of("member-a", edge(0))));

    assertThat(assignment.groupAssignment().get("member-a").partitions()).isEmpty();
  }

  @Test
  void itIsNamedForTheConsumerConfiguration() {
    assertThat(new EdgePartitionAssignor().name()).isEqualTo("herald-edge-instance");
  }
}
