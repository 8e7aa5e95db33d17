package dev.herald.edge.auth;

import dev.herald.avro.Credential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The digest algorithms Herald accepts (RFC 8760 §2: SHA-256 preferred, MD5 for old phones). */
public enum DigestAlgorithm {
  SHA_256("SHA-256", "SHA-256"),
  MD5("MD5", "MD5");

  private final String token;
  private final String jdkName;

  DigestAlgorithm(String token, String jdkName) {
    this.token = token;
    this.jdkName = jdkName;
  }

  /** The value of the {@code algorithm} parameter. */
  public String token() {
    return token;
  }

  /** An absent algorithm parameter means MD5 (RFC 3261 §25.1 {@code algorithm}, RFC 7616 §3.3). */
  public static Optional<DigestAlgorithm> fromToken(String token) {
    if (token == null) {
      return Optional.of(MD5);
    }
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.token.equalsIgnoreCase(token.strip())) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** Lower-case hex of the digest of the text's UTF-8 bytes. */
  public String hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " is required of every JVM", e);
    }
  }

  /** HA1 = H(username ":" realm ":" password), the only form in which a password is kept. */
  public String ha1(String username, String realm, String password) {
    return hex(username + ":" + realm + ":" + password);
  }

  /**
   * request-digest of RFC 7616 §3.4.1 (RFC 2617 §3.2.2.1): with qop, H(HA1:nonce:nc:cnonce:qop:HA2);
   * without (qop null), H(HA1:nonce:HA2); HA2 = H(method:uri). What a client answers a challenge with.
   */
  public String response(String ha1, String nonce, String nc, String cnonce, String qop, String method, String uri) {
    String ha2 = hex(method + ":" + uri);
    String middle = qop == null ? nonce : nonce + ":" + nc + ":" + cnonce + ":" + qop;
    return hex(ha1.toLowerCase(Locale.ROOT) + ":" + middle + ":" + ha2);
  }

  /** The credential's HA1 for this algorithm. */
  public String ha1Of(Credential credential) {
    return this == MD5 ? credential.getHa1Md5() : credential.getHa1Sha256();
  }

  /** Length in hex digits of this algorithm's digests. */
  public int hexLength() {
    return this == MD5 ? 32 : 64;
  }

  public String lowerName() {
    return token.toLowerCase(Locale.ROOT);
  }
}
