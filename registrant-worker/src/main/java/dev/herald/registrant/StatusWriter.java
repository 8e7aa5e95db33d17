package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantStatus;
import dev.herald.common.kafka.ClientMeters;
import dev.herald.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this worker's records to the compacted status topic, keyed by account id: each owned
 * account's {@link RegistrantStatus}, its state numbered and named as uac_registrant does (0..9), and
 * the tombstone of an account given up. Owns the status producer.
 */
final class StatusWriter implements AutoCloseable {

  // The role's logger: operators filter the registrant's lines by its name.
  private static final Logger log = LoggerFactory.getLogger(RegistrantRole.class);

  private final String workerId;
  private final Clock clock;
  private final Producer<String, RegistrantStatus> producer;
  private AutoCloseable meters;

  StatusWriter(String workerId, Clock clock, Producer<String, RegistrantStatus> producer) {
    this.workerId = workerId;
    this.clock = clock;
    this.producer = producer;
  }

  /** A writer with a producer of its own: idempotent, each record acknowledged by all in-sync replicas. */
  static StatusWriter open(RegistrantConfig config, Map<String, Object> kafka, Clock clock, MeterRegistry metrics) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-registrant-status-" + config.workerId());
    StatusWriter writer = new StatusWriter(config.workerId(), clock, new KafkaProducer<>(props,
        Topics.REGISTRANT_STATUS.keySerde().serializer(), Topics.REGISTRANT_STATUS.valueSerde().serializer()));
    writer.meters = ClientMeters.bind(metrics, writer.producer);
    return writer;
  }

  /**
   * The status of an owned account as {@code worker} writes it at {@code nowMs}: registrar and AOR of
   * the account its REGISTERs speak for, the enabled flag of its latest settings, the grant only while
   * registered.
   */
  static RegistrantStatus of(OwnedAccount owned, String worker, long nowMs) {
    AccountCycle cycle = owned.cycle;
    RegistrantAccount account = owned.sending();
    return RegistrantStatus.newBuilder()
        .setAccountId(owned.id)
        .setAor(account.getAor())
        .setRegistrar(account.getRegistrar())
        .setState(cycle.state().code())
        .setStateName(cycle.state().stateName())
        .setGrantedExpires(cycle.state() == RegistrantState.REGISTERED ? cycle.grantedExpires() : null)
        .setLastResponse(cycle.lastResponse())
        .setNextAttemptMs(cycle.nextAttemptMs())
        .setWorker(worker)
        .setUpdatedAtMs(nowMs)
        .setCallId(cycle.callId())
        .setCseq(cycle.cseq())
        .setEnabled(owned.account.getEnabled())
        .build();
  }

  /** Writes the account's status as it stands; a write that fails is logged. */
  void publish(OwnedAccount owned) {
    producer.send(record(owned), (metadata, error) -> {
      if (error != null) {
        log.warn("registrant {}: status of {} lost: {}", workerId, owned.id, error.toString());
      }
    });
  }

  /**
   * Writes the status naming the cycle's latest CSeq and hands {@code written} the outcome once Kafka
   * answered: empty when acknowledged, else the failure. A REGISTER waits for it, so whoever takes the
   * account over never reuses a CSeq (RFC 3261 §10.2: each REGISTER with the same Call-ID has a CSeq
   * one higher).
   */
  void writeBeforeSend(OwnedAccount owned, Consumer<Optional<Exception>> written) {
    producer.send(record(owned), (metadata, error) -> written.accept(Optional.ofNullable(error)));
  }

  /** Deletes the account's status from the compacted topic; a write that fails is logged. */
  void tombstone(String accountId) {
    producer.send(new ProducerRecord<>(Topics.REGISTRANT_STATUS.name(), accountId, null), (metadata, error) -> {
      if (error != null) {
        log.warn("registrant {}: status tombstone of {} lost: {}", workerId, accountId, error.toString());
      }
    });
  }

  /** Returns once every status written so far is acknowledged or failed. */
  void flush() {
    producer.flush();
  }

  private ProducerRecord<String, RegistrantStatus> record(OwnedAccount owned) {
    return new ProducerRecord<>(Topics.REGISTRANT_STATUS.name(), owned.id, of(owned, workerId, clock.millis()));
  }

  @Override
  public void close() {
    ClientMeters.close(meters);
    producer.close(Duration.ofSeconds(2));
  }
}
