package dev.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NonceCodecTest {

  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Duration LIFETIME = Duration.ofSeconds(300);
  private static final long NOW = 1_700_000_000_000L;
  private final NonceCodec codec = new NonceCodec(SECRET, LIFETIME, Duration.ofSeconds(10));

  @Test
  void aFreshNonceIsValidForItsRealmUntilItsLifetimeEnds() {
    String nonce = codec.issue("example.com", NOW);

    assertThat(codec.check(nonce, "example.com", NOW)).isEqualTo(NonceCodec.Check.VALID);
    assertThat(codec.check(nonce, "example.com", NOW + LIFETIME.toMillis())).isEqualTo(NonceCodec.Check.VALID);
    assertThat(codec.expiresAtMs(nonce)).isEqualTo(NOW + LIFETIME.toMillis());
  }

  @Test
  void aNonceOlderThanItsLifetimeIsStale() {
    String nonce = codec.issue("example.com", NOW);

    assertThat(codec.check(nonce, "example.com", NOW + LIFETIME.toMillis() + 1)).isEqualTo(NonceCodec.Check.STALE);
  }

  @Test
  void aTamperedNonceIsInvalid() {
    byte[] bytes = Base64.getUrlDecoder().decode(codec.issue("example.com", NOW));
    bytes[3] ^= 1;
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

    assertThat(codec.check(tampered, "example.com", NOW)).isEqualTo(NonceCodec.Check.INVALID);
  }

  @Test
  void aNonceSignedByAnotherSecretIsRefused() {
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    String nonce = new NonceCodec(other, LIFETIME, Duration.ZERO).issue("example.com", NOW);

    assertThat(codec.check(nonce, "example.com", NOW)).isEqualTo(NonceCodec.Check.INVALID);
  }

  @Test
  void aNonceFromAnotherEdgeWithTheSameSecretIsValid() {
    String nonce = new NonceCodec(SECRET.clone(), LIFETIME, Duration.ZERO).issue("example.com", NOW);

    assertThat(codec.check(nonce, "example.com", NOW + 1000)).isEqualTo(NonceCodec.Check.VALID);
  }

  @Test
  void aNonceIssuedForAnotherRealmIsInvalid() {
    String nonce = codec.issue("example.com", NOW);

    assertThat(codec.check(nonce, "example.org", NOW)).isEqualTo(NonceCodec.Check.INVALID);
  }

  @Test
  void aNonceDatedBeyondTheClockSkewIsInvalid() {
    String fromTheFuture = codec.issue("example.com", NOW + 11_000);

    assertThat(codec.check(fromTheFuture, "example.com", NOW)).isEqualTo(NonceCodec.Check.INVALID);
    assertThat(codec.check(codec.issue("example.com", NOW + 9_000), "example.com", NOW))
        .isEqualTo(NonceCodec.Check.VALID);
  }

  @Test
  void textThatIsNoNonceIsInvalid() {
    assertThat(codec.check("not a nonce!", "example.com", NOW)).isEqualTo(NonceCodec.Check.INVALID);
    assertThat(codec.check("c2hvcnQ", "example.com", NOW)).isEqualTo(NonceCodec.Check.INVALID);
  }
}
