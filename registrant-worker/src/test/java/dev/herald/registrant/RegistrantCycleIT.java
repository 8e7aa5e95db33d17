package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.RegistrantStatus;
import dev.herald.common.FreePorts;
import dev.herald.testkit.KafkaFixture;
import dev.herald.testkit.TestRegistrar;
import dev.herald.testkit.TestRegistrar.Challenge;
import dev.herald.testkit.TestRegistrar.Received;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One registrant worker against the test registrar on loopback and the embedded broker: the
 * REGISTER cycle as the registrar sees it, and the status records the worker writes.
 */
class RegistrantCycleIT extends RegistrarTestBase {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private RegistrantRole worker() throws Exception {
    return harness.worker("w1", KafkaFixture.uniqueName("registrant-it"));
  }

  private String registered(String name) {
    String id = harness.prefix + name + "@example.com";
    await().atMost(WAIT).untilAsserted(() -> assertThat(harness.status(id))
        .hasValueSatisfying(s -> assertThat(s.getState()).isEqualTo(RegistrantState.REGISTERED.code())));
    return id;
  }

  @Test
  void registersThroughA401Md5Challenge() throws Exception {
    registrar.challenge(Challenge.WWW_401, "MD5").password("alice", "secret-alice");
    harness.put(harness.account("alice", registrar.uri()));
    worker();

    String id = registered("alice");

    List<Received> seen = registrar.receivedFor(id);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).answeredWith()).isEqualTo(401);
    assertThat(seen.get(0).authorization()).isNull();
    assertThat(seen.get(1).answeredWith()).isEqualTo(200);
    assertThat(seen.get(1).authorization()).startsWith("Authorization: Digest").contains("algorithm=MD5", "qop=auth");
    assertThat(seen.get(1).callId()).isEqualTo(seen.get(0).callId());
    assertThat(seen.get(1).cseq()).isEqualTo(seen.get(0).cseq() + 1);
    assertThat(harness.states(id)).containsSubsequence(1, 2, 3);
    RegistrantStatus status = harness.status(id).orElseThrow();
    assertThat(status.getStateName()).isEqualTo("REGISTERED");
    assertThat(status.getLastResponse()).isEqualTo("200 OK");
    assertThat(status.getCallId()).isEqualTo(seen.get(1).callId());
    assertThat(status.getCseq()).isEqualTo(seen.get(1).cseq());
    assertThat(status.getWorker()).isEqualTo("w1");
    assertThat(status.getGrantedExpires()).isEqualTo(3600);
    assertThat(status.getEnabled()).isTrue();
  }

  @Test
  void registersThroughA407Sha256Challenge() throws Exception {
    registrar.challenge(Challenge.PROXY_407, "SHA-256").password("bob", "secret-bob");
    harness.put(harness.account("bob", registrar.uri()));
    worker();

    String id = registered("bob");

    Received answered = registrar.receivedFor(id).get(1);
    assertThat(answered.authorization()).startsWith("Proxy-Authorization: Digest").contains("algorithm=SHA-256");
    assertThat(answered.answeredWith()).isEqualTo(200);
  }

  @Test
  void wrongPasswordEndsInWrongCredentials() throws Exception {
    registrar.challenge(Challenge.WWW_401, "SHA-256").password("carol", "another-password");
    harness.put(harness.account("carol", registrar.uri()));
    worker();
    String id = harness.prefix + "carol@example.com";

    await().atMost(WAIT).untilAsserted(() -> assertThat(harness.status(id)).hasValueSatisfying(s -> {
      assertThat(s.getState()).isEqualTo(6);
      assertThat(s.getStateName()).isEqualTo("WRONG_CREDENTIALS");
      assertThat(s.getLastResponse()).isEqualTo("401 Unauthorized");
    }));
    assertThat(registrar.receivedFor(id)).extracting(Received::answeredWith).containsExactly(401, 401);
  }

  @Test
  void anAccountInWrongCredentialsIsCountedInTheGaugeOfItsState() throws Exception {
    registrar.challenge(Challenge.WWW_401, "SHA-256").password("dave", "another-password");
    harness.put(harness.account("dave", registrar.uri()));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    harness.worker(RegistrantHarness.FAST.toBuilder().ids("w1", KafkaFixture.uniqueName("registrant-it")).build(),
        metrics);

    await().atMost(WAIT).untilAsserted(() -> assertThat(
        metrics.get(RegistrantRole.ACCOUNTS).tag("state", "WRONG_CREDENTIALS").gauge().value()).isEqualTo(1));
    assertThat(metrics.get(RegistrantRole.ACCOUNTS).tag("state", "REGISTERED").gauge().value()).isZero();
  }

  @Test
  void aCorrectedPasswordIsTriedAtOnceNotAfterTheBackoff() throws Exception {
    registrar.challenge(Challenge.WWW_401, "MD5").password("dora", "the-right-one");
    harness.put(harness.account("dora", registrar.uri()));
    // WRONG_CREDENTIALS waits the longest back-off: ten minutes here, far beyond this test.
    harness.worker(RegistrantHarness.FAST.toBuilder().ids("w1", KafkaFixture.uniqueName("registrant-it"))
        .retry(Duration.ofSeconds(1), Duration.ofMinutes(10)).build());
    String id = harness.prefix + "dora@example.com";
    await().atMost(WAIT).untilAsserted(() -> assertThat(harness.status(id))
        .hasValueSatisfying(s -> assertThat(s.getState()).isEqualTo(6)));

    harness.put(harness.account("dora", registrar.uri()).setPassword("the-right-one"));

    registered("dora");
    assertThat(registrar.receivedFor(id)).extracting(Received::answeredWith).endsWith(401, 200);
  }

  @Test
  void intervalTooBriefIsAskedAgainWithMinExpires() throws Exception {
    registrar.minExpires(120);
    harness.put(harness.account("dave", registrar.uri()).setExpiry(60));
    worker();

    String id = registered("dave");

    assertThat(registrar.receivedFor(id)).extracting(Received::askedExpires, Received::answeredWith)
        .containsExactly(tuple(60, 423), tuple(120, 200));
    assertThat(harness.status(id).orElseThrow().getGrantedExpires()).isEqualTo(120);
  }

  @Test
  void shorterGrantInTheContactIsRefreshedAtNinetyPercentWithTheSameCallIdAndAHigherCseq() throws Exception {
    registrar.grant(4, true);
    harness.put(harness.account("erin", registrar.uri()));
    worker();
    String id = registered("erin");
    assertThat(harness.status(id).orElseThrow().getGrantedExpires()).isEqualTo(4);

    await().atMost(WAIT).until(() -> registrar.receivedFor(id).size() >= 2);

    List<Received> seen = registrar.receivedFor(id);
    assertThat(seen.get(1).callId()).isEqualTo(seen.get(0).callId());
    assertThat(seen.get(1).cseq()).isGreaterThan(seen.get(0).cseq());
    long refreshedAfter = seen.get(1).arrivedAtMs() - seen.get(0).arrivedAtMs();
    // 90% of 4 s, with the status write before the send as slack; never at the remote expiry.
    assertThat(refreshedAfter).isBetween(3_400L, 3_990L);
  }

  @Test
  void shorterGrantInTheExpiresHeaderSetsTheRefreshToo() throws Exception {
    registrar.grant(5, false);
    harness.put(harness.account("frank", registrar.uri()));
    worker();
    String id = registered("frank");

    assertThat(harness.status(id).orElseThrow().getGrantedExpires()).isEqualTo(5);
    RegistrantStatus status = harness.status(id).orElseThrow();
    assertThat(status.getNextAttemptMs() - status.getUpdatedAtMs()).isBetween(4_400L, 4_500L);
  }

  @Test
  void silentRegistrarIsARegisterTimeoutRetriedAfterTheFailureInterval() throws Exception {
    registrar.silentFor(request -> true);
    harness.put(harness.account("grace", registrar.uri()));
    worker();
    String id = harness.prefix + "grace@example.com";

    await().atMost(WAIT).untilAsserted(() -> assertThat(harness.status(id)).hasValueSatisfying(s -> {
      assertThat(s.getState()).isEqualTo(4);
      assertThat(s.getLastResponse()).isEqualTo("timeout");
      assertThat(s.getNextAttemptMs()).isNotNull();
    }));
    registrar.silentFor(request -> false);

    registered("grace");
    List<Long> cseqs = registrar.receivedFor(id).stream().map(Received::cseq).distinct().toList();
    assertThat(cseqs).hasSizeGreaterThanOrEqualTo(2).isSorted();
    assertThat(registrar.receivedFor(id)).extracting(Received::callId)
        .containsOnly(registrar.receivedFor(id).get(0).callId());
  }

  @Test
  void serviceUnavailableIsARegistrarErrorRetriedWithGrowingBackoff() throws Exception {
    registrar.failWith(503);
    harness.put(harness.account("heidi", registrar.uri()));
    worker();
    String id = harness.prefix + "heidi@example.com";

    await().atMost(WAIT).until(() -> registrar.receivedFor(id).size() >= 3);

    // Each failed attempt is written, then REGISTERING again with the next CSeq just before the retry.
    await().atMost(WAIT).untilAsserted(() -> assertThat(harness.statuses(id).stream().flatMap(Optional::stream))
        .filteredOn(s -> s.getState() == 7).hasSizeGreaterThanOrEqualTo(2).allSatisfy(s -> {
          assertThat(s.getStateName()).isEqualTo("REGISTRAR_ERROR");
          assertThat(s.getLastResponse()).startsWith("503 ");
        }));
    assertThat(harness.states(id)).startsWith(1, 7, 1, 7);
    List<Received> seen = registrar.receivedFor(id);
    long first = seen.get(1).arrivedAtMs() - seen.get(0).arrivedAtMs();
    long second = seen.get(2).arrivedAtMs() - seen.get(1).arrivedAtMs();
    // 1 s after the first failure, 2 s after the second (plus the status write before each send).
    assertThat(first).isBetween(900L, 1_900L);
    assertThat(second).isBetween(1_900L, 3_000L).isGreaterThan(first + 700);
  }

  @Test
  void proxyThirdPartyBindingParamsAndForcedSocketReachTheRegistrar() throws Exception {
    int forcedPort = FreePorts.findFreeSipPort("127.0.0.1");
    harness.put(harness.account("ivan", "sip:registrar.example.com")
        .setProxy("sip:127.0.0.1:" + registrar.port())
        .setThirdPartyRegistrant("sip:operator@example.com")
        .setBindingParams(";+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-000000000001>\";reg-id=1")
        .setForcedSocket("udp:127.0.0.1:" + forcedPort));
    RegistrantRole worker = worker();

    String id = registered("ivan");

    Received seen = registrar.receivedFor(id).get(0);
    assertThat(seen.requestUri()).isEqualTo("sip:registrar.example.com");
    assertThat(seen.route()).isEqualTo("<sip:127.0.0.1:" + registrar.port() + ";lr>");
    assertThat(seen.from()).contains("sip:operator@example.com");
    assertThat(seen.to()).contains(id);
    assertThat(seen.contact()).startsWith("<sip:ivan@127.0.0.1:5999>").contains("reg-id=1", "+sip.instance=");
    assertThat(seen.sourcePort()).isEqualTo(forcedPort).isNotEqualTo(worker.sipPort());
  }

  @Test
  void deletedAccountIsUnregisteredAndItsStatusTombstoned() throws Exception {
    harness.put(harness.account("judy", registrar.uri()));
    RegistrantRole worker = worker();
    String id = registered("judy");

    harness.delete(id);

    await().atMost(WAIT).untilAsserted(() -> {
      List<Received> seen = registrar.receivedFor(id);
      assertThat(seen.get(seen.size() - 1).askedExpires()).isZero();
      assertThat(harness.statuses(id)).last().isEqualTo(Optional.empty());
    });
    List<Received> seen = registrar.receivedFor(id);
    assertThat(seen.get(seen.size() - 1).callId()).isEqualTo(seen.get(0).callId());
    assertThat(harness.states(id)).contains(8);
    assertThat(worker.accounts()).noneMatch(a -> a.getAccountId().equals(id));
  }

  @Test
  void anAccountMovedToAnotherRegistrarIsUnregisteredAtTheOldOneFirstWithItsOldCredentials() throws Exception {
    registrar.challenge(Challenge.WWW_401, "MD5").password("lena", "secret-lena");
    try (TestRegistrar other = new TestRegistrar()) {
      other.challenge(Challenge.WWW_401, "SHA-256").password("lena", "new-secret");
      harness.put(harness.account("lena", registrar.uri()));
      worker();
      String id = registered("lena");

      harness.put(harness.account("lena", other.uri()).setPassword("new-secret"));

      await().atMost(WAIT).untilAsserted(() -> assertThat(harness.status(id)).hasValueSatisfying(s -> {
        assertThat(s.getRegistrar()).isEqualTo(other.uri());
        assertThat(s.getState()).isEqualTo(RegistrantState.REGISTERED.code());
      }));
      Received removed = registrar.receivedFor(id).get(registrar.receivedFor(id).size() - 1);
      assertThat(removed.askedExpires()).as("the old binding removed").isZero();
      assertThat(removed.answeredWith()).as("answered with the old password").isEqualTo(200);
      Received bound = other.receivedFor(id).get(other.receivedFor(id).size() - 1);
      assertThat(bound.askedExpires()).isEqualTo(3600);
      assertThat(bound.cseq()).as("the new binding after the old one is gone").isGreaterThan(removed.cseq());
      assertThat(harness.states(id)).containsSubsequence(3, 8, 9, 0, 1, 2, 3);
    }
  }

  @Test
  void aNewContactReplacesTheOldBindingAtTheSameRegistrar() throws Exception {
    harness.put(harness.account("mona", registrar.uri()));
    worker();
    String id = registered("mona");

    harness.put(harness.account("mona", registrar.uri()).setBindingUri("sip:mona@127.0.0.1:5998"));

    await().atMost(WAIT).untilAsserted(() -> {
      List<Received> seen = registrar.receivedFor(id);
      assertThat(seen.get(seen.size() - 1).contact()).contains("5998");
      assertThat(seen.get(seen.size() - 1).answeredWith()).isEqualTo(200);
    });
    assertThat(registrar.receivedFor(id))
        .extracting(r -> r.contact().contains(":5999") ? "old" : "new", Received::askedExpires)
        .containsExactly(tuple("old", 3600), tuple("old", 0), tuple("new", 3600));
  }

  @Test
  void aChangedExpiryRefreshesTheBindingInPlace() throws Exception {
    harness.put(harness.account("nina", registrar.uri()));
    worker();
    String id = registered("nina");

    harness.put(harness.account("nina", registrar.uri()).setExpiry(1800));

    await().atMost(WAIT).untilAsserted(() -> assertThat(registrar.receivedFor(id)).extracting(Received::askedExpires)
        .containsExactly(3600, 1800));
  }

  @Test
  void disabledAccountIsUnregisteredAndRegistersAgainWhenEnabled() throws Exception {
    registrar.challenge(Challenge.WWW_401, "SHA-256").password("kate", "secret-kate");
    harness.put(harness.account("kate", registrar.uri()));
    worker();
    String id = registered("kate");

    harness.put(harness.account("kate", registrar.uri()).setEnabled(false));

    await().atMost(WAIT).untilAsserted(() -> assertThat(harness.status(id)).hasValueSatisfying(s -> {
      assertThat(s.getState()).isZero();
      assertThat(s.getEnabled()).isFalse();
    }));
    List<Received> seen = registrar.receivedFor(id);
    assertThat(seen.get(seen.size() - 1).askedExpires()).isZero();
    assertThat(seen.get(seen.size() - 1).answeredWith()).isEqualTo(200);
    // The un-REGISTER is challenged too: UNREGISTERING, AUTHENTICATING_UNREGISTER, NOT_REGISTERED.
    assertThat(harness.states(id)).containsSubsequence(3, 8, 9, 0);

    harness.put(harness.account("kate", registrar.uri()).setEnabled(true));

    await().atMost(WAIT).untilAsserted(() -> assertThat(harness.status(id)).hasValueSatisfying(s -> {
      assertThat(s.getState()).isEqualTo(3);
      assertThat(s.getEnabled()).isTrue();
    }));
    List<Received> again = registrar.receivedFor(id);
    assertThat(again.get(again.size() - 1).askedExpires()).isEqualTo(3600);
    assertThat(again).extracting(Received::callId).containsOnly(seen.get(0).callId());
  }

  @Test
  void accountDisabledBeforeAnyWorkerStartsIsNeverRegistered() throws Exception {
    harness.put(harness.account("leo", registrar.uri()).setEnabled(false));
    harness.put(harness.account("mia", registrar.uri()));
    worker();

    registered("mia");
    String leo = harness.prefix + "leo@example.com";
    await().atMost(WAIT).untilAsserted(() -> assertThat(harness.status(leo)).hasValueSatisfying(s -> {
      assertThat(s.getState()).isZero();
      assertThat(s.getEnabled()).isFalse();
    }));
    assertThat(registrar.receivedFor(leo)).isEmpty();
  }

  @Test
  void forceRegisterCommandStartsACycleAtOnce() throws Exception {
    harness.put(harness.account("nina", registrar.uri()));
    worker();
    String id = registered("nina");
    long before = registrar.receivedFor(id).get(0).cseq();

    harness.command(id, "unknown-command");
    harness.command(id, "register");

    await().atMost(WAIT).untilAsserted(() -> assertThat(registrar.receivedFor(id)).hasSize(2));
    Received forced = registrar.receivedFor(id).get(1);
    assertThat(forced.cseq()).isEqualTo(before + 1);
    assertThat(forced.askedExpires()).isEqualTo(3600);
  }
}
