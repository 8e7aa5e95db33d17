package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.common.Health;
import dev.herald.common.HealthCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of the registrant group: registers the accounts of the partitions Kafka assigned to it.
 * Kafka's assignment is the hash table that spreads accounts over workers; a dead worker's
 * partitions move to the others, which read the accounts and the status of those partitions
 * before they start, so they carry on with the same Call-ID, a higher CSeq and the refresh time
 * the registrar's grant set.
 *
 * <p>Starts, reports on and stops its parts: {@link GroupMember} follows the assignment and reads
 * accounts and commands on the poll thread; {@link Ownership} decides which accounts are owned and
 * what becomes of them; {@link CycleRunner} runs their REGISTER cycles on the one scheduling thread of
 * {@link CycleTimers}; {@link StatusWriter} writes their status.
 */
public final class RegistrantRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistrantRole.class);

  private final RegistrantConfig config;
  private final Map<String, Object> kafka;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final Counter registersSent;
  private final Ownership ownership;
  private final CycleTimers timers;
  private final GroupMember member;
  private StatusWriter status;
  private CycleRunner runner;
  private volatile boolean closed;

  /** The gauge of owned accounts by state: {@code herald_registrant_accounts{state="REGISTERED"}}. */
  public static final String ACCOUNTS = "herald_registrant_accounts";

  public RegistrantRole(RegistrantConfig config, Map<String, Object> kafka) {
    this(config, kafka, Clock.systemUTC(), new SimpleMeterRegistry());
  }

  public RegistrantRole(RegistrantConfig config, Map<String, Object> kafka, Clock clock, MeterRegistry metrics) {
    this.config = config;
    this.kafka = Map.copyOf(kafka);
    this.clock = clock;
    this.metrics = metrics;
    this.registersSent = metrics.counter("herald_registrant_registers_sent_total");
    Pacer pacer = new Pacer(config);
    this.ownership = new Ownership(config, clock, pacer);
    this.timers = new CycleTimers(config, clock, pacer);
    this.member = new GroupMember(config, this.kafka, timers, ownership);
    this.member.meteredIn(metrics);
    for (RegistrantState state : RegistrantState.values()) {
      Gauge.builder(ACCOUNTS, ownership, owned -> owned.count(state))
          .description("accounts this worker owns, by the state of their registration (uac_registrant's)")
          .tag("state", state.stateName()).register(metrics);
    }
  }

  public RegistrantRole start() throws Exception {
    status = StatusWriter.open(config, kafka, clock, metrics);
    runner = new CycleRunner(config, clock, metrics, registersSent, timers, ownership, status);
    member.start(runner, status);
    log.info("registrant {} in group {} sending from {}:{} (udp, tcp)", config.workerId(), config.groupId(),
        config.sipHost(), runner.sipPort());
    return this;
  }

  /** The local SIP port REGISTERs leave from (unless an account forces another socket). */
  public int sipPort() {
    return runner.sipPort();
  }

  /** The accounts this worker owns now. */
  public Collection<RegistrantAccount> accounts() {
    return ownership.accounts();
  }

  public HealthCheck healthCheck() {
    return HealthCheck.of("registrant-worker", () -> closed ? Health.down("closed") : member.health());
  }

  /**
   * Stops the worker without unregistering anything: its accounts stay registered and move to the
   * other workers. A worker that was never started releases its consumer too.
   */
  @Override
  public void close() throws InterruptedException {
    member.close();
    closed = true;
    timers.close();
    if (runner != null) {
      runner.close();
    }
    if (status != null) {
      status.close();
    }
  }
}
