package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.avro.RegistrantStatus;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import dev.herald.common.kafka.PollLoop;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of the registrant group: registers the accounts of the partitions Kafka assigned to it.
 * Kafka's assignment is the hash table that spreads accounts over workers; a dead worker's
 * partitions move to the others, which read the accounts and the status of those partitions
 * before they start, so they carry on with the same Call-ID, a higher CSeq and the refresh time
 * the registrar's grant set.
 *
 * <p>Threads: the poll loop reads accounts and commands; every account's state lives on one
 * scheduling thread, which also runs the timers (one delay queue for all accounts); SIP and
 * Kafka callbacks hand their events to it. A REGISTER leaves only once the status naming its CSeq
 * is acknowledged by Kafka, so whoever takes the account over never reuses a CSeq.
 */
public final class RegistrantRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistrantRole.class);
  private static final Duration HANDOVER_WAIT = Duration.ofSeconds(10);

  private final RegistrantConfig config;
  private final Map<String, Object> kafka;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final Counter registersSent;
  private final KafkaConsumer<String, byte[]> consumer;
  private final PollLoop<String, byte[]> loop;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Pacer pacer;
  /** Accounts owned now, by id; written on the scheduling thread only. */
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private KafkaProducer<String, RegistrantStatus> status;
  private RegisterSender sender;
  private volatile boolean closed;

  /** One owned account: its latest settings and its cycle. Touched on the scheduling thread only. */
  private static final class Entry {
    final String id;
    RegistrantAccount account;
    final int partition;
    final AccountCycle cycle;
    ScheduledFuture<?> timer;
    ScheduledFuture<?> transactionTimer;
    boolean deleted;
    /** The account as it was bound, while its binding is removed after the registrar, AOR or contact changed. */
    RegistrantAccount retiring;

    Entry(String id, RegistrantAccount account, int partition, AccountCycle cycle) {
      this.id = id;
      this.account = account;
      this.partition = partition;
      this.cycle = cycle;
    }

    /** The account the next REGISTER speaks for: the retiring one until its binding is removed. */
    RegistrantAccount sending() {
      return retiring != null ? retiring : account;
    }
  }

  public RegistrantRole(RegistrantConfig config, Map<String, Object> kafka) {
    this(config, kafka, Clock.systemUTC(), new SimpleMeterRegistry());
  }

  public RegistrantRole(RegistrantConfig config, Map<String, Object> kafka, Clock clock, MeterRegistry metrics) {
    this.config = config;
    this.kafka = Map.copyOf(kafka);
    this.clock = clock;
    this.metrics = metrics;
    this.registersSent = metrics.counter("herald_registrant_registers_sent_total");
    this.pacer = new Pacer(config);
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // Positions are set by hand on every assignment: accounts after the snapshot of their partitions,
    // commands at the committed offset or, without one, at the end, so no old command replays.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The range assignor gives one member the same partition of the co-partitioned accounts and commands topics.
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-registrant-" + config.workerId());
    // A worker that dies without leaving the group is noticed in 10 s rather than 45, well inside
    // any registrar's grant, so its accounts are refreshed by the others in time.
    props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.loop = new PollLoop<>("registrant-" + config.workerId(), consumer, this::subscribe, this::apply,
        Duration.ofMillis(500));
    this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "registrant-" + config.workerId() + "-timer");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  public RegistrantRole start() throws Exception {
    Map<String, Object> producerProps = new HashMap<>(kafka);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-registrant-status-" + config.workerId());
    status = new KafkaProducer<>(producerProps, Topics.REGISTRANT_STATUS.keySerde().serializer(),
        Topics.REGISTRANT_STATUS.valueSerde().serializer());
    sender = new RegisterSender(config, new RegisterSender.Outcomes() {
      @Override
      public void reply(String accountId, long cseq, AccountCycle.Reply reply) {
        submit(() -> onReply(accountId, cseq, reply));
      }

      @Override
      public void timeout(String accountId, long cseq) {
        submit(() -> onTimeout(accountId, cseq));
      }
    });
    loop.start();
    log.info("registrant {} in group {} sending from {}:{} (udp, tcp)", config.workerId(), config.groupId(),
        config.sipHost(), sender.port());
    return this;
  }

  /** The local SIP port REGISTERs leave from (unless an account forces another socket). */
  public int sipPort() {
    return sender.port();
  }

  /** The accounts this worker owns now. */
  public Collection<RegistrantAccount> accounts() {
    return entries.values().stream().map(e -> e.account).toList();
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("registrant-worker", () -> closed ? Health.down("closed") : loop.health());
  }

  // ---------------------------------------------------------------------------------------------
  // Poll thread: assignment, accounts and commands

  private void subscribe(KafkaConsumer<String, byte[]> consumer) {
    consumer.subscribe(List.of(Topics.REGISTRANT_ACCOUNTS.name(), Topics.REGISTRANT_COMMANDS.name()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions);
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            adopt(consumer, partitions);
          }
        });
  }

  /** Forgets the accounts of revoked partitions and makes sure their last status is written. */
  private void release(Collection<TopicPartition> partitions) {
    List<Integer> numbers = accountPartitions(partitions);
    if (numbers.isEmpty()) {
      return;
    }
    awaitOnScheduler(() -> {
      entries.values().removeIf(entry -> {
        if (numbers.contains(entry.partition)) {
          cancelTimers(entry);
          return true;
        }
        return false;
      });
    });
    if (status != null) {
      status.flush();
    }
    log.info("registrant {} released partitions {}", config.workerId(), numbers);
  }

  /**
   * Reads the accounts and the status of newly assigned partitions to their ends, hands them to the
   * scheduling thread, and goes on reading accounts from where that read stopped.
   */
  private void adopt(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
    List<Integer> numbers = accountPartitions(partitions);
    if (numbers.isEmpty()) {
      return;
    }
    PartitionSnapshot snapshot = PartitionSnapshot.read(kafka, numbers, Duration.ofSeconds(30));
    snapshot.accountEndOffsets().forEach(consumer::seek);
    // Commands go on from the group's committed offset; where there is none, from the end as it is now.
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(snapshot.commandEndOffsets().keySet());
    snapshot.commandEndOffsets().forEach((partition, end) -> {
      OffsetAndMetadata offset = committed.get(partition);
      consumer.seek(partition, offset != null ? offset.offset() : end);
    });
    awaitOnScheduler(() -> snapshot.accounts().forEach((partition, accounts) ->
        takeOver(partition, accounts, snapshot.statuses().getOrDefault(partition, Map.of()))));
    log.info("registrant {} took partitions {}: {} accounts", config.workerId(), numbers,
        snapshot.accounts().values().stream().mapToInt(Map::size).sum());
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    String topic = record.topic();
    if (record.key() == null) {
      log.warn("registrant {}: record without key at {}-{}@{} skipped", config.workerId(), topic,
          record.partition(), record.offset());
      return;
    }
    try {
      if (topic.equals(Topics.REGISTRANT_ACCOUNTS.name())) {
        RegistrantAccount account = record.value() == null ? null
            : Topics.REGISTRANT_ACCOUNTS.valueSerde().deserializer().deserialize(topic, record.value());
        submit(() -> onAccount(record.partition(), record.key(), account));
      } else if (topic.equals(Topics.REGISTRANT_COMMANDS.name()) && record.value() != null) {
        RegistrantCommand command = Topics.REGISTRANT_COMMANDS.valueSerde().deserializer()
            .deserialize(topic, record.value());
        submit(() -> onCommand(record.key(), command));
        consumer.commitAsync();
      }
    } catch (RuntimeException e) {
      log.error("registrant {}: undecodable record at {}-{}@{} skipped", config.workerId(), topic,
          record.partition(), record.offset(), e);
    }
  }

  private static List<Integer> accountPartitions(Collection<TopicPartition> partitions) {
    return partitions.stream().filter(p -> p.topic().equals(Topics.REGISTRANT_ACCOUNTS.name()))
        .map(TopicPartition::partition).sorted().toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduling thread: the accounts' cycles

  private void takeOver(int partition, Map<String, RegistrantAccount> accounts, Map<String, RegistrantStatus> statuses) {
    long now = clock.millis();
    for (Map.Entry<String, RegistrantAccount> owned : accounts.entrySet()) {
      String id = owned.getKey();
      RegistrantAccount account = owned.getValue();
      RegistrantStatus last = statuses.get(id);
      if (last == null || last.getCallId() == null) {
        Entry entry = new Entry(id, account, partition, AccountCycle.fresh(config, newCallId()));
        entries.put(id, entry);
        if (account.getEnabled()) {
          scheduleCycle(entry, now + pacer.spreadOffsetMs(id));
        } else {
          publish(entry);
        }
        continue;
      }
      AccountCycle cycle = AccountCycle.resume(config, last.getCallId(), last.getCseq() == null ? 0 : last.getCseq(),
          RegistrantState.ofCode(last.getState()), last.getGrantedExpires(), last.getLastResponse());
      Entry entry = new Entry(id, account, partition, cycle);
      entries.put(id, entry);
      boolean bound = cycle.state() == RegistrantState.REGISTERED || cycle.state().inFlight();
      if (!account.getEnabled()) {
        if (bound) {
          send(entry, cycle.unregister());
        } else if (last.getEnabled()) {
          publish(entry);
        }
        continue;
      }
      long due;
      if (cycle.state() == RegistrantState.REGISTERED || last.getNextAttemptMs() == null) {
        due = cycle.resumeAt(last.getUpdatedAtMs(), now, pacer.spreadOffsetMs(id));
      } else {
        due = Math.max(now, last.getNextAttemptMs());
      }
      scheduleCycle(entry, due);
    }
    // A status whose account is gone (deleted while no worker owned it): nothing left to unregister with.
    for (Map.Entry<String, RegistrantStatus> orphan : statuses.entrySet()) {
      if (!accounts.containsKey(orphan.getKey())) {
        tombstone(orphan.getKey());
      }
    }
  }

  private void onAccount(int partition, String id, RegistrantAccount account) {
    Entry entry = entries.get(id);
    if (account == null) {
      if (entry == null) {
        tombstone(id);
        return;
      }
      entry.deleted = true;
      cancelTimers(entry);
      if (bound(entry)) {
        send(entry, entry.cycle.unregister());
      } else if (!entry.cycle.state().inFlight()) {
        remove(entry);
      }
      return;
    }
    if (entry == null) {
      entry = new Entry(id, account, partition, AccountCycle.fresh(config, newCallId()));
      entries.put(id, entry);
      if (account.getEnabled()) {
        scheduleCycle(entry, clock.millis() + pacer.spreadOffsetMs(id));
      } else {
        publish(entry);
      }
      return;
    }
    boolean wasEnabled = entry.account.getEnabled();
    boolean changed = !sameRegistration(entry.account, account);
    if (entry.retiring == null && bound(entry) && movesBinding(entry.account, account)) {
      // RFC 3261 §10.2.2: the old binding is removed, as it was made, before the new one is made;
      // else the old registrar keeps routing to it until it expires.
      entry.retiring = entry.account;
    }
    entry.account = account;
    entry.deleted = false;
    if (wasEnabled && !account.getEnabled()) {
      cancelTimers(entry);
      if (bound(entry)) {
        send(entry, entry.cycle.unregister());
      } else if (!entry.cycle.state().inFlight()) {
        entry.cycle.disabled();
        publish(entry);
      }
    } else if (account.getEnabled() && (!wasEnabled || changed) && !entry.cycle.state().inFlight()) {
      // A corrected password or a new registrar is tried now, not after the back-off or the refresh.
      cancelTimers(entry);
      if (entry.retiring != null) {
        send(entry, entry.cycle.unregister());
      } else {
        scheduleCycle(entry, clock.millis());
      }
    }
  }

  /** Whether two versions of an account send the same REGISTER: all but enabled alike. */
  private static boolean sameRegistration(RegistrantAccount before, RegistrantAccount after) {
    return RegistrantAccount.newBuilder(before).setEnabled(after.getEnabled()).build().equals(after);
  }

  /** Whether the change leaves a binding the registrar must be told to drop: another registrar, AOR or contact. */
  private static boolean movesBinding(RegistrantAccount before, RegistrantAccount after) {
    return !before.getRegistrar().equals(after.getRegistrar()) || !before.getAor().equals(after.getAor())
        || !before.getBindingUri().equals(after.getBindingUri());
  }

  /** Registered, or a REGISTER (not an un-REGISTER) on its way. */
  private static boolean bound(Entry entry) {
    RegistrantState state = entry.cycle.state();
    return state == RegistrantState.REGISTERED || state == RegistrantState.REGISTERING
        || state == RegistrantState.AUTHENTICATING;
  }

  private void onCommand(String id, RegistrantCommand command) {
    if (!"register".equalsIgnoreCase(command.getCommand())) {
      log.warn("registrant {}: unknown command '{}' for {} ignored", config.workerId(), command.getCommand(), id);
      return;
    }
    Entry entry = entries.get(id);
    if (entry == null || entry.deleted || !entry.account.getEnabled()) {
      log.info("registrant {}: force register of {} ignored: {}", config.workerId(), id,
          entry == null ? "not owned here" : "disabled or deleted");
      return;
    }
    RegistrantState state = entry.cycle.state();
    if (state == RegistrantState.UNREGISTERING || state == RegistrantState.AUTHENTICATING_UNREGISTER) {
      return;
    }
    log.info("registrant {}: force register of {} by {}", config.workerId(), id, command.getOperator());
    cancelTimers(entry);
    startCycle(entry);
  }

  /** Plans the account's next cycle at {@code atMs}; when due, it waits for its turn under the rate cap. */
  private void scheduleCycle(Entry entry, long atMs) {
    cancelTimer(entry);
    entry.timer = scheduler.schedule(() -> due(entry), Math.max(0, atMs - clock.millis()), TimeUnit.MILLISECONDS);
  }

  private void due(Entry entry) {
    if (!current(entry)) {
      return;
    }
    long now = clock.millis();
    long slot = pacer.reserve(now);
    if (slot > now) {
      entry.timer = scheduler.schedule(() -> {
        if (current(entry)) {
          startCycle(entry);
        }
      }, slot - now, TimeUnit.MILLISECONDS);
    } else {
      startCycle(entry);
    }
  }

  private void startCycle(Entry entry) {
    entry.timer = null;
    send(entry, entry.cycle.register(entry.account.getExpiry()));
  }

  /** Writes the status naming the new CSeq, then sends the REGISTER once Kafka has it. */
  private void send(Entry entry, AccountCycle.Step.Send step) {
    cancelTimers(entry);
    RegistrantStatus record = statusOf(entry);
    status.send(new ProducerRecord<>(Topics.REGISTRANT_STATUS.name(), entry.id, record),
        (metadata, error) -> submit(() -> {
          if (!current(entry) || entry.cycle.cseq() != step.cseq()) {
            return;
          }
          if (error != null) {
            log.warn("registrant {}: status of {} not written, REGISTER not sent: {}", config.workerId(),
                entry.id, error.toString());
            handle(entry, entry.cycle.onSendFailure("status not written", clock.millis()));
            return;
          }
          transmit(entry, step);
        }));
  }

  private void transmit(Entry entry, AccountCycle.Step.Send step) {
    try {
      sender.send(new RegisterSender.Register(entry.sending(), entry.cycle.callId(), step.cseq(), step.expires(),
          step.challenge(), Long.toHexString(UUID.randomUUID().getMostSignificantBits())));
      registersSent.increment();
      String id = entry.id;
      entry.transactionTimer = scheduler.schedule(() -> onTimeout(id, step.cseq()),
          config.transactionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("registrant {}: cannot send REGISTER for {}: {}", config.workerId(), entry.id,
          e.toString());
      handle(entry, entry.cycle.onSendFailure("not sent: " + e.getMessage(), clock.millis()));
    }
  }

  private void onReply(String id, long cseq, AccountCycle.Reply reply) {
    Entry entry = entries.get(id);
    if (entry == null || entry.cycle.cseq() != cseq || !entry.cycle.state().inFlight()) {
      return;
    }
    metrics.counter("herald_registrant_responses_total", "class", reply.status() / 100 + "xx").increment();
    cancelTransactionTimer(entry);
    RegistrantAccount sent = entry.sending();
    boolean credentials = sent.getUsername() != null && sent.getPassword() != null;
    handle(entry, entry.cycle.onResponse(reply, credentials, clock.millis()));
  }

  private void onTimeout(String id, long cseq) {
    Entry entry = entries.get(id);
    if (entry == null || entry.cycle.cseq() != cseq || !entry.cycle.state().inFlight()) {
      return;
    }
    metrics.counter("herald_registrant_responses_total", "class", "timeout").increment();
    cancelTransactionTimer(entry);
    handle(entry, entry.cycle.onTimeout(clock.millis()));
  }

  private void handle(Entry entry, AccountCycle.Step step) {
    if (step instanceof AccountCycle.Step.Send send) {
      send(entry, send);
    } else if (entry.retiring != null && step instanceof AccountCycle.Step.Wait) {
      // The account changed while its REGISTER was under way: remove what that REGISTER bound, if anything.
      if (entry.cycle.state() == RegistrantState.REGISTERED) {
        send(entry, entry.cycle.unregister());
      } else {
        entry.retiring = null;
        scheduleCycle(entry, clock.millis());
      }
    } else if (step instanceof AccountCycle.Step.Wait wait) {
      if (entry.cycle.state() != RegistrantState.REGISTERED) {
        log.info("registrant {}: {} is {} ({}), next attempt in {} ms", config.workerId(),
            entry.id, entry.cycle.state(), entry.cycle.lastResponse(), wait.atMs() - clock.millis());
      }
      publish(entry);
      scheduleCycle(entry, wait.atMs());
    } else if (step instanceof AccountCycle.Step.Unregistered) {
      entry.retiring = null;
      if (entry.deleted) {
        remove(entry);
      } else if (entry.account.getEnabled()) {
        publish(entry);
        scheduleCycle(entry, clock.millis());
      } else {
        publish(entry);
      }
    }
  }

  private void remove(Entry entry) {
    cancelTimers(entry);
    entries.remove(entry.id, entry);
    tombstone(entry.id);
  }

  private boolean current(Entry entry) {
    return !closed && entries.get(entry.id) == entry;
  }

  private void publish(Entry entry) {
    status.send(new ProducerRecord<>(Topics.REGISTRANT_STATUS.name(), entry.id, statusOf(entry)),
        (metadata, error) -> {
          if (error != null) {
            log.warn("registrant {}: status of {} lost: {}", config.workerId(), entry.id,
                error.toString());
          }
        });
  }

  private void tombstone(String id) {
    status.send(new ProducerRecord<>(Topics.REGISTRANT_STATUS.name(), id, null), (metadata, error) -> {
      if (error != null) {
        log.warn("registrant {}: status tombstone of {} lost: {}", config.workerId(), id, error.toString());
      }
    });
  }

  private RegistrantStatus statusOf(Entry entry) {
    AccountCycle cycle = entry.cycle;
    RegistrantAccount account = entry.sending();
    return RegistrantStatus.newBuilder()
        .setAccountId(entry.id)
        .setAor(account.getAor())
        .setRegistrar(account.getRegistrar())
        .setState(cycle.state().code())
        .setStateName(cycle.state().stateName())
        .setGrantedExpires(cycle.state() == RegistrantState.REGISTERED ? cycle.grantedExpires() : null)
        .setLastResponse(cycle.lastResponse())
        .setNextAttemptMs(cycle.nextAttemptMs())
        .setWorker(config.workerId())
        .setUpdatedAtMs(clock.millis())
        .setCallId(cycle.callId())
        .setCseq(cycle.cseq())
        .setEnabled(entry.account.getEnabled())
        .build();
  }

  private String newCallId() {
    // RFC 3261 §8.1.1.4: globally unique; kept for every REGISTER of the account (§10.2.4).
    return UUID.randomUUID() + "@herald-registrant";
  }

  private void cancelTimers(Entry entry) {
    cancelTimer(entry);
    cancelTransactionTimer(entry);
  }

  private static void cancelTimer(Entry entry) {
    if (entry.timer != null) {
      entry.timer.cancel(false);
      entry.timer = null;
    }
  }

  private static void cancelTransactionTimer(Entry entry) {
    if (entry.transactionTimer != null) {
      entry.transactionTimer.cancel(false);
      entry.transactionTimer = null;
    }
  }

  private void submit(Runnable task) {
    if (closed) {
      return;
    }
    try {
      scheduler.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("registrant {}: event failed", config.workerId(), e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("registrant {}: event after shutdown dropped", config.workerId());
    }
  }

  private void awaitOnScheduler(Runnable task) {
    if (scheduler.isShutdown()) {
      return;
    }
    try {
      scheduler.submit(task).get(HANDOVER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.error("registrant {}: partition hand-over failed", config.workerId(), e);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("registrant {}: hand-over after shutdown skipped", config.workerId());
    }
  }

  /**
   * Stops the worker without unregistering anything: its accounts stay registered and move to the
   * other workers. A worker that was never started releases its consumer too.
   */
  @Override
  public void close() throws InterruptedException {
    loop.close();
    closed = true;
    scheduler.shutdownNow();
    scheduler.awaitTermination(2, TimeUnit.SECONDS);
    if (sender != null) {
      sender.close();
    }
    if (status != null) {
      status.close(Duration.ofSeconds(2));
    }
  }
}
