package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.avro.RegistrantStatus;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * What the registrant integration tests share: the embedded broker with the topics, producers of
 * accounts and commands, a log of every status record written, and workers closed after each test.
 * The topics outlive a test, so each test names its accounts with its own prefix, and its accounts
 * are deleted (once its workers are closed) so that later workers do not register them.
 */
final class RegistrantHarness implements AutoCloseable {

  /** Settings that keep the tests short: a small spread, quick retries and timeouts. */
  static final RegistrantConfig FAST = RegistrantConfig.defaults("w1", "g").toBuilder()
      .retry(Duration.ofMillis(1000), Duration.ofSeconds(4))
      .transactionTimeout(Duration.ofSeconds(2))
      .spread(Duration.ofMillis(200), 200)
      .build();

  private static KafkaFixture kafka;
  private static Admin admin;

  final String prefix = "sip:it" + UUID.randomUUID().toString().substring(0, 6) + "-";
  private final KafkaProducer<String, RegistrantAccount> accounts;
  private final KafkaProducer<String, RegistrantCommand> commands;
  private final List<RegistrantRole> workers = new ArrayList<>();
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final StatusLog statuses;

  RegistrantHarness() {
    init();
    accounts = new KafkaProducer<>(kafka.clientConfig(), Topics.REGISTRANT_ACCOUNTS.keySerde().serializer(),
        Topics.REGISTRANT_ACCOUNTS.valueSerde().serializer());
    commands = new KafkaProducer<>(kafka.clientConfig(), Topics.REGISTRANT_COMMANDS.keySerde().serializer(),
        Topics.REGISTRANT_COMMANDS.valueSerde().serializer());
    statuses = new StatusLog(kafka.clientConfig(), prefix);
  }

  private static synchronized void init() {
    if (kafka != null) {
      return;
    }
    kafka = KafkaFixture.shared();
    admin = Admin.create(kafka.clientConfig());
    try {
      new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the topics", e);
    }
  }

  static Admin admin() {
    return admin;
  }

  static Map<String, Object> kafka() {
    return kafka.clientConfig();
  }

  /** A started worker in {@code group}. */
  RegistrantRole worker(RegistrantConfig config) throws Exception {
    return worker(config, new SimpleMeterRegistry());
  }

  /** A started worker whose meters are in {@code metrics}. */
  RegistrantRole worker(RegistrantConfig config, MeterRegistry metrics) throws Exception {
    RegistrantRole worker = new RegistrantRole(config, kafka.clientConfig(), Clock.systemUTC(), metrics);
    workers.add(worker);
    return worker.start();
  }

  RegistrantRole worker(String workerId, String group) throws Exception {
    return worker(FAST.toBuilder().ids(workerId, group).build());
  }

  /** An account of this test, registering {@code name} at {@code registrar}. */
  RegistrantAccount.Builder account(String name, String registrar) {
    String aor = prefix + name + "@example.com";
    return RegistrantAccount.newBuilder()
        .setAccountId(aor)
        .setRegistrar(registrar)
        .setAor(aor)
        .setUsername(name)
        .setPassword("secret-" + name)
        .setBindingUri("sip:" + name + "@127.0.0.1:5999")
        .setExpiry(3600);
  }

  RecordMetadata put(RegistrantAccount.Builder account) throws Exception {
    return put(account.build());
  }

  RecordMetadata put(RegistrantAccount account) throws Exception {
    written.add(account.getAccountId());
    return accounts.send(new ProducerRecord<>(Topics.REGISTRANT_ACCOUNTS.name(), account.getAccountId(), account))
        .get(10, TimeUnit.SECONDS);
  }

  void delete(String accountId) throws Exception {
    accounts.send(new ProducerRecord<>(Topics.REGISTRANT_ACCOUNTS.name(), accountId, null)).get(10, TimeUnit.SECONDS);
  }

  void command(String accountId, String command) throws Exception {
    commands.send(new ProducerRecord<>(Topics.REGISTRANT_COMMANDS.name(), accountId, RegistrantCommand.newBuilder()
        .setAccountId(accountId).setCommand(command).setRequestedAtMs(System.currentTimeMillis())
        .setOperator("it").build())).get(10, TimeUnit.SECONDS);
  }

  /** Every status record of the account so far, oldest first; a tombstone is an empty Optional. */
  List<Optional<RegistrantStatus>> statuses(String accountId) {
    return statuses.of(accountId);
  }

  /** The latest status of the account, if one was written and not tombstoned. */
  Optional<RegistrantStatus> status(String accountId) {
    List<Optional<RegistrantStatus>> all = statuses(accountId);
    return all.isEmpty() ? Optional.empty() : all.get(all.size() - 1);
  }

  /** The states the account went through, in order. */
  List<Integer> states(String accountId) {
    return statuses(accountId).stream().flatMap(Optional::stream).map(RegistrantStatus::getState).toList();
  }

  @Override
  public void close() throws Exception {
    for (RegistrantRole worker : workers) {
      worker.close();
    }
    for (String id : written) {
      delete(id);
    }
    statuses.close();
    accounts.close(Duration.ofSeconds(2));
    commands.close(Duration.ofSeconds(2));
  }

  /** Reads the status topic from its start on a thread of its own, keeping the records of one prefix. */
  private static final class StatusLog implements AutoCloseable {
    private final KafkaConsumer<String, RegistrantStatus> consumer;
    private final Map<String, List<Optional<RegistrantStatus>>> byKey = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    StatusLog(Map<String, Object> kafka, String prefix) {
      Map<String, Object> props = new HashMap<>(kafka);
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer = new KafkaConsumer<>(props, Topics.REGISTRANT_STATUS.keySerde().deserializer(),
          Topics.REGISTRANT_STATUS.valueSerde().deserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < Topics.REGISTRANT_STATUS.partitions(); p++) {
        partitions.add(new TopicPartition(Topics.REGISTRANT_STATUS.name(), p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      thread = new Thread(() -> {
        try {
          while (running) {
            for (ConsumerRecord<String, RegistrantStatus> record : consumer.poll(Duration.ofMillis(100))) {
              if (record.key() != null && record.key().startsWith(prefix)) {
                byKey.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>())
                    .add(Optional.ofNullable(record.value()));
              }
            }
          }
        } catch (WakeupException e) {
          // closing
        } finally {
          consumer.close(Duration.ofSeconds(1));
        }
      }, "status-log");
      thread.setDaemon(true);
      thread.start();
    }

    List<Optional<RegistrantStatus>> of(String key) {
      return List.copyOf(byKey.getOrDefault(key, List.of()));
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      consumer.wakeup();
      thread.join(5000);
    }
  }
}
