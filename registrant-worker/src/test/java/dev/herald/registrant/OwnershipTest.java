package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.avro.RegistrantStatus;
import dev.herald.registrant.Ownership.Decision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnershipTest {

  private static final long NOW = 1_700_000_000_000L;
  private static final String REGISTRAR = "sip:registrar.example.com";

  private final RegistrantConfig config = RegistrantConfig.defaults("w1", "g");
  private final Pacer pacer = new Pacer(config);
  private final Ownership ownership = new Ownership(config, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
      pacer);

  private static String id(String name) {
    return "sip:" + name + "@example.com";
  }

  private static RegistrantAccount.Builder account(String name) {
    return RegistrantAccount.newBuilder()
        .setAccountId(id(name))
        .setRegistrar(REGISTRAR)
        .setAor(id(name))
        .setUsername(name)
        .setPassword("secret-" + name)
        .setBindingUri("sip:" + name + "@192.0.2.1:5060")
        .setExpiry(3600);
  }

  /** The status another worker wrote a minute ago, with Call-ID and CSeq 7. */
  private static RegistrantStatus.Builder status(String name, RegistrantState state) {
    return RegistrantStatus.newBuilder()
        .setAccountId(id(name))
        .setAor(id(name))
        .setRegistrar(REGISTRAR)
        .setState(state.code())
        .setStateName(state.stateName())
        .setWorker("w0")
        .setUpdatedAtMs(NOW - 60_000)
        .setCallId("call-" + name + "@w0")
        .setCseq(7L)
        .setEnabled(true);
  }

  /** Partition 0 holding these accounts and these statuses. */
  private static PartitionSnapshot partition0(List<RegistrantAccount> accounts, List<RegistrantStatus> statuses) {
    Map<String, RegistrantAccount> accountsById = new HashMap<>();
    accounts.forEach(a -> accountsById.put(a.getAccountId(), a));
    Map<String, RegistrantStatus> statusesById = new HashMap<>();
    statuses.forEach(s -> statusesById.put(s.getAccountId(), s));
    return new PartitionSnapshot(Map.of(0, accountsById), Map.of(0, statusesById), Map.of(), Map.of());
  }

  private OwnedAccount owned(String name) {
    return ownership.get(id(name)).orElseThrow();
  }

  /** Takes over an enabled account whose status says REGISTERED, granted for an hour. */
  private OwnedAccount registered(String name) {
    ownership.takeOver(partition0(List.of(account(name).build()),
        List.of(status(name, RegistrantState.REGISTERED).setGrantedExpires(3600).build())));
    return owned(name);
  }

  private static RegistrantCommand forceRegister(String name) {
    return RegistrantCommand.newBuilder().setAccountId(id(name)).setCommand("register").setRequestedAtMs(NOW)
        .setOperator("ops").build();
  }

  // Taking partitions over

  @Test
  void accountWithoutStatusIsTakenOverFreshAndPlannedInItsSlotOfTheSpreadWindow() {
    List<Decision> decisions = ownership.takeOver(partition0(List.of(account("alice").build()), List.of()));

    OwnedAccount alice = owned("alice");
    assertThat(decisions).containsExactly(new Decision.Plan(alice, NOW + pacer.spreadOffsetMs(id("alice"))));
    assertThat(alice.cycle.state()).isEqualTo(RegistrantState.NOT_REGISTERED);
    assertThat(alice.cycle.cseq()).isZero();
    assertThat(alice.cycle.callId()).endsWith("@herald-registrant");
  }

  @Test
  void registeredAccountCarriesOnWithItsCallIdAndCseqAndIsRefreshedWhenItsGrantSays() {
    List<Decision> decisions = ownership.takeOver(partition0(List.of(account("bob").build()),
        List.of(status("bob", RegistrantState.REGISTERED).setGrantedExpires(3600).build())));

    OwnedAccount bob = owned("bob");
    assertThat(bob.cycle.callId()).isEqualTo("call-bob@w0");
    assertThat(bob.cycle.cseq()).isEqualTo(7);
    assertThat(bob.cycle.state()).isEqualTo(RegistrantState.REGISTERED);
    // Confirmed a minute ago, refreshed at 90 % of the hour granted.
    assertThat(decisions).containsExactly(new Decision.Plan(bob, NOW - 60_000 + 3_240_000));
  }

  @Test
  void failedAccountIsRetriedWhenItsStatusPlannedNotSooner() {
    List<Decision> decisions = ownership.takeOver(partition0(
        List.of(account("carol").build(), account("dave").build()),
        List.of(status("carol", RegistrantState.REGISTRAR_ERROR).setNextAttemptMs(NOW + 5_000).build(),
            status("dave", RegistrantState.REGISTER_TIMEOUT).setNextAttemptMs(NOW - 5_000).build())));

    assertThat(decisions).containsExactlyInAnyOrder(new Decision.Plan(owned("carol"), NOW + 5_000),
        new Decision.Plan(owned("dave"), NOW));
  }

  @Test
  void disabledAccountStillBoundIsUnregisteredOnTakeOver() {
    List<Decision> decisions = ownership.takeOver(partition0(List.of(account("erin").setEnabled(false).build()),
        List.of(status("erin", RegistrantState.REGISTERED).setGrantedExpires(3600).build())));

    assertThat(decisions).containsExactly(new Decision.Unregister(owned("erin")));
  }

  @Test
  void disabledAccountNotBoundIsWrittenOnlyWhenItsStatusStillSaysEnabled() {
    List<Decision> decisions = ownership.takeOver(partition0(
        List.of(account("frank").setEnabled(false).build(), account("grace").setEnabled(false).build()),
        List.of(status("frank", RegistrantState.NOT_REGISTERED).build(),
            status("grace", RegistrantState.NOT_REGISTERED).setEnabled(false).build())));

    assertThat(decisions).containsExactly(new Decision.Publish(owned("frank")));
    assertThat(ownership.get(id("grace"))).isPresent();
  }

  @Test
  void statusOfAnAccountDeletedWhileNoWorkerOwnedItIsTombstoned() {
    List<Decision> decisions = ownership.takeOver(partition0(List.of(),
        List.of(status("gone", RegistrantState.REGISTERED).build())));

    assertThat(decisions).containsExactly(new Decision.Tombstone(id("gone")));
    assertThat(ownership.get(id("gone"))).isEmpty();
  }

  // Releasing partitions

  @Test
  void releaseGivesUpOnlyTheAccountsOfRevokedPartitionsAndStopsTheirTimersWithoutUnregistering() {
    ownership.takeOver(new PartitionSnapshot(
        Map.of(0, Map.of(id("alice"), account("alice").build()), 1, Map.of(id("bob"), account("bob").build())),
        Map.of(), Map.of(), Map.of()));
    OwnedAccount alice = owned("alice");
    OwnedAccount bob = owned("bob");

    List<Decision> decisions = ownership.release(List.of(1));

    assertThat(decisions).containsExactly(new Decision.StopTimers(bob));
    assertThat(ownership.holds(bob)).isFalse();
    assertThat(ownership.holds(alice)).isTrue();
    assertThat(ownership.accounts()).extracting(RegistrantAccount::getAccountId).containsExactly(id("alice"));
  }

  @Test
  void accountTakenOverAgainAfterARevocationIsANewOneNotTheOld() {
    OwnedAccount before = registered("bob");
    ownership.release(List.of(0));

    OwnedAccount after = registered("bob");

    assertThat(after).isNotSameAs(before);
    assertThat(ownership.holds(before)).isFalse();
    assertThat(ownership.holds(after)).isTrue();
  }

  // Account records

  @Test
  void newAccountIsOwnedAndPlannedInItsSlotOfTheSpreadWindow() {
    List<Decision> decisions = ownership.apply(3, id("alice"), account("alice").build());

    OwnedAccount alice = owned("alice");
    assertThat(alice.partition).isEqualTo(3);
    assertThat(decisions).containsExactly(new Decision.Plan(alice, NOW + pacer.spreadOffsetMs(id("alice"))));
  }

  @Test
  void newDisabledAccountIsOnlyWritten() {
    List<Decision> decisions = ownership.apply(0, id("leo"), account("leo").setEnabled(false).build());

    assertThat(decisions).containsExactly(new Decision.Publish(owned("leo")));
  }

  @Test
  void deletionOfAnAccountNotOwnedHereTombstonesItsStatus() {
    assertThat(ownership.apply(0, id("nobody"), null)).containsExactly(new Decision.Tombstone(id("nobody")));
  }

  @Test
  void deletedRegisteredAccountStaysOwnedUntilItsBindingIsRemoved() {
    OwnedAccount bob = registered("bob");

    List<Decision> decisions = ownership.apply(0, id("bob"), null);

    assertThat(decisions).containsExactly(new Decision.Unregister(bob));
    assertThat(bob.deleted).isTrue();
    assertThat(ownership.holds(bob)).isTrue();
  }

  @Test
  void deletedAccountWithNothingBoundIsGivenUpAndItsStatusTombstoned() {
    ownership.apply(0, id("alice"), account("alice").build());
    OwnedAccount alice = owned("alice");

    List<Decision> decisions = ownership.apply(0, id("alice"), null);

    assertThat(decisions).containsExactly(new Decision.StopTimers(alice), new Decision.Tombstone(id("alice")));
    assertThat(ownership.holds(alice)).isFalse();
    assertThat(ownership.accounts()).isEmpty();
  }

  @Test
  void deletedAccountWhoseUnregisterIsUnderWayWaitsForItsOutcome() {
    ownership.takeOver(partition0(List.of(account("ivy").build()),
        List.of(status("ivy", RegistrantState.UNREGISTERING).build())));
    OwnedAccount ivy = owned("ivy");

    List<Decision> decisions = ownership.apply(0, id("ivy"), null);

    assertThat(decisions).containsExactly(new Decision.StopTimers(ivy));
    assertThat(ownership.holds(ivy)).isTrue();
    assertThat(ivy.deleted).isTrue();
  }

  @Test
  void removingADeletedAccountGivesItUpAndTombstonesItsStatus() {
    OwnedAccount bob = registered("bob");

    assertThat(ownership.remove(bob)).containsExactly(new Decision.StopTimers(bob),
        new Decision.Tombstone(id("bob")));
    assertThat(ownership.get(id("bob"))).isEmpty();
  }

  @Test
  void accountMovedToAnotherRegistrarRemovesItsOldBindingFirst() {
    OwnedAccount bob = registered("bob");
    RegistrantAccount old = bob.account;
    RegistrantAccount moved = account("bob").setRegistrar("sip:other.example.com").build();

    List<Decision> decisions = ownership.apply(0, id("bob"), moved);

    assertThat(decisions).containsExactly(new Decision.Unregister(bob));
    assertThat(bob.account).isEqualTo(moved);
    assertThat(bob.retiring).isSameAs(old);
    assertThat(bob.sending()).isSameAs(old);
  }

  @Test
  void newContactOfARegisteredAccountRemovesItsOldBindingFirst() {
    OwnedAccount bob = registered("bob");

    List<Decision> decisions = ownership.apply(0, id("bob"),
        account("bob").setBindingUri("sip:bob@192.0.2.2:5060").build());

    assertThat(decisions).containsExactly(new Decision.Unregister(bob));
    assertThat(bob.retiring.getBindingUri()).isEqualTo("sip:bob@192.0.2.1:5060");
  }

  @Test
  void changedExpiryRefreshesTheBindingInPlaceNow() {
    OwnedAccount bob = registered("bob");

    List<Decision> decisions = ownership.apply(0, id("bob"), account("bob").setExpiry(1800).build());

    assertThat(decisions).containsExactly(new Decision.StopTimers(bob), new Decision.Plan(bob, NOW));
    assertThat(bob.retiring).isNull();
  }

  @Test
  void correctedPasswordIsTriedNowNotAfterTheBackoff() {
    ownership.takeOver(partition0(List.of(account("dora").build()),
        List.of(status("dora", RegistrantState.WRONG_CREDENTIALS).setNextAttemptMs(NOW + 600_000).build())));
    OwnedAccount dora = owned("dora");

    List<Decision> decisions = ownership.apply(0, id("dora"), account("dora").setPassword("right").build());

    assertThat(decisions).containsExactly(new Decision.StopTimers(dora), new Decision.Plan(dora, NOW));
  }

  @Test
  void unchangedRecordLeavesTheCycleAlone() {
    registered("bob");

    assertThat(ownership.apply(0, id("bob"), account("bob").build())).isEmpty();
  }

  @Test
  void disabledRegisteredAccountIsUnregistered() {
    OwnedAccount bob = registered("bob");

    List<Decision> decisions = ownership.apply(0, id("bob"), account("bob").setEnabled(false).build());

    assertThat(decisions).containsExactly(new Decision.Unregister(bob));
  }

  @Test
  void disabledAccountWithNothingBoundBecomesNotRegisteredAndIsWritten() {
    ownership.takeOver(partition0(List.of(account("carol").build()),
        List.of(status("carol", RegistrantState.REGISTRAR_ERROR).setNextAttemptMs(NOW + 5_000).build())));
    OwnedAccount carol = owned("carol");

    List<Decision> decisions = ownership.apply(0, id("carol"), account("carol").setEnabled(false).build());

    assertThat(decisions).containsExactly(new Decision.StopTimers(carol), new Decision.Publish(carol));
    assertThat(carol.cycle.state()).isEqualTo(RegistrantState.NOT_REGISTERED);
  }

  @Test
  void reEnabledAccountRegistersAgainNow() {
    ownership.apply(0, id("kate"), account("kate").setEnabled(false).build());
    OwnedAccount kate = owned("kate");

    List<Decision> decisions = ownership.apply(0, id("kate"), account("kate").build());

    assertThat(decisions).containsExactly(new Decision.StopTimers(kate), new Decision.Plan(kate, NOW));
  }

  // Commands

  @Test
  void forceRegisterStartsACycleNowForAnOwnedEnabledAccount() {
    OwnedAccount bob = registered("bob");

    assertThat(ownership.command(id("bob"), forceRegister("bob"))).containsExactly(new Decision.RegisterNow(bob));
  }

  @Test
  void forceRegisterIsIgnoredForAnAccountNotOwnedDisabledDeletedOrBeingUnregistered() {
    ownership.apply(0, id("leo"), account("leo").setEnabled(false).build());
    registered("judy");
    ownership.apply(0, id("judy"), null);
    ownership.takeOver(partition0(List.of(account("ivy").build()),
        List.of(status("ivy", RegistrantState.AUTHENTICATING_UNREGISTER).build())));

    for (String name : List.of("nobody", "leo", "judy", "ivy")) {
      assertThat(ownership.command(id(name), forceRegister(name))).as(name).isEmpty();
    }
  }

  @Test
  void unknownCommandIsIgnored() {
    registered("bob");

    RegistrantCommand unknown = RegistrantCommand.newBuilder(forceRegister("bob")).setCommand("reboot").build();

    assertThat(ownership.command(id("bob"), unknown)).isEmpty();
  }
}
