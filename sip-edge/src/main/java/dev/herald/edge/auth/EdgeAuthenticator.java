package dev.herald.edge.auth;

import dev.herald.avro.Header;
import dev.herald.common.Health;
import dev.herald.edge.RateLimitedLog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's one authentication call: which realm a REGISTER, SUBSCRIBE or PUBLISH belongs to,
 * whether that domain is protected, whether its Digest credentials are good, and whether the
 * user may act for the address it registers or publishes. Time passed in.
 */
public final class EdgeAuthenticator {

  private static final Logger log = LoggerFactory.getLogger(EdgeAuthenticator.class);
  private static final AuthDecision NOT_REQUIRED = new AuthDecision.NotRequired();
  /** Wrong passwords and the like: an operator must see them, a brute-force run must not flood the log. */
  private final RateLimitedLog failures = new RateLimitedLog(log, java.time.Duration.ofSeconds(10));

  private final AuthSettings settings;
  private final DigestVerifier verifier;
  private final Supplier<Health> credentialsHealth;

  /**
   * @param credentialsHealth up once the credentials are loaded; until then protected requests get 503
   */
  public EdgeAuthenticator(AuthSettings settings, CredentialLookup credentials, Supplier<Health> credentialsHealth) {
    this.settings = settings;
    this.verifier = new DigestVerifier(settings, credentials);
    this.credentialsHealth = credentialsHealth;
  }

  /** Authentication switched off: every request is {@link AuthDecision.NotRequired}. */
  public static EdgeAuthenticator off() {
    return new EdgeAuthenticator(AuthSettings.off(), (user, realm) -> java.util.Optional.empty(), Health::up);
  }

  public boolean enabled() {
    return settings.enabled();
  }

  public Health health() {
    return settings.enabled() ? credentialsHealth.get() : Health.up();
  }

  public AuthDecision decide(Request request, long nowMs) {
    String method = request.getMethod();
    String realm = realmOf(request);
    if (realm == null) {
      return NOT_REQUIRED;
    }
    Health health = credentialsHealth.get();
    if (!health.healthy()) {
      return new AuthDecision.Unavailable(health.reason());
    }
    DigestCredentials credentials = credentialsFor(request, realm);
    if (credentials == null) {
      return challenge(realm, false, nowMs);
    }
    if (DigestAlgorithm.fromToken(credentials.algorithm()).filter(settings.algorithms()::contains).isEmpty()) {
      failures.warn("digest answer refused: {}", "algorithm " + credentials.algorithm() + " is not offered");
      return challenge(realm, false, nowMs);
    }
    DigestVerifier.Result result = verifier.verify(credentials, method, request.getRequestURI().toString(), realm, nowMs);
    if (result instanceof DigestVerifier.Result.Malformed malformed) {
      log.debug("{} from {}: {}", method, credentials.username(), malformed.why());
      return new AuthDecision.Refuse(400, "Bad Request");
    }
    if (result instanceof DigestVerifier.Result.Retry retry) {
      if (!retry.stale()) {
        failures.warn("digest answer refused: {}", method + " from " + credentials.username() + "@" + realm + ": "
            + retry.why());
      }
      return challenge(realm, retry.stale(), nowMs);
    }
    var credential = ((DigestVerifier.Result.Valid) result).credential();
    String target = switch (method) {
      case Request.REGISTER -> ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI().toString();
      case Request.PUBLISH -> request.getRequestURI().toString();
      default -> null;
    };
    if (target != null && !IdentityRules.mayActFor(credential, target)) {
      log.info("{} by {} for {} refused: not its address", method, credential.getAor(), target);
      return new AuthDecision.Refuse(403, "Forbidden");
    }
    return new AuthDecision.Authenticated(credential.getAor());
  }

  /**
   * The protected domain a request belongs to, or null. SUBSCRIBE: the From host (the watcher's
   * domain). REGISTER: the To host, the AOR's domain (RFC 3261 §10.2). PUBLISH: the From host, or
   * the Request-URI's host when that domain is protected, so no one publishes into a protected
   * domain from an unprotected (or host-less) From.
   */
  private String realmOf(Request request) {
    List<URI> candidates = switch (request.getMethod()) {
      case Request.SUBSCRIBE -> List.of(fromUri(request));
      case Request.REGISTER -> List.of(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI());
      case Request.PUBLISH -> List.of(fromUri(request), request.getRequestURI());
      default -> List.of();
    };
    for (URI uri : candidates) {
      if (uri instanceof SipURI sip && settings.protects(sip.getHost())) {
        return sip.getHost().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  private static URI fromUri(Request request) {
    return ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
  }

  /** The Digest credentials for this realm (RFC 3261 §22.4: one Authorization per realm may be sent). */
  private static DigestCredentials credentialsFor(Request request, String realm) {
    Iterator<?> headers = request.getHeaders(AuthorizationHeader.NAME);
    while (headers.hasNext()) {
      AuthorizationHeader header = (AuthorizationHeader) headers.next();
      if ("digest".equalsIgnoreCase(header.getScheme()) && realm.equalsIgnoreCase(header.getParameter("realm"))) {
        return new DigestCredentials(header.getParameter("username"), header.getParameter("realm"),
            header.getParameter("nonce"), header.getParameter("uri"), header.getParameter("response"),
            header.getParameter("algorithm"), header.getParameter("cnonce"), header.getParameter("nc"),
            header.getParameter("qop"));
      }
    }
    return null;
  }

  /** One challenge per algorithm offered, most preferred first, which the client picks from in order (RFC 8760 §2.4). */
  private AuthDecision challenge(String realm, boolean stale, long nowMs) {
    String nonce = verifier.issueNonce(realm, nowMs);
    List<Header> headers = new ArrayList<>();
    for (DigestAlgorithm algorithm : settings.algorithms()) {
      headers.add(new Header("WWW-Authenticate", "Digest realm=\"" + realm + "\", nonce=\"" + nonce
          + "\", qop=\"auth\", algorithm=" + algorithm.token() + (stale ? ", stale=true" : "")));
    }
    return new AuthDecision.Challenge(headers);
  }
}
