package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.registrant.Ownership.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the REGISTER cycles of the owned accounts on the scheduling thread ({@link CycleTimers}):
 * carries out the {@link Ownership} decisions, sends each REGISTER through its {@link RegisterSender}
 * once the status naming its CSeq is written, and turns replies, timeouts and failed sends into the
 * {@link AccountCycle}'s next step. Owns the sender.
 */
final class CycleRunner implements AutoCloseable {

  // The role's logger: operators filter the registrant's lines by its name.
  private static final Logger log = LoggerFactory.getLogger(RegistrantRole.class);

  private final RegistrantConfig config;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final Counter registersSent;
  private final CycleTimers timers;
  private final Ownership ownership;
  private final StatusWriter status;
  private final RegisterSender sender;

  CycleRunner(RegistrantConfig config, Clock clock, MeterRegistry metrics, Counter registersSent, CycleTimers timers,
      Ownership ownership, StatusWriter status) throws Exception {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.registersSent = registersSent;
    this.timers = timers;
    this.ownership = ownership;
    this.status = status;
    this.sender = new RegisterSender(config, new RegisterSender.Outcomes() {
      @Override
      public void reply(String accountId, long cseq, AccountCycle.Reply reply) {
        timers.submit(() -> onReply(accountId, cseq, reply));
      }

      @Override
      public void timeout(String accountId, long cseq) {
        timers.submit(() -> onTimeout(accountId, cseq));
      }
    });
  }

  /** The local SIP port REGISTERs leave from (unless an account forces another socket). */
  int sipPort() {
    return sender.port();
  }

  /** Carries the decisions out, in their order. */
  void carryOut(List<Decision> decisions) {
    for (Decision decision : decisions) {
      if (decision instanceof Decision.Plan plan) {
        scheduleCycle(plan.owned(), plan.atMs());
      } else if (decision instanceof Decision.RegisterNow now) {
        now.owned().timers.cancel();
        startCycle(now.owned());
      } else if (decision instanceof Decision.Unregister unregister) {
        send(unregister.owned(), unregister.owned().cycle.unregister());
      } else if (decision instanceof Decision.Publish publish) {
        status.publish(publish.owned());
      } else if (decision instanceof Decision.StopTimers stop) {
        stop.owned().timers.cancel();
      } else if (decision instanceof Decision.Tombstone tombstone) {
        status.tombstone(tombstone.accountId());
      }
    }
  }

  private void scheduleCycle(OwnedAccount owned, long atMs) {
    timers.scheduleCycle(owned.timers, atMs, () -> current(owned), () -> startCycle(owned));
  }

  private void startCycle(OwnedAccount owned) {
    send(owned, owned.cycle.register(owned.account.getExpiry()));
  }

  /** Writes the status naming the new CSeq, then sends the REGISTER once Kafka has it. */
  private void send(OwnedAccount owned, AccountCycle.Step.Send step) {
    owned.timers.cancel();
    status.writeBeforeSend(owned, failure -> timers.submit(() -> {
      if (!current(owned) || owned.cycle.cseq() != step.cseq()) {
        return;
      }
      if (failure.isPresent()) {
        log.warn("registrant {}: status of {} not written, REGISTER not sent: {}", config.workerId(),
            owned.id, failure.get().toString());
        handle(owned, owned.cycle.onSendFailure("status not written", clock.millis()));
        return;
      }
      transmit(owned, step);
    }));
  }

  private void transmit(OwnedAccount owned, AccountCycle.Step.Send step) {
    try {
      sender.send(new RegisterSender.Register(owned.sending(), owned.cycle.callId(), step.cseq(), step.expires(),
          step.challenge(), Long.toHexString(UUID.randomUUID().getMostSignificantBits())));
      registersSent.increment();
      String id = owned.id;
      timers.startTransactionTimer(owned.timers, () -> onTimeout(id, step.cseq()));
    } catch (Exception e) {
      log.warn("registrant {}: cannot send REGISTER for {}: {}", config.workerId(), owned.id,
          e.toString());
      handle(owned, owned.cycle.onSendFailure("not sent: " + e.getMessage(), clock.millis()));
    }
  }

  private void onReply(String id, long cseq, AccountCycle.Reply reply) {
    awaiting(id, cseq).ifPresent(owned -> {
      metrics.counter("herald_registrant_responses_total", "class", reply.status() / 100 + "xx").increment();
      owned.timers.cancelTransaction();
      RegistrantAccount sent = owned.sending();
      boolean credentials = sent.getUsername() != null && sent.getPassword() != null;
      handle(owned, owned.cycle.onResponse(reply, credentials, clock.millis()));
    });
  }

  private void onTimeout(String id, long cseq) {
    awaiting(id, cseq).ifPresent(owned -> {
      metrics.counter("herald_registrant_responses_total", "class", "timeout").increment();
      owned.timers.cancelTransaction();
      handle(owned, owned.cycle.onTimeout(clock.millis()));
    });
  }

  /** The owned account whose REGISTER with this CSeq is still in flight; a late or stray outcome finds none. */
  private Optional<OwnedAccount> awaiting(String id, long cseq) {
    return ownership.get(id).filter(owned -> owned.cycle.cseq() == cseq && owned.cycle.state().inFlight());
  }

  private void handle(OwnedAccount owned, AccountCycle.Step step) {
    if (step instanceof AccountCycle.Step.Send send) {
      send(owned, send);
    } else if (owned.retiring != null && step instanceof AccountCycle.Step.Wait) {
      // The account changed while its REGISTER was under way: remove what that REGISTER bound, if anything.
      if (owned.cycle.state() == RegistrantState.REGISTERED) {
        send(owned, owned.cycle.unregister());
      } else {
        owned.retiring = null;
        scheduleCycle(owned, clock.millis());
      }
    } else if (step instanceof AccountCycle.Step.Wait wait) {
      if (owned.cycle.state() != RegistrantState.REGISTERED) {
        log.info("registrant {}: {} is {} ({}), next attempt in {} ms", config.workerId(),
            owned.id, owned.cycle.state(), owned.cycle.lastResponse(), wait.atMs() - clock.millis());
      }
      status.publish(owned);
      scheduleCycle(owned, wait.atMs());
    } else if (step instanceof AccountCycle.Step.Unregistered) {
      owned.retiring = null;
      if (owned.deleted) {
        carryOut(ownership.remove(owned));
      } else if (owned.account.getEnabled()) {
        status.publish(owned);
        scheduleCycle(owned, clock.millis());
      } else {
        status.publish(owned);
      }
    }
  }

  private boolean current(OwnedAccount owned) {
    return !timers.closed() && ownership.holds(owned);
  }

  @Override
  public void close() {
    sender.close();
  }
}
