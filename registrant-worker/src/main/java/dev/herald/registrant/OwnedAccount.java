package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;

/**
 * One account this worker owns: its latest settings, its REGISTER cycle and its two timers. Written
 * on the scheduling thread only ({@link CycleTimers}).
 */
final class OwnedAccount {

  final String id;
  final int partition;
  final AccountCycle cycle;
  final CycleTimers.Timers timers = new CycleTimers.Timers();
  RegistrantAccount account;
  boolean deleted;
  /** The account as it was bound, while its binding is removed after the registrar, AOR or contact changed. */
  RegistrantAccount retiring;

  OwnedAccount(String id, RegistrantAccount account, int partition, AccountCycle cycle) {
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
