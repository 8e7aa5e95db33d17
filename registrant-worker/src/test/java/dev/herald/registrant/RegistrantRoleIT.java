package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantStatus;
import dev.herald.testkit.KafkaFixture;
import dev.herald.testkit.TestRegistrar.Received;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import dev.herald.schemas.Topics;
import org.junit.jupiter.api.Test;

/**
 * Registrant workers as a group against a real broker: each holds the accounts of the partitions of
 * herald.registrant-accounts Kafka assigned to it, and the group hands a closed worker's accounts to
 * the others, which register them again before their remote expiry, with the same Call-ID and a
 * higher CSeq. The topics are shared by the tests, so each looks only at its own accounts.
 */
class RegistrantRoleIT extends RegistrarTestBase {

  private static final Duration SETTLE = Duration.ofSeconds(20);

  @Test
  void startedWorkerHoldsTheAccountsOfTheTopic() throws Exception {
    harness.put(harness.account("alice", registrar.uri()));
    harness.put(harness.account("bob", registrar.uri()));
    RegistrantRole worker = harness.worker("w1", KafkaFixture.uniqueName("registrant-it"));

    await().atMost(SETTLE).untilAsserted(() ->
        assertThat(ownIds(worker.accounts())).containsExactlyInAnyOrder(id("alice"), id("bob")));
    RegistrantAccount alice = own(worker.accounts()).stream()
        .filter(a -> a.getAccountId().equals(id("alice"))).findFirst().orElseThrow();
    assertThat(alice.getRegistrar()).isEqualTo(registrar.uri());
    assertThat(alice.getUsername()).isEqualTo("alice");
  }

  @Test
  void accountAddedWhileRunningShowsUpAndAChangedOneIsReplaced() throws Exception {
    RegistrantRole worker = harness.worker("w1", KafkaFixture.uniqueName("registrant-it"));
    await().atMost(SETTLE).until(() -> worker.healthCheck().check().healthy());

    harness.put(harness.account("carol", registrar.uri()));
    await().atMost(SETTLE).untilAsserted(() -> assertThat(ownIds(worker.accounts())).containsExactly(id("carol")));

    harness.put(harness.account("carol", registrar.uri()).setExpiry(600));
    await().atMost(SETTLE).untilAsserted(() -> assertThat(own(worker.accounts()))
        .singleElement().satisfies(a -> assertThat(a.getExpiry()).isEqualTo(600)));
  }

  @Test
  void workerStartedAfterADeletionNeverHoldsNorRegistersTheDeletedAccount() throws Exception {
    harness.put(harness.account("frank", registrar.uri()));
    harness.put(harness.account("grace", registrar.uri()));
    harness.delete(id("frank"));

    RegistrantRole worker = harness.worker("w1", KafkaFixture.uniqueName("registrant-it"));

    await().atMost(SETTLE).untilAsserted(() -> assertThat(harness.status(id("grace"))).isPresent());
    assertThat(ownIds(worker.accounts())).containsExactly(id("grace"));
    assertThat(registrar.receivedFor(id("frank"))).isEmpty();
  }

  @Test
  void twoWorkersSplitThePartitionsAndTogetherRegisterEveryAccountOnce() throws Exception {
    Set<String> all = putOneAccountOrMorePerPartition();
    String group = KafkaFixture.uniqueName("registrant-it");

    RegistrantRole first = harness.worker("w1", group);
    await().atMost(SETTLE).untilAsserted(() -> {
      assertThat(ownIds(first.accounts())).containsExactlyInAnyOrderElementsOf(all);
      assertRegistered(all);
    });
    RegistrantRole second = harness.worker("w2", group);

    await().atMost(SETTLE).untilAsserted(() -> {
      assertThat(assignedPartitions(group)).as("partitions per member").containsExactlyInAnyOrder(3, 3);
      List<String> held = new ArrayList<>(ownIds(first.accounts()));
      held.addAll(ownIds(second.accounts()));
      assertThat(held).as("accounts held by both workers").containsExactlyInAnyOrderElementsOf(all);
      assertThat(ownIds(first.accounts())).isNotEmpty();
      assertThat(ownIds(second.accounts())).isNotEmpty();
    });
    await().atMost(SETTLE).untilAsserted(() -> assertRegistered(all));
    // A REGISTERED account taken over in the rebalance is not registered again before its refresh.
    for (String id : all) {
      assertThat(registrar.receivedFor(id)).as(id).hasSize(1);
    }
  }

  @Test
  void closedWorkersAccountsAreRegisteredByTheOtherBeforeTheirRemoteExpiryWithTheSameCallIdAndAHigherCseq()
      throws Exception {
    registrar.grant(8, true);
    Set<String> all = putOneAccountOrMorePerPartition();
    String group = KafkaFixture.uniqueName("registrant-it");
    RegistrantRole first = harness.worker("w1", group);
    RegistrantRole second = harness.worker("w2", group);
    Map<String, RegistrantStatus> before = new HashMap<>();
    await().atMost(SETTLE).untilAsserted(() -> {
      before.clear();
      assertThat(assignedPartitions(group)).containsExactlyInAnyOrder(3, 3);
      assertThat(ownIds(second.accounts())).isNotEmpty();
      assertRegistered(all);
      for (String id : ownIds(second.accounts())) {
        RegistrantStatus registered = harness.status(id).orElseThrow();
        assertThat(registered.getState()).isEqualTo(3);
        before.put(id, registered);
      }
    });
    Set<String> ofSecond = before.keySet();

    second.close();

    await().atMost(SETTLE).untilAsserted(() -> {
      assertThat(ownIds(first.accounts())).containsExactlyInAnyOrderElementsOf(all);
      for (String id : ofSecond) {
        // Registered again by the remaining worker (the one before may be its own, from before w2 joined).
        assertThat(harness.status(id)).as(id).hasValueSatisfying(s -> {
          assertThat(s.getWorker()).isEqualTo("w1");
          assertThat(s.getState()).isEqualTo(3);
          assertThat(s.getCseq()).isGreaterThan(before.get(id).getCseq());
        });
      }
    });
    for (String id : ofSecond) {
      RegistrantStatus last = before.get(id);
      List<Received> byFirst = registrar.receivedFor(id).stream()
          .filter(r -> r.cseq() > last.getCseq()).toList();
      assertThat(byFirst).as(id).isNotEmpty();
      Received renewal = byFirst.get(0);
      assertThat(renewal.callId()).isEqualTo(last.getCallId());
      assertThat(renewal.cseq()).isEqualTo(last.getCseq() + 1);
      assertThat(renewal.arrivedAtMs()).as("renewed before the remote expiry")
          .isLessThan(last.getUpdatedAtMs() + last.getGrantedExpires() * 1000L);
    }
    assertThat(second.healthCheck().check().healthy()).isFalse();
  }

  @Test
  void healthIsUpOnceStartedAndDownAfterClose() throws Exception {
    RegistrantRole worker = harness.worker("health", KafkaFixture.uniqueName("registrant-it"));
    await().atMost(SETTLE).until(() -> worker.healthCheck().check().healthy());

    worker.close();

    assertThat(worker.healthCheck().check().healthy()).as("after close").isFalse();
  }

  @Test
  void closingAWorkerThatNeverStartedReleasesItsConsumer() throws Exception {
    String workerId = "never-started-" + UUID.randomUUID().toString().substring(0, 8);
    ObjectName consumerInfo = new ObjectName("kafka.consumer:type=app-info,id=herald-registrant-" + workerId);
    RegistrantRole worker = new RegistrantRole(
        new RegistrantConfig(workerId, KafkaFixture.uniqueName("registrant-it")), RegistrantHarness.kafka());
    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(consumerInfo)).as("consumer created").isTrue();
    assertThat(worker.healthCheck().check().healthy()).as("before start").isFalse();

    worker.close();

    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(consumerInfo)).as("consumer closed").isFalse();
  }

  // ------------------------------------------------------------------------------------------

  private String id(String name) {
    return harness.prefix + name + "@example.com";
  }

  /** Puts accounts until every partition holds at least one of this test's; returns their ids. */
  private Set<String> putOneAccountOrMorePerPartition() throws Exception {
    Set<Integer> covered = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; covered.size() < Topics.REGISTRANT_ACCOUNTS.partitions(); i++) {
      assertThat(i).as("accounts needed to cover every partition").isLessThan(200);
      RecordMetadata written = harness.put(harness.account("user" + i, registrar.uri()));
      covered.add(written.partition());
      ids.add(id("user" + i));
    }
    return ids;
  }

  private void assertRegistered(Set<String> ids) {
    for (String id : ids) {
      assertThat(harness.status(id)).as(id).hasValueSatisfying(s -> assertThat(s.getState()).isEqualTo(3));
    }
  }

  /** How many partitions of the accounts topic each member of the group holds; none before the group exists. */
  private static List<Integer> assignedPartitions(String group) throws Exception {
    ConsumerGroupDescription description;
    try {
      description = RegistrantHarness.admin().describeConsumerGroups(List.of(group))
          .describedGroups().get(group).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw e;
    }
    List<Integer> counts = new ArrayList<>();
    for (MemberDescription member : description.members()) {
      Set<TopicPartition> partitions = member.assignment().topicPartitions();
      counts.add((int) partitions.stream().filter(p -> p.topic().equals(Topics.REGISTRANT_ACCOUNTS.name())).count());
    }
    return counts;
  }

  private List<RegistrantAccount> own(Collection<RegistrantAccount> held) {
    return held.stream().filter(a -> a.getAccountId().startsWith(harness.prefix)).toList();
  }

  private List<String> ownIds(Collection<RegistrantAccount> held) {
    return own(held).stream().map(RegistrantAccount::getAccountId).collect(Collectors.toList());
  }
}
