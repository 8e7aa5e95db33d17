package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.registrant.AccountCycle.Reply;
import dev.herald.registrant.AccountCycle.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountCycleTest {

  private static final RegistrantConfig CONFIG = RegistrantConfig.defaults("w1", "g")
      .withRetry(Duration.ofSeconds(2), Duration.ofSeconds(20));
  private static final long NOW = 1_000_000L;

  private final AccountCycle cycle = AccountCycle.fresh(CONFIG, "call-1@test");

  private static DigestChallenge challenge(boolean proxy, boolean stale) {
    return new DigestChallenge(proxy, "realm", "nonce", "SHA-256", "auth", null, stale);
  }

  private static Reply challenged(int status, boolean stale) {
    return new Reply(status, status == 401 ? "Unauthorized" : "Proxy Authentication Required",
        List.of(challenge(status == 407, stale)), null, null, null, null);
  }

  private static Reply ok(Integer contactExpires, Integer expiresHeader) {
    return new Reply(200, "OK", List.of(), null, contactExpires, expiresHeader, null);
  }

  @Test
  void freshAccountIsNotRegisteredAndHasUsedNoCseq() {
    assertThat(cycle.state()).isEqualTo(RegistrantState.NOT_REGISTERED);
    assertThat(cycle.cseq()).isZero();
    assertThat(cycle.callId()).isEqualTo("call-1@test");
  }

  @Test
  void registerSendsTheAskedExpiryWithTheNextCseq() {
    Step.Send send = cycle.register(3600);

    assertThat(send).isEqualTo(new Step.Send(1, 3600, null));
    assertThat(cycle.state()).isEqualTo(RegistrantState.REGISTERING);
  }

  @Test
  void okIsRegisteredWithRefreshAtNinetyPercentOfTheContactsGrant() {
    cycle.register(3600);

    Step step = cycle.onResponse(ok(100, 600), true, NOW);

    assertThat(step).isEqualTo(new Step.Wait(NOW + 90_000));
    assertThat(cycle.state()).isEqualTo(RegistrantState.REGISTERED);
    assertThat(cycle.grantedExpires()).isEqualTo(100);
    assertThat(cycle.lastResponse()).isEqualTo("200 OK");
    assertThat(cycle.nextAttemptMs()).isEqualTo(NOW + 90_000);
  }

  @Test
  void okWithoutContactExpiresTakesTheExpiresHeader() {
    cycle.register(3600);

    assertThat(cycle.onResponse(ok(null, 60), true, NOW)).isEqualTo(new Step.Wait(NOW + 54_000));
    assertThat(cycle.grantedExpires()).isEqualTo(60);
  }

  @Test
  void okSayingNoExpiryMeansWhatWasAskedWasGranted() {
    cycle.register(1000);

    assertThat(cycle.onResponse(ok(null, null), true, NOW)).isEqualTo(new Step.Wait(NOW + 900_000));
  }

  @Test
  void refreshShareIsConfigurable() {
    AccountCycle half = AccountCycle.fresh(CONFIG.withRefreshShare(0.5), "c");
    half.register(100);

    assertThat(half.onResponse(ok(100, null), true, NOW)).isEqualTo(new Step.Wait(NOW + 50_000));
  }

  @Test
  void firstChallenge401IsAnsweredInAuthenticatingWithTheNextCseq() {
    cycle.register(3600);

    Step step = cycle.onResponse(challenged(401, false), true, NOW);

    assertThat(step).isEqualTo(new Step.Send(2, 3600, challenge(false, false)));
    assertThat(cycle.state()).isEqualTo(RegistrantState.AUTHENTICATING);
  }

  @Test
  void firstChallenge407IsAnsweredAsAProxyChallenge() {
    cycle.register(3600);

    Step step = cycle.onResponse(challenged(407, false), true, NOW);

    assertThat(((Step.Send) step).challenge().proxy()).isTrue();
    assertThat(cycle.state()).isEqualTo(RegistrantState.AUTHENTICATING);
  }

  @Test
  void challengeAfterAnAuthenticatedAttemptMeansWrongCredentials() {
    cycle.register(3600);
    cycle.onResponse(challenged(401, false), true, NOW);

    Step step = cycle.onResponse(challenged(401, false), true, NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.WRONG_CREDENTIALS);
    assertThat(step).isEqualTo(new Step.Wait(NOW + 20_000));
  }

  @Test
  void staleChallengeAfterAnAuthenticatedAttemptIsAnsweredAgain() {
    cycle.register(3600);
    cycle.onResponse(challenged(401, false), true, NOW);

    Step step = cycle.onResponse(challenged(401, true), true, NOW);

    assertThat(step).isInstanceOf(Step.Send.class);
    assertThat(((Step.Send) step).cseq()).isEqualTo(3);
    assertThat(cycle.state()).isEqualTo(RegistrantState.AUTHENTICATING);
  }

  @Test
  void challengeWithoutCredentialsMeansWrongCredentials() {
    cycle.register(3600);

    cycle.onResponse(challenged(401, false), false, NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.WRONG_CREDENTIALS);
  }

  @Test
  void challengeInNoSupportedAlgorithmIsAnInternalError() {
    cycle.register(3600);
    Reply reply = new Reply(401, "Unauthorized",
        List.of(new DigestChallenge(false, "r", "n", "SHA-512-256", "auth", null, false)), null, null, null, null);

    Step step = cycle.onResponse(reply, true, NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.INTERNAL_ERROR);
    assertThat(step).isEqualTo(new Step.Wait(NOW + 2_000));
  }

  @Test
  void intervalTooBriefResendsWithMinExpires() {
    cycle.register(30);

    Step step = cycle.onResponse(new Reply(423, "Interval Too Brief", List.of(), 120, null, null, null), true, NOW);

    assertThat(step).isEqualTo(new Step.Send(2, 120, null));
    assertThat(cycle.state()).isEqualTo(RegistrantState.REGISTERING);
    assertThat(cycle.requestedExpires()).isEqualTo(120);
  }

  @Test
  void intervalTooBriefWithoutAHigherMinExpiresIsARegistrarError() {
    cycle.register(300);

    cycle.onResponse(new Reply(423, "Interval Too Brief", List.of(), 60, null, null, null), true, NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.REGISTRAR_ERROR);
  }

  @Test
  void timeoutIsRegisterTimeoutRetriedAfterTheFailureInterval() {
    cycle.register(3600);

    Step step = cycle.onTimeout(NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.REGISTER_TIMEOUT);
    assertThat(cycle.lastResponse()).isEqualTo("timeout");
    assertThat(step).isEqualTo(new Step.Wait(NOW + 2_000));
  }

  @Test
  void response408IsRegisterTimeoutToo() {
    cycle.register(3600);

    cycle.onResponse(Reply.of(408, "Request Timeout"), true, NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.REGISTER_TIMEOUT);
    assertThat(cycle.lastResponse()).isEqualTo("408 Request Timeout");
  }

  @Test
  void aFailedAccountThatIsDisabledIsNotRegisteredWithNothingToTry() {
    cycle.register(3600);
    cycle.onResponse(Reply.of(503, "Service Unavailable"), true, NOW);

    cycle.disabled();

    assertThat(cycle.state()).isEqualTo(RegistrantState.NOT_REGISTERED);
    assertThat(cycle.nextAttemptMs()).isNull();
  }

  @Test
  void aRegisteredAccountCannotJustBeDisabled() {
    cycle.register(3600);
    cycle.onResponse(ok(3600, null), true, NOW);

    org.assertj.core.api.Assertions.assertThatThrownBy(cycle::disabled).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serverErrorIsRegistrarErrorWithBackoffDoublingUpToTheCap() {
    long[] waits = new long[6];
    for (int i = 0; i < waits.length; i++) {
      cycle.register(3600);
      waits[i] = ((Step.Wait) cycle.onResponse(Reply.of(503, "Service Unavailable"), true, NOW)).atMs() - NOW;
    }

    assertThat(cycle.state()).isEqualTo(RegistrantState.REGISTRAR_ERROR);
    assertThat(waits).containsExactly(2_000, 4_000, 8_000, 16_000, 20_000, 20_000);
  }

  @Test
  void successResetsTheBackoff() {
    cycle.register(3600);
    cycle.onTimeout(NOW);
    cycle.register(3600);
    cycle.onTimeout(NOW);
    cycle.register(3600);
    cycle.onResponse(ok(60, null), true, NOW);
    cycle.register(3600);

    assertThat(cycle.onTimeout(NOW)).isEqualTo(new Step.Wait(NOW + 2_000));
  }

  @Test
  void retryAfterOfA503LengthensTheWaitUpToTheCap() {
    cycle.register(3600);

    Step step = cycle.onResponse(new Reply(503, "Service Unavailable", List.of(), null, null, null, 10), true, NOW);

    assertThat(step).isEqualTo(new Step.Wait(NOW + 10_000));
  }

  @Test
  void clientErrorIsRegistrarError() {
    cycle.register(3600);

    cycle.onResponse(Reply.of(403, "Forbidden"), true, NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.REGISTRAR_ERROR);
  }

  @Test
  void redirectionIsAnInternalErrorAsInUacRegistrant() {
    cycle.register(3600);

    cycle.onResponse(Reply.of(302, "Moved Temporarily"), true, NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.INTERNAL_ERROR);
  }

  @Test
  void sendFailureIsAnInternalError() {
    cycle.register(3600);

    Step step = cycle.onSendFailure("not sent: no route", NOW);

    assertThat(cycle.state()).isEqualTo(RegistrantState.INTERNAL_ERROR);
    assertThat(step).isInstanceOf(Step.Wait.class);
  }

  @Test
  void unregisterAsksForExpiresZeroAndOkEndsNotRegistered() {
    cycle.register(3600);
    cycle.onResponse(ok(60, null), true, NOW);

    Step.Send send = cycle.unregister();
    assertThat(send).isEqualTo(new Step.Send(2, 0, null));
    assertThat(cycle.state()).isEqualTo(RegistrantState.UNREGISTERING);

    assertThat(cycle.onResponse(ok(null, null), true, NOW)).isInstanceOf(Step.Unregistered.class);
    assertThat(cycle.state()).isEqualTo(RegistrantState.NOT_REGISTERED);
    assertThat(cycle.grantedExpires()).isNull();
  }

  @Test
  void challengedUnregisterIsAuthenticatingUnregisterWithExpiresZero() {
    cycle.register(3600);
    cycle.onResponse(ok(60, null), true, NOW);
    cycle.unregister();

    Step step = cycle.onResponse(challenged(407, false), true, NOW);

    assertThat(step).isEqualTo(new Step.Send(3, 0, challenge(true, false)));
    assertThat(cycle.state()).isEqualTo(RegistrantState.AUTHENTICATING_UNREGISTER);
  }

  @Test
  void unregisterChallengedAgainOrFailingOrTimingOutIsGivenUp() {
    for (Reply last : List.of(challenged(401, false), Reply.of(500, "Server Internal Error"))) {
      AccountCycle c = AccountCycle.fresh(CONFIG, "c");
      c.unregister();
      c.onResponse(challenged(401, false), true, NOW);
      assertThat(c.onResponse(last, true, NOW)).isInstanceOf(Step.Unregistered.class);
      assertThat(c.state()).isEqualTo(RegistrantState.NOT_REGISTERED);
    }
    AccountCycle timedOut = AccountCycle.fresh(CONFIG, "c");
    timedOut.unregister();
    assertThat(timedOut.onTimeout(NOW)).isInstanceOf(Step.Unregistered.class);
  }

  @Test
  void resumedAccountKeepsCallIdAndGoesOnFromTheRecordedCseq() {
    AccountCycle resumed = AccountCycle.resume(CONFIG, "call-9@x", 41, RegistrantState.REGISTERED, 100, "200 OK");

    assertThat(resumed.register(3600)).isEqualTo(new Step.Send(42, 3600, null));
    assertThat(resumed.callId()).isEqualTo("call-9@x");
  }

  @Test
  void resumedRegistrationIsRefreshedAtTheShareOfTheGrantAfterItWasConfirmed() {
    AccountCycle resumed = AccountCycle.resume(CONFIG, "c", 5, RegistrantState.REGISTERED, 100, "200 OK");

    assertThat(resumed.resumeAt(NOW - 30_000, NOW, 5_000)).isEqualTo(NOW + 60_000);
  }

  @Test
  void resumedRegistrationPastItsRefreshIsRenewedBeforeTheRemoteExpiry() {
    AccountCycle resumed = AccountCycle.resume(CONFIG, "c", 5, RegistrantState.REGISTERED, 100, "200 OK");

    // Confirmed 95 s ago: 5 s left, so at most 2.5 s from now even with a 10 s spread offset.
    assertThat(resumed.resumeAt(NOW - 95_000, NOW, 10_000)).isEqualTo(NOW + 2_500);
    assertThat(resumed.resumeAt(NOW - 95_000, NOW, 1_000)).isEqualTo(NOW + 1_000);
  }

  @Test
  void resumedAccountThatWasNotRegisteredStartsWithinItsSpreadOffset() {
    AccountCycle resumed = AccountCycle.resume(CONFIG, "c", 5, RegistrantState.REGISTERING, null, null);

    assertThat(resumed.resumeAt(NOW - 1_000, NOW, 700)).isEqualTo(NOW + 700);
  }
}
