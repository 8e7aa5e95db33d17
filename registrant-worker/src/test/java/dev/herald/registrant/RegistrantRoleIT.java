package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.RegistrantAccount;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registrant workers against a real broker: each holds the accounts of the partitions of
 * herald.registrant-accounts Kafka assigned to it, and the group hands a closed worker's
 * accounts to the others. The topic is shared by the tests (and compacted), so each test
 * uses its own account ids and consumer group and looks only at its own accounts.
 */
class RegistrantRoleIT {

  private static final Duration SETTLE = Duration.ofSeconds(20);

  private static KafkaFixture kafka;
  private static Admin admin;
  private static KafkaProducer<String, RegistrantAccount> accounts;

  private final List<RegistrantRole> workers = new ArrayList<>();
  private final String prefix = "acct-" + UUID.randomUUID().toString().substring(0, 8) + "-";

  @BeforeAll
  static void createTopics() throws Exception {
    kafka = KafkaFixture.shared();
    admin = Admin.create(kafka.clientConfig());
    new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);
    accounts = new KafkaProducer<>(kafka.clientConfig(), Topics.REGISTRANT_ACCOUNTS.keySerde().serializer(),
        Topics.REGISTRANT_ACCOUNTS.valueSerde().serializer());
  }

  @AfterAll
  static void closeClients() {
    if (accounts != null) {
      accounts.close(Duration.ofSeconds(2));
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }

  @AfterEach
  void closeWorkers() throws InterruptedException {
    for (RegistrantRole worker : workers) {
      worker.close();
    }
  }

  @Test
  void startedWorkerHoldsTheAccountsOfTheTopic() throws Exception {
    put(account("alice"));
    put(account("bob"));
    RegistrantRole worker = worker("w1", KafkaFixture.uniqueName("registrant-it"));

    await().atMost(SETTLE).untilAsserted(() ->
        assertThat(ownIds(worker.accounts())).containsExactlyInAnyOrder(prefix + "alice", prefix + "bob"));
    RegistrantAccount alice = worker.accounts().stream()
        .filter(a -> a.getAccountId().equals(prefix + "alice")).findFirst().orElseThrow();
    assertThat(alice.getRegistrar()).isEqualTo("sip:registrar.example.com");
    assertThat(alice.getAor()).isEqualTo("sip:alice@example.com");
    assertThat(alice.getUsername()).isEqualTo("alice");
  }

  @Test
  void accountAddedWhileRunningShowsUpAndAChangedOneIsReplaced() throws Exception {
    RegistrantRole worker = worker("w1", KafkaFixture.uniqueName("registrant-it"));
    await().atMost(SETTLE).until(() -> worker.healthCheck().check().healthy());

    put(account("carol"));
    await().atMost(SETTLE).untilAsserted(() -> assertThat(ownIds(worker.accounts())).containsExactly(prefix + "carol"));

    put(account("carol").setExpiry(600).build());
    await().atMost(SETTLE).untilAsserted(() -> assertThat(own(worker.accounts()))
        .singleElement().satisfies(a -> assertThat(a.getExpiry()).isEqualTo(600)));
  }

  @Test
  void tombstoneRemovesTheAccount() throws Exception {
    put(account("dave"));
    put(account("erin"));
    RegistrantRole worker = worker("w1", KafkaFixture.uniqueName("registrant-it"));
    await().atMost(SETTLE).untilAsserted(() ->
        assertThat(ownIds(worker.accounts())).containsExactlyInAnyOrder(prefix + "dave", prefix + "erin"));

    delete(prefix + "dave");

    await().atMost(SETTLE).untilAsserted(() -> assertThat(ownIds(worker.accounts())).containsExactly(prefix + "erin"));
  }

  @Test
  void workerStartedAfterADeletionNeverHoldsTheDeletedAccount() throws Exception {
    put(account("frank"));
    put(account("grace"));
    delete(prefix + "frank");

    RegistrantRole worker = worker("w1", KafkaFixture.uniqueName("registrant-it"));

    await().atMost(SETTLE).untilAsserted(() -> assertThat(ownIds(worker.accounts())).containsExactly(prefix + "grace"));
  }

  @Test
  void twoWorkersSplitThePartitionsAndTogetherHoldEveryAccountExactlyOnce() throws Exception {
    Set<String> all = putOneAccountOrMorePerPartition();
    String group = KafkaFixture.uniqueName("registrant-it");

    RegistrantRole first = worker("w1", group);
    await().atMost(SETTLE).untilAsserted(() -> assertThat(ownIds(first.accounts())).containsExactlyInAnyOrderElementsOf(all));
    RegistrantRole second = worker("w2", group);

    await().atMost(SETTLE).untilAsserted(() -> {
      assertThat(assignedPartitions(group)).as("partitions per member").containsExactlyInAnyOrder(3, 3);
      List<String> held = new ArrayList<>(ownIds(first.accounts()));
      held.addAll(ownIds(second.accounts()));
      assertThat(held).as("accounts held by both workers").containsExactlyInAnyOrderElementsOf(all);
      assertThat(ownIds(first.accounts())).isNotEmpty();
      assertThat(ownIds(second.accounts())).isNotEmpty();
    });
  }

  @Test
  void whenOneOfTwoWorkersClosesTheOtherHoldsAllAccounts() throws Exception {
    Set<String> all = putOneAccountOrMorePerPartition();
    String group = KafkaFixture.uniqueName("registrant-it");
    RegistrantRole first = worker("w1", group);
    RegistrantRole second = worker("w2", group);
    await().atMost(SETTLE).untilAsserted(() -> {
      assertThat(ownIds(first.accounts())).isNotEmpty();
      assertThat(ownIds(second.accounts())).isNotEmpty();
    });

    second.close();

    await().atMost(SETTLE).untilAsserted(() -> {
      assertThat(ownIds(first.accounts())).containsExactlyInAnyOrderElementsOf(all);
      assertThat(assignedPartitions(group)).containsExactly(6);
    });
    assertThat(second.healthCheck().check().healthy()).isFalse();
  }

  @Test
  void healthIsUpOnceStartedAndDownAfterClose() throws Exception {
    RegistrantRole worker = new RegistrantRole(
        new RegistrantConfig("health", KafkaFixture.uniqueName("registrant-it")), kafka.clientConfig());
    workers.add(worker);
    assertThat(worker.healthCheck().check().healthy()).as("before start").isFalse();

    worker.start();
    await().atMost(SETTLE).until(() -> worker.healthCheck().check().healthy());
    worker.close();

    assertThat(worker.healthCheck().check().healthy()).as("after close").isFalse();
  }

  @Test
  void closingAWorkerThatNeverStartedReleasesItsConsumer() throws Exception {
    String workerId = "never-started-" + UUID.randomUUID().toString().substring(0, 8);
    ObjectName consumerInfo = new ObjectName("kafka.consumer:type=app-info,id=herald-registrant-" + workerId);
    RegistrantRole worker = new RegistrantRole(
        new RegistrantConfig(workerId, KafkaFixture.uniqueName("registrant-it")), kafka.clientConfig());
    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(consumerInfo)).as("consumer created").isTrue();

    worker.close();

    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(consumerInfo)).as("consumer closed").isFalse();
  }

  // ------------------------------------------------------------------------------------------

  private RegistrantRole worker(String workerId, String group) {
    RegistrantRole worker = new RegistrantRole(new RegistrantConfig(workerId, group), kafka.clientConfig());
    workers.add(worker);
    return worker.start();
  }

  private RegistrantAccount.Builder account(String name) {
    return RegistrantAccount.newBuilder()
        .setAccountId(prefix + name)
        .setRegistrar("sip:registrar.example.com")
        .setAor("sip:" + name + "@example.com")
        .setUsername(name)
        .setPassword("secret-" + name)
        .setBindingUri("sip:" + name + "@127.0.0.1:5060");
  }

  private RecordMetadata put(RegistrantAccount.Builder account) throws Exception {
    return put(account.build());
  }

  private RecordMetadata put(RegistrantAccount account) throws Exception {
    return accounts.send(new ProducerRecord<>(Topics.REGISTRANT_ACCOUNTS.name(), account.getAccountId(), account))
        .get(10, TimeUnit.SECONDS);
  }

  private void delete(String accountId) throws Exception {
    accounts.send(new ProducerRecord<>(Topics.REGISTRANT_ACCOUNTS.name(), accountId, null)).get(10, TimeUnit.SECONDS);
  }

  /** Puts accounts until every partition holds at least one of this test's; returns their ids. */
  private Set<String> putOneAccountOrMorePerPartition() throws Exception {
    Set<Integer> covered = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; covered.size() < Topics.REGISTRANT_ACCOUNTS.partitions(); i++) {
      assertThat(i).as("accounts needed to cover every partition").isLessThan(200);
      RecordMetadata written = put(account("user" + i));
      covered.add(written.partition());
      ids.add(prefix + "user" + i);
    }
    return ids;
  }

  /** How many partitions of the accounts topic each member of the group holds. */
  private static List<Integer> assignedPartitions(String group) throws Exception {
    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
        .describedGroups().get(group).get(10, TimeUnit.SECONDS);
    List<Integer> counts = new ArrayList<>();
    for (MemberDescription member : description.members()) {
      Set<TopicPartition> partitions = member.assignment().topicPartitions();
      counts.add((int) partitions.stream().filter(p -> p.topic().equals(Topics.REGISTRANT_ACCOUNTS.name())).count());
    }
    return counts;
  }

  private List<RegistrantAccount> own(Collection<RegistrantAccount> held) {
    return held.stream().filter(a -> a.getAccountId().startsWith(prefix)).toList();
  }

  private List<String> ownIds(Collection<RegistrantAccount> held) {
    return own(held).stream().map(RegistrantAccount::getAccountId).collect(Collectors.toList());
  }
}
