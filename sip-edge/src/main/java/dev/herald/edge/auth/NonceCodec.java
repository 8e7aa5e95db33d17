package dev.herald.edge.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Nonces that carry their own time and integrity: base64url(issued-at ms ‖ 16 random bytes ‖
 * HMAC-SHA256(secret, issued-at ‖ random ‖ realm)). Any edge with the same secret checks a nonce
 * another edge issued, with no shared state. Pure: time passed in.
 */
public final class NonceCodec {

  /** What a nonce turned out to be. */
  public enum Check { VALID, STALE, INVALID }

  private static final int TIME_BYTES = Long.BYTES;
  private static final int RANDOM_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final int LENGTH = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;

  private final SecretKeySpec key;
  private final Duration lifetime;
  private final Duration clockSkew;
  private final SecureRandom random = new SecureRandom();

  public NonceCodec(byte[] secret, Duration lifetime, Duration clockSkew) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.lifetime = lifetime;
    this.clockSkew = clockSkew;
  }

  public NonceCodec(AuthSettings settings) {
    this(settings.nonceSecret(), settings.nonceLifetime(), settings.nonceClockSkew());
  }

  public String issue(String realm, long nowMs) {
    byte[] nonce = new byte[LENGTH];
    ByteBuffer.wrap(nonce).putLong(nowMs);
    byte[] randomPart = new byte[RANDOM_BYTES];
    random.nextBytes(randomPart);
    System.arraycopy(randomPart, 0, nonce, TIME_BYTES, RANDOM_BYTES);
    System.arraycopy(mac(nonce, realm), 0, nonce, TIME_BYTES + RANDOM_BYTES, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
  }

  public Check check(String nonce, String realm, long nowMs) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return Check.INVALID;
    }
    if (bytes.length != LENGTH) {
      return Check.INVALID;
    }
    byte[] given = java.util.Arrays.copyOfRange(bytes, TIME_BYTES + RANDOM_BYTES, LENGTH);
    if (!MessageDigest.isEqual(given, mac(bytes, realm))) {
      return Check.INVALID;
    }
    long issuedAt = ByteBuffer.wrap(bytes).getLong();
    if (issuedAt > nowMs + clockSkew.toMillis()) {
      return Check.INVALID;
    }
    return nowMs - issuedAt > lifetime.toMillis() ? Check.STALE : Check.VALID;
  }

  /** When a nonce that passed {@link #check} stops being valid. */
  public long expiresAtMs(String nonce) {
    return ByteBuffer.wrap(Base64.getUrlDecoder().decode(nonce)).getLong() + lifetime.toMillis();
  }

  private byte[] mac(byte[] nonce, String realm) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(nonce, 0, TIME_BYTES + RANDOM_BYTES);
      mac.update(realm.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
