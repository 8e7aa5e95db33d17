package dev.herald.common.admin;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.herald.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on the admin port. Every path but {@value #LIVE_PATH} needs a token: a GET (or
 * HEAD) one of either role, anything else one of the {@code admin} role. Without a token, or with one
 * the token file does not hold, the answer is 401 with {@code WWW-Authenticate: Bearer}; a {@code read}
 * token on a write gets 403 (RFC 6750 §3).
 *
 * <p>A token comes as {@code Authorization: Bearer TOKEN}; for a browser, whose {@code EventSource}
 * cannot set headers, as the cookie {@value #COOKIE}, which a GET with {@code ?access_token=TOKEN}
 * (RFC 6750 §2.3) sets (HttpOnly, SameSite=Strict) before sending the browser back to the same path
 * without the token in its address. A write authenticated by the cookie must not come from a page of
 * another origin.
 */
public final class AdminAuth {

  /** Liveness: answered to anyone, so an orchestrator's probe needs no secret. */
  public static final String LIVE_PATH = "/health/live";
  /** The cookie a browser carries the token in. */
  public static final String COOKIE = "herald_admin_token";
  /** The query parameter a browser brings a token in once (RFC 6750 §2.3). */
  public static final String QUERY_PARAMETER = "access_token";
  /** The exchange attribute holding the caller's {@link AdminRole}. */
  public static final String ROLE_ATTRIBUTE = "dev.herald.admin.role";

  private static final Logger log = LoggerFactory.getLogger(AdminAuth.class);
  private static final String CHALLENGE = "Bearer realm=\"herald\"";

  /** What is decided of one request. */
  public sealed interface Decision {
    /** Go on, as {@code role}. */
    record Allowed(AdminRole role) implements Decision {}

    /** 401: no token, or one the file does not hold. */
    record Unauthenticated(String reason, boolean tokenGiven) implements Decision {}

    /** 403: the token's role may not do this. */
    record Forbidden(String reason) implements Decision {}
  }

  private final Optional<AdminTokens> tokens;

  private AdminAuth(Optional<AdminTokens> tokens) {
    this.tokens = tokens;
  }

  /** Requests need a token of {@code tokens}. */
  public static AdminAuth tokens(AdminTokens tokens) {
    return new AdminAuth(Optional.of(Objects.requireNonNull(tokens, "tokens")));
  }

  /** Anyone may do anything: every request counts as {@code admin}. */
  public static AdminAuth none() {
    return new AdminAuth(Optional.empty());
  }

  /** Whether requests need a token. */
  public boolean required() {
    return tokens.isPresent();
  }

  /** The role a request needs: {@code read} for GET and HEAD, {@code admin} for anything else. */
  public static AdminRole needed(String method) {
    return "GET".equals(method) || "HEAD".equals(method) ? AdminRole.READ : AdminRole.ADMIN;
  }

  /**
   * Decides one request.
   *
   * @param token the token presented, from the Authorization header or the cookie
   */
  public Decision decide(String method, String path, Optional<String> token) {
    if (tokens.isEmpty()) {
      return new Decision.Allowed(AdminRole.ADMIN);
    }
    if (LIVE_PATH.equals(path)) {
      return new Decision.Allowed(AdminRole.READ);
    }
    if (token.isEmpty()) {
      return new Decision.Unauthenticated("this needs a bearer token (bin/herald: --token-file, HERALD_ADMIN_TOKEN,"
          + " or the data directory's admin-token file; a browser: open /ui?" + QUERY_PARAMETER + "=TOKEN)", false);
    }
    Optional<AdminTokens.Entry> entry = tokens.get().authenticate(token.get());
    if (entry.isEmpty()) {
      return new Decision.Unauthenticated("the token is not valid (unknown or revoked)", true);
    }
    AdminRole needed = needed(method);
    if (!entry.get().role().allows(needed)) {
      return new Decision.Forbidden("this needs a token of the " + needed.label() + " role; token '"
          + entry.get().name() + "' has the " + entry.get().role().label() + " role");
    }
    return new Decision.Allowed(entry.get().role());
  }

  /** The role {@link #filter()} found for this exchange; admin where no filter ran. */
  public static AdminRole roleOf(HttpExchange exchange) {
    return exchange.getAttribute(ROLE_ATTRIBUTE) instanceof AdminRole role ? role : AdminRole.ADMIN;
  }

  /** The filter applying this to every route it is added to. */
  public Filter filter() {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (admit(exchange)) {
          chain.doFilter(exchange);
        }
      }

      @Override
      public String description() {
        return "admin port authentication";
      }
    };
  }

  /** Whether the exchange goes on; when not, it has been answered and closed. */
  private boolean admit(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Optional<String> bearer = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
    Optional<String> cookie = bearer.isPresent() ? Optional.empty() : cookie(exchange.getRequestHeaders().get("Cookie"));
    Optional<String> query = bearer.isPresent() || !"GET".equals(method) ? Optional.empty()
        : queryToken(exchange.getRequestURI());
    Optional<String> token = bearer.or(() -> query).or(() -> cookie);
    Decision decision = decide(method, path, token);
    if (decision instanceof Decision.Allowed allowed) {
      if (query.isPresent() && required()) {
        redirectWithCookie(exchange, query.get());
        return false;
      }
      if (cookie.isPresent() && query.isEmpty() && required() && !needed(method).equals(AdminRole.READ)
          && crossOrigin(exchange)) {
        refuse(exchange, 403, null, "a write with the web view's cookie must come from the admin port's own pages");
        return false;
      }
      exchange.setAttribute(ROLE_ATTRIBUTE, allowed.role());
      return true;
    }
    if (decision instanceof Decision.Forbidden forbidden) {
      log.info("admin port: {} {} from {} refused (403): {}", method, path, exchange.getRemoteAddress(),
          forbidden.reason());
      refuse(exchange, 403, CHALLENGE + ", error=\"insufficient_scope\"", forbidden.reason());
      return false;
    }
    Decision.Unauthenticated refused = (Decision.Unauthenticated) decision;
    log.debug("admin port: {} {} from {} refused (401): {}", method, path, exchange.getRemoteAddress(),
        refused.reason());
    refuse(exchange, 401, refused.tokenGiven() ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE,
        refused.reason());
    return false;
  }

  /** The token of an {@code Authorization: Bearer} header. */
  static Optional<String> bearer(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String value = authorization.strip();
    if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return Optional.of(value.substring(7).strip()).filter(t -> !t.isEmpty());
    }
    return Optional.empty();
  }

  /** The token of the {@value #COOKIE} cookie among the Cookie headers. */
  static Optional<String> cookie(java.util.List<String> headers) {
    if (headers == null) {
      return Optional.empty();
    }
    for (String header : headers) {
      for (String pair : header.split(";")) {
        String[] parts = pair.strip().split("=", 2);
        if (parts.length == 2 && parts[0].equals(COOKIE) && !parts[1].isEmpty()) {
          return Optional.of(parts[1]);
        }
      }
    }
    return Optional.empty();
  }

  static Optional<String> queryToken(URI uri) {
    String query = uri.getRawQuery();
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      String[] parts = pair.split("=", 2);
      if (parts.length == 2 && parts[0].equals(QUERY_PARAMETER) && !parts[1].isEmpty()) {
        return Optional.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** Whether the request names an Origin other than the host it was sent to. */
  private static boolean crossOrigin(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (origin == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      return host == null || uri.getRawAuthority() == null || !uri.getRawAuthority().equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** Sets the cookie and sends the browser back to the same path, without the token in its address. */
  private static void redirectWithCookie(HttpExchange exchange, String token) throws IOException {
    try (exchange) {
      boolean secure = exchange instanceof com.sun.net.httpserver.HttpsExchange;
      exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
          + (secure ? "; Secure" : ""));
      exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getRawPath());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      exchange.sendResponseHeaders(303, -1);
    }
  }

  private static void refuse(HttpExchange exchange, int status, String challenge, String reason) throws IOException {
    try (exchange) {
      byte[] body = (Json.write(Map.of("error", reason)) + "\n").getBytes(StandardCharsets.UTF_8);
      if (challenge != null) {
        exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
