package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.avro.RegistrantStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which accounts this worker owns, and what becomes of them when the group assigns it partitions
 * (taken over from their {@link PartitionSnapshot}), revokes them, when an account record changes or
 * is deleted, and when a command names an account. It decides only: each method returns the
 * {@link Decision}s that {@link CycleRunner} carries out in order. Called on the scheduling thread
 * ({@link CycleTimers}); {@link #accounts()} may be read from any thread.
 */
final class Ownership {

  // The role's logger: operators filter the registrant's lines by its name.
  private static final Logger log = LoggerFactory.getLogger(RegistrantRole.class);

  /** What a change of ownership calls for. */
  sealed interface Decision {
    /** Start the account's next cycle at {@code atMs}, in place of one planned before. */
    record Plan(OwnedAccount owned, long atMs) implements Decision {}

    /** Stop the account's timers and start a cycle now. */
    record RegisterNow(OwnedAccount owned) implements Decision {}

    /** Stop the account's timers and remove its binding: a REGISTER with Expires 0 (RFC 3261 §10.2.2). */
    record Unregister(OwnedAccount owned) implements Decision {}

    /** Write the account's status as it stands. */
    record Publish(OwnedAccount owned) implements Decision {}

    /** Stop the account's timers. */
    record StopTimers(OwnedAccount owned) implements Decision {}

    /** Delete the status of an account this worker does not own (any longer). */
    record Tombstone(String accountId) implements Decision {}
  }

  private final RegistrantConfig config;
  private final Clock clock;
  private final Pacer pacer;
  /** Accounts owned now, by id. */
  private final Map<String, OwnedAccount> byId = new ConcurrentHashMap<>();

  Ownership(RegistrantConfig config, Clock clock, Pacer pacer) {
    this.config = config;
    this.clock = clock;
    this.pacer = pacer;
  }

  /** How many accounts owned now are in {@code state}. */
  long count(RegistrantState state) {
    long count = 0;
    for (OwnedAccount owned : byId.values()) {
      if (owned.cycle.state() == state) {
        count++;
      }
    }
    return count;
  }

  /** The accounts owned now. */
  Collection<RegistrantAccount> accounts() {
    return byId.values().stream().map(owned -> owned.account).toList();
  }

  Optional<OwnedAccount> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Whether {@code owned} is still the account owned under its id: not given up, not replaced. */
  boolean holds(OwnedAccount owned) {
    return byId.get(owned.id) == owned;
  }

  /**
   * Takes the accounts of newly assigned partitions over. An account with a status carries on with its
   * Call-ID and CSeq, at the refresh or retry that status planned; one without starts fresh in its slot
   * of the spread window.
   */
  List<Decision> takeOver(PartitionSnapshot snapshot) {
    List<Decision> decisions = new ArrayList<>();
    snapshot.accounts().forEach((partition, accounts) ->
        decisions.addAll(takeOver(partition, accounts, snapshot.statuses().getOrDefault(partition, Map.of()))));
    return decisions;
  }

  private List<Decision> takeOver(int partition, Map<String, RegistrantAccount> accounts,
      Map<String, RegistrantStatus> statuses) {
    List<Decision> decisions = new ArrayList<>();
    long now = clock.millis();
    for (Map.Entry<String, RegistrantAccount> entry : accounts.entrySet()) {
      String id = entry.getKey();
      RegistrantAccount account = entry.getValue();
      RegistrantStatus last = statuses.get(id);
      if (last == null || last.getCallId() == null) {
        decisions.add(adoptFresh(partition, id, account, now));
        continue;
      }
      AccountCycle cycle = AccountCycle.resume(config, last.getCallId(), last.getCseq() == null ? 0 : last.getCseq(),
          RegistrantState.ofCode(last.getState()), last.getGrantedExpires(), last.getLastResponse());
      OwnedAccount resumed = own(new OwnedAccount(id, account, partition, cycle));
      boolean bound = cycle.state() == RegistrantState.REGISTERED || cycle.state().inFlight();
      if (!account.getEnabled()) {
        if (bound) {
          decisions.add(new Decision.Unregister(resumed));
        } else if (last.getEnabled()) {
          decisions.add(new Decision.Publish(resumed));
        }
        continue;
      }
      long due;
      if (cycle.state() == RegistrantState.REGISTERED || last.getNextAttemptMs() == null) {
        due = cycle.resumeAt(last.getUpdatedAtMs(), now, pacer.spreadOffsetMs(id));
      } else {
        due = Math.max(now, last.getNextAttemptMs());
      }
      decisions.add(new Decision.Plan(resumed, due));
    }
    // A status whose account is gone (deleted while no worker owned it): nothing left to unregister with.
    for (String id : statuses.keySet()) {
      if (!accounts.containsKey(id)) {
        decisions.add(new Decision.Tombstone(id));
      }
    }
    return decisions;
  }

  /** Gives up the accounts of revoked partitions, without unregistering them: their new owner carries on. */
  List<Decision> release(Collection<Integer> partitions) {
    List<Decision> decisions = new ArrayList<>();
    byId.values().removeIf(owned -> {
      if (partitions.contains(owned.partition)) {
        decisions.add(new Decision.StopTimers(owned));
        return true;
      }
      return false;
    });
    return decisions;
  }

  /** Applies an account record of an owned partition; {@code account} is null for a tombstone. */
  List<Decision> apply(int partition, String id, RegistrantAccount account) {
    OwnedAccount current = byId.get(id);
    if (account == null) {
      return current == null ? List.of(new Decision.Tombstone(id)) : delete(current);
    }
    if (current == null) {
      return List.of(adoptFresh(partition, id, account, clock.millis()));
    }
    boolean wasEnabled = current.account.getEnabled();
    boolean changed = !sameRegistration(current.account, account);
    if (current.retiring == null && bound(current) && movesBinding(current.account, account)) {
      // RFC 3261 §10.2.2: the old binding is removed, as it was made, before the new one is made;
      // else the old registrar keeps routing to it until it expires.
      current.retiring = current.account;
    }
    current.account = account;
    current.deleted = false;
    if (wasEnabled && !account.getEnabled()) {
      if (bound(current)) {
        return List.of(new Decision.Unregister(current));
      }
      if (!current.cycle.state().inFlight()) {
        current.cycle.disabled();
        return List.of(new Decision.StopTimers(current), new Decision.Publish(current));
      }
      return List.of(new Decision.StopTimers(current));
    }
    if (account.getEnabled() && (!wasEnabled || changed) && !current.cycle.state().inFlight()) {
      // A corrected password or a new registrar is tried now, not after the back-off or the refresh.
      if (current.retiring != null) {
        return List.of(new Decision.Unregister(current));
      }
      return List.of(new Decision.StopTimers(current), new Decision.Plan(current, clock.millis()));
    }
    return List.of();
  }

  /** Applies an operator's command; uac_registrant's force register is the only one. */
  List<Decision> command(String id, RegistrantCommand command) {
    if (!"register".equalsIgnoreCase(command.getCommand())) {
      log.warn("registrant {}: unknown command '{}' for {} ignored", config.workerId(), command.getCommand(), id);
      return List.of();
    }
    OwnedAccount current = byId.get(id);
    if (current == null || current.deleted || !current.account.getEnabled()) {
      log.info("registrant {}: force register of {} ignored: {}", config.workerId(), id,
          current == null ? "not owned here" : "disabled or deleted");
      return List.of();
    }
    RegistrantState state = current.cycle.state();
    if (state == RegistrantState.UNREGISTERING || state == RegistrantState.AUTHENTICATING_UNREGISTER) {
      return List.of();
    }
    log.info("registrant {}: force register of {} by {}", config.workerId(), id, command.getOperator());
    return List.of(new Decision.RegisterNow(current));
  }

  /** Gives up an account that is deleted and no longer bound, and deletes its status. */
  List<Decision> remove(OwnedAccount owned) {
    byId.remove(owned.id, owned);
    return List.of(new Decision.StopTimers(owned), new Decision.Tombstone(owned.id));
  }

  private List<Decision> delete(OwnedAccount owned) {
    owned.deleted = true;
    if (bound(owned)) {
      return List.of(new Decision.Unregister(owned));
    }
    if (!owned.cycle.state().inFlight()) {
      return remove(owned);
    }
    return List.of(new Decision.StopTimers(owned));
  }

  private Decision adoptFresh(int partition, String id, RegistrantAccount account, long now) {
    OwnedAccount fresh = own(new OwnedAccount(id, account, partition, AccountCycle.fresh(config, newCallId())));
    return account.getEnabled() ? new Decision.Plan(fresh, now + pacer.spreadOffsetMs(id))
        : new Decision.Publish(fresh);
  }

  private OwnedAccount own(OwnedAccount owned) {
    byId.put(owned.id, owned);
    return owned;
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
  private static boolean bound(OwnedAccount owned) {
    RegistrantState state = owned.cycle.state();
    return state == RegistrantState.REGISTERED || state == RegistrantState.REGISTERING
        || state == RegistrantState.AUTHENTICATING;
  }

  private static String newCallId() {
    // RFC 3261 §8.1.1.4: globally unique; kept for every REGISTER of the account (§10.2.4).
    return UUID.randomUUID() + "@herald-registrant";
  }
}
