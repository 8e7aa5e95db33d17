package dev.herald.edge.auth;

import dev.herald.avro.Credential;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks one Digest Authorization against the credentials (RFC 3261 §22.4, RFC 7616 §3.4.1,
 * RFC 8760 for SHA-256). Pure but for its replay cache; time passed in.
 */
public final class DigestVerifier {

  /** What the verifier made of the credentials. */
  public sealed interface Result {
    /** The credentials are good and fresh. */
    record Valid(Credential credential) implements Result {}

    /** A fresh challenge is due; {@code stale} when only the nonce had expired (RFC 7616 §3.3). */
    record Retry(boolean stale, String why) implements Result {}

    /** Credentials that no new nonce will fix. */
    record Malformed(String why) implements Result {}
  }

  private final NonceCodec nonces;
  private final CredentialLookup credentials;
  private final ReplayCache replays;

  public DigestVerifier(AuthSettings settings, CredentialLookup credentials) {
    this.nonces = new NonceCodec(settings);
    this.credentials = credentials;
    this.replays = new ReplayCache(settings.replayCacheEntries());
  }

  public String issueNonce(String realm, long nowMs) {
    return nonces.issue(realm, nowMs);
  }

  public Result verify(DigestCredentials given, String method, String requestUri, String realm, long nowMs) {
    if (given.username() == null || given.nonce() == null || given.uri() == null || given.response() == null) {
      // RFC 3261 §25.1 dig-resp: username, realm, nonce, digest-uri and response are required.
      return new Result.Malformed("incomplete credentials");
    }
    Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(given.algorithm());
    if (algorithm.isEmpty()) {
      return new Result.Retry(false, "unsupported algorithm " + given.algorithm());
    }
    boolean qopAuth = given.qop() != null;
    if (qopAuth && (!given.qop().equalsIgnoreCase("auth") || given.cnonce() == null || given.nc() == null)) {
      // RFC 7616 §3.4: with qop, cnonce and nc are required; only auth is offered.
      return new Result.Retry(false, "unsupported qop " + given.qop());
    }
    NonceCodec.Check nonce = nonces.check(given.nonce(), realm, nowMs);
    if (nonce == NonceCodec.Check.INVALID) {
      return new Result.Retry(false, "nonce not issued here");
    }
    Optional<Credential> credential = credentials.find(given.username(), realm);
    if (credential.isEmpty()) {
      return new Result.Retry(false, "unknown user " + CredentialLookup.key(given.username(), realm));
    }
    if (!given.uri().equals(requestUri) && !given.uri().equalsIgnoreCase(requestUri)) {
      // RFC 7616 §3.4.6: the digest-uri must name the Request-URI, so a response cannot be replayed elsewhere.
      return new Result.Malformed("uri " + given.uri() + " is not the Request-URI");
    }
    String expected = algorithm.get().response(algorithm.get().ha1Of(credential.get()), given.nonce(),
        qopAuth ? given.nc() : null, given.cnonce(), qopAuth ? "auth" : null, method, given.uri());
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        given.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return new Result.Retry(false, "wrong response for " + CredentialLookup.key(given.username(), realm));
    }
    if (nonce == NonceCodec.Check.STALE) {
      return new Result.Retry(true, "nonce expired");
    }
    if (qopAuth && !replays.firstUse(given.nonce(), given.cnonce(), given.nc(), nonces.expiresAtMs(given.nonce()), nowMs)) {
      // RFC 7616 §3.4.5 / §5.5: a nonce count seen before is a replay.
      return new Result.Retry(false, "replayed nonce count " + given.nc());
    }
    return new Result.Valid(credential.get());
  }
}
