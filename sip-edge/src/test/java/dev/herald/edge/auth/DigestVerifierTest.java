package dev.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Credential;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {

  private static final String REALM = "example.com";
  private static final String URI = "sip:alice@example.com";
  private static final long NOW = 1_700_000_000_000L;
  private static final AuthSettings SETTINGS = AuthSettings.of(Set.of(REALM),
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(300));
  static final Credential ALICE = Credential.newBuilder().setUsername("alice").setRealm(REALM)
      .setHa1Md5("d2d0c8958e1b1c2b989afda0efb9663e")
      .setHa1Sha256("5297838bf1a4f1fc5d284fa2f0df90bdf2046b6bf4c022e85118af37bb6dbf75")
      .setAor(URI).setMayActFor(List.of()).setUpdatedAtMs(0).build();

  private final DigestVerifier verifier = new DigestVerifier(SETTINGS,
      (user, realm) -> user.equals("alice") && realm.equals(REALM) ? Optional.of(ALICE) : Optional.empty());

  @Test
  void theMd5ExampleOfRfc7616Section391IsReproduced() {
    String ha1 = DigestAlgorithm.MD5.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
    assertThat(DigestAlgorithm.MD5.response(ha1, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth", "GET", "/dir/index.html"))
        .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
  }

  @Test
  void theSha256ExampleOfRfc7616Section391IsReproduced() {
    String ha1 = DigestAlgorithm.SHA_256.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
    assertThat(DigestAlgorithm.SHA_256.response(ha1, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth", "GET", "/dir/index.html"))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void sipPublishVectorsComputedElsewhereAreReproducedWithAndWithoutQop() {
    assertThat(DigestAlgorithm.MD5.ha1("alice", REALM, "s3cret")).isEqualTo(ALICE.getHa1Md5());
    assertThat(DigestAlgorithm.SHA_256.ha1("alice", REALM, "s3cret")).isEqualTo(ALICE.getHa1Sha256());
    assertThat(DigestAlgorithm.MD5.response(ALICE.getHa1Md5(), "abc123nonce", "00000001", "0a4f113b",
        "auth", "PUBLISH", URI)).isEqualTo("8db391c2b7f501dc7f687cb2b3cc79b2");
    assertThat(DigestAlgorithm.MD5.response(ALICE.getHa1Md5(), "abc123nonce", null, null, null,
        "PUBLISH", URI)).isEqualTo("bdb26977114f6ec353a277041d614fee");
    assertThat(DigestAlgorithm.SHA_256.response(ALICE.getHa1Sha256(), "abc123nonce", "00000001",
        "0a4f113b", "auth", "PUBLISH", URI))
        .isEqualTo("a081ef74f2fc8d0c760f6be4dad90718210da93f70d6d2244d6156d8e3d966ad");
    assertThat(DigestAlgorithm.SHA_256.response(ALICE.getHa1Sha256(), "abc123nonce", null, null, null,
        "PUBLISH", URI)).isEqualTo("cd78d8e867de3e634da65fdd91881d50f0058f2d637e2bf7c17350f3f4523264");
  }

  /** What a phone that knows {@code password} sends for a PUBLISH to {@code uri}. */
  static DigestCredentials answer(DigestAlgorithm algorithm, String user, String password, String nonce, String uri,
      String nc) {
    String ha1 = algorithm.ha1(user, REALM, password);
    String qop = nc == null ? null : "auth";
    String cnonce = nc == null ? null : "0a4f113b";
    return new DigestCredentials(user, REALM, nonce, uri,
        algorithm.response(ha1, nonce, nc, cnonce, qop, "PUBLISH", uri),
        algorithm == DigestAlgorithm.MD5 ? null : algorithm.token(), cnonce, nc, qop);
  }

  private DigestVerifier.Result verify(DigestCredentials credentials, long now) {
    return verifier.verify(credentials, "PUBLISH", URI, REALM, now);
  }

  @Test
  void rightPasswordsAreValidForBothAlgorithmsWithAndWithoutQop() {
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      String nonce = verifier.issueNonce(REALM, NOW);
      assertThat(verify(answer(algorithm, "alice", "s3cret", nonce, URI, "00000001"), NOW))
          .isEqualTo(new DigestVerifier.Result.Valid(ALICE));
      assertThat(verify(answer(algorithm, "alice", "s3cret", nonce, URI, null), NOW))
          .isEqualTo(new DigestVerifier.Result.Valid(ALICE));
    }
  }

  @Test
  void aWrongPasswordGetsAFreshChallengeThatIsNotStale() {
    String nonce = verifier.issueNonce(REALM, NOW);

    assertThat(verify(answer(DigestAlgorithm.SHA_256, "alice", "guess", nonce, URI, "00000001"), NOW))
        .isInstanceOfSatisfying(DigestVerifier.Result.Retry.class, r -> assertThat(r.stale()).isFalse());
  }

  @Test
  void anUnknownUserGetsAFreshChallenge() {
    String nonce = verifier.issueNonce(REALM, NOW);

    assertThat(verify(answer(DigestAlgorithm.MD5, "mallory", "s3cret", nonce, URI, "00000001"), NOW))
        .isInstanceOfSatisfying(DigestVerifier.Result.Retry.class, r -> assertThat(r.why()).contains("unknown user"));
  }

  @Test
  void aDigestUriOtherThanTheRequestUriIsRefused() {
    String nonce = verifier.issueNonce(REALM, NOW);

    assertThat(verify(answer(DigestAlgorithm.MD5, "alice", "s3cret", nonce, "sip:bob@example.com", "00000001"), NOW))
        .isInstanceOf(DigestVerifier.Result.Malformed.class);
  }

  @Test
  void aReplayedNonceCountIsRefused() {
    String nonce = verifier.issueNonce(REALM, NOW);
    DigestCredentials first = answer(DigestAlgorithm.SHA_256, "alice", "s3cret", nonce, URI, "00000001");

    assertThat(verify(first, NOW)).isInstanceOf(DigestVerifier.Result.Valid.class);
    assertThat(verify(first, NOW + 10)).isInstanceOfSatisfying(DigestVerifier.Result.Retry.class,
        r -> assertThat(r.why()).contains("replayed"));
    assertThat(verify(answer(DigestAlgorithm.SHA_256, "alice", "s3cret", nonce, URI, "00000002"), NOW + 20))
        .isInstanceOf(DigestVerifier.Result.Valid.class);
  }

  @Test
  void anExpiredNonceWithTheRightPasswordIsStaleAndWithAWrongOneIsNot() {
    String nonce = verifier.issueNonce(REALM, NOW);
    long later = NOW + Duration.ofSeconds(301).toMillis();

    assertThat(verify(answer(DigestAlgorithm.MD5, "alice", "s3cret", nonce, URI, "00000001"), later))
        .isEqualTo(new DigestVerifier.Result.Retry(true, "nonce expired"));
    assertThat(verify(answer(DigestAlgorithm.MD5, "alice", "guess", nonce, URI, "00000001"), later))
        .isInstanceOfSatisfying(DigestVerifier.Result.Retry.class, r -> assertThat(r.stale()).isFalse());
  }

  @Test
  void aNonceThisRealmNeverIssuedGetsAFreshChallengeThatIsNotStale() {
    assertThat(verify(answer(DigestAlgorithm.MD5, "alice", "s3cret", "abc123nonce", URI, "00000001"), NOW))
        .isEqualTo(new DigestVerifier.Result.Retry(false, "nonce not issued here"));
  }

  @Test
  void anUnsupportedAlgorithmOrQopGetsAFreshChallenge() {
    String nonce = verifier.issueNonce(REALM, NOW);
    DigestCredentials good = answer(DigestAlgorithm.MD5, "alice", "s3cret", nonce, URI, "00000001");

    assertThat(verify(new DigestCredentials(good.username(), good.realm(), nonce, URI, good.response(), "MD5-sess",
        good.cnonce(), good.nc(), good.qop()), NOW)).isInstanceOf(DigestVerifier.Result.Retry.class);
    assertThat(verify(new DigestCredentials(good.username(), good.realm(), nonce, URI, good.response(), null,
        good.cnonce(), good.nc(), "auth-int"), NOW)).isInstanceOf(DigestVerifier.Result.Retry.class);
  }
}
