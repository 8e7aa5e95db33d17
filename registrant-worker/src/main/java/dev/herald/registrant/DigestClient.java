package dev.herald.registrant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The client side of HTTP digest as SIP uses it (RFC 3261 §22.2, RFC 7616 §3.4, RFC 8760 for
 * SHA-256): the credentials a REGISTER carries in answer to a challenge. Pure: the cnonce and
 * nonce count are passed in.
 */
public final class DigestClient {

  /** The algorithms answered, best first (RFC 8760 §2.4: a client uses the strongest it supports). */
  public enum Algorithm {
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true),
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true);

    private final String token;
    private final String jdkName;
    private final boolean session;

    Algorithm(String token, String jdkName, boolean session) {
      this.token = token;
      this.jdkName = jdkName;
      this.session = session;
    }

    public String token() {
      return token;
    }

    /** The algorithm a challenge names; absent means MD5 (RFC 7616 §3.3). */
    public static Optional<Algorithm> of(String token) {
      if (token == null || token.isBlank()) {
        return Optional.of(MD5);
      }
      for (Algorithm algorithm : values()) {
        if (algorithm.token.equalsIgnoreCase(token.strip())) {
          return Optional.of(algorithm);
        }
      }
      return Optional.empty();
    }

    String hex(String text) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(jdkName + " is required of every JVM", e);
      }
    }
  }

  /** Parameters of an answer, before they are written as a header value. */
  public record Answer(Algorithm algorithm, String username, String realm, String nonce, String uri, String response,
      String cnonce, String nc, String qop, String opaque) {

    /** The value of the Authorization or Proxy-Authorization header (RFC 3261 §25.1 credentials). */
    public String headerValue() {
      StringBuilder value = new StringBuilder("Digest username=\"").append(username)
          .append("\", realm=\"").append(realm)
          .append("\", nonce=\"").append(nonce)
          .append("\", uri=\"").append(uri)
          .append("\", response=\"").append(response)
          .append("\", algorithm=").append(algorithm.token());
      if (qop != null) {
        // RFC 7616 §3.4: qop and nc are unquoted tokens, cnonce is quoted.
        value.append(", cnonce=\"").append(cnonce).append("\", qop=").append(qop).append(", nc=").append(nc);
      }
      if (opaque != null) {
        // RFC 7616 §3.4: an opaque given in the challenge is returned unchanged.
        value.append(", opaque=\"").append(opaque).append('"');
      }
      return value.toString();
    }
  }

  private DigestClient() {}

  /** The challenge to answer among several: the strongest algorithm supported (RFC 8760 §2.4). */
  public static Optional<DigestChallenge> pick(List<DigestChallenge> challenges) {
    DigestChallenge best = null;
    int bestRank = Integer.MAX_VALUE;
    for (DigestChallenge challenge : challenges) {
      Optional<Algorithm> algorithm = Algorithm.of(challenge.algorithm());
      if (algorithm.isPresent() && algorithm.get().ordinal() < bestRank) {
        best = challenge;
        bestRank = algorithm.get().ordinal();
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The answer to {@code challenge} for a request with {@code method} to {@code uri}.
   *
   * @throws IllegalArgumentException if the challenge's algorithm is not supported
   */
  public static Answer answer(DigestChallenge challenge, String method, String uri, String username, String password,
      String cnonce, int nonceCount) {
    Algorithm algorithm = Algorithm.of(challenge.algorithm())
        .orElseThrow(() -> new IllegalArgumentException("unsupported digest algorithm " + challenge.algorithm()));
    String hex = Integer.toHexString(nonceCount);
    // RFC 7616 §3.4: nc is 8 hex digits.
    String nc = "00000000".substring(hex.length()) + hex;
    String ha1 = algorithm.hex(username + ":" + challenge.realm() + ":" + password);
    if (algorithm.session) {
      // RFC 7616 §3.4.2: for -sess, HA1 = H(H(username:realm:passwd):nonce:cnonce).
      ha1 = algorithm.hex(ha1 + ":" + challenge.nonce() + ":" + cnonce);
    }
    // RFC 7616 §3.4.3: for qop=auth, A2 = method:request-uri.
    String ha2 = algorithm.hex(method + ":" + uri);
    boolean qopAuth = challenge.offersQopAuth();
    // RFC 7616 §3.4.1 with qop; without qop the RFC 2069 form H(HA1:nonce:HA2) that RFC 3261 §22.4 keeps.
    String response = qopAuth
        ? algorithm.hex(ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2)
        : algorithm.hex(ha1 + ":" + challenge.nonce() + ":" + ha2);
    return new Answer(algorithm, username, challenge.realm(), challenge.nonce(), uri, response,
        qopAuth ? cnonce : null, qopAuth ? nc : null, qopAuth ? "auth" : null, challenge.opaque());
  }
}
