package dev.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

  private static final byte[] SECRET = new byte[32];

  @Test
  void domainsAreComparedWithoutCaseAndEmptyMeansOff() {
    AuthSettings settings = AuthSettings.of(Set.of("Example.COM"), SECRET, Duration.ofSeconds(300));

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.protects("example.com")).isTrue();
    assertThat(settings.protects("EXAMPLE.com")).isTrue();
    assertThat(settings.protects("example.org")).isFalse();
    assertThat(AuthSettings.off().enabled()).isFalse();
  }

  @Test
  void aSecretShorterThan32BytesIsRefused() {
    assertThatThrownBy(() -> AuthSettings.of(Set.of("example.com"), new byte[31], Duration.ofSeconds(300)))
        .hasMessageContaining("at least 32 bytes");
  }

  @Test
  void aDomainThatIsNoHostNameIsRefused() {
    assertThatThrownBy(() -> AuthSettings.of(Set.of("example.com; x"), SECRET, Duration.ofSeconds(300)))
        .hasMessageContaining("host names");
  }

  @Test
  void aNonceLifetimeOutsideOneSecondToOneDayIsRefused() {
    assertThatThrownBy(() -> AuthSettings.of(Set.of(), SECRET, Duration.ofMillis(999))).hasMessageContaining("lifetime");
    assertThatThrownBy(() -> AuthSettings.of(Set.of(), SECRET, Duration.ofDays(2))).hasMessageContaining("lifetime");
  }

  @Test
  void aClockSkewBeyondTheLifetimeOrANegativeOneIsRefused() {
    assertThatThrownBy(() -> new AuthSettings(Set.of(), SECRET, Duration.ofSeconds(5), Duration.ofSeconds(6), 10,
        AuthSettings.DEFAULT_ALGORITHMS))
        .hasMessageContaining("skew");
    assertThatThrownBy(() -> new AuthSettings(Set.of(), SECRET, Duration.ofSeconds(5), Duration.ofSeconds(-1), 10,
        AuthSettings.DEFAULT_ALGORITHMS))
        .hasMessageContaining("skew");
  }

  @Test
  void anEmptyReplayCacheIsRefused() {
    assertThatThrownBy(() -> new AuthSettings(Set.of(), SECRET, Duration.ofSeconds(5), Duration.ZERO, 0,
        AuthSettings.DEFAULT_ALGORITHMS))
        .hasMessageContaining("replay cache");
  }

  @Test
  void theSecretIsCopiedInAndOut() {
    byte[] secret = new byte[32];
    AuthSettings settings = AuthSettings.of(Set.of(), secret, Duration.ofSeconds(300));
    secret[0] = 1;
    settings.nonceSecret()[1] = 1;

    assertThat(settings.nonceSecret()).containsOnly(0);
    assertThat(settings).isEqualTo(AuthSettings.of(Set.of(), new byte[32], Duration.ofSeconds(300)));
    assertThat(settings.toString()).doesNotContain("nonceSecret");
  }

  @Test
  void aSecretIsReadAsHexOrBase64() {
    assertThat(AuthSettings.decodeSecret("00ff" + "00".repeat(30))).hasSize(32).startsWith((byte) 0, (byte) -1);
    assertThat(AuthSettings.decodeSecret("AP8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).hasSize(32).startsWith((byte) 0, (byte) -1);
    assertThat(AuthSettings.decodeSecret("AP8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-_")).hasSize(33);
    assertThatThrownBy(() -> AuthSettings.decodeSecret("not a secret!")).hasMessageContaining("hex or base64");
  }

  @Test
  void algorithmsAreOfferedInTheirOrderEachOnceAndAtLeastOne() {
    AuthSettings md5First = AuthSettings.of(Set.of("example.com"), SECRET, Duration.ofSeconds(300))
        .withAlgorithms(AuthSettings.parseAlgorithms("md5, SHA-256"));

    assertThat(md5First.algorithms()).containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
    assertThatThrownBy(() -> md5First.withAlgorithms(java.util.List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> md5First.withAlgorithms(java.util.List.of(DigestAlgorithm.MD5, DigestAlgorithm.MD5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthSettings.parseAlgorithms("SHA-512")).hasMessageContaining("SHA-512");
  }
}
