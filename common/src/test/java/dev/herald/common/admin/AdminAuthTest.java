package dev.herald.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.AdminServer;
import dev.herald.common.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authentication of the admin port, over HTTP against a real {@link AdminServer}. */
class AdminAuthTest {

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private PrometheusMeterRegistry registry;
  private AdminServer server;
  private String readToken;
  private String adminToken;

  @BeforeEach
  void setUp() {
    AdminTokens tokens = AdminTokens.at(dir.resolve("admin-tokens.json"));
    readToken = tokens.create("reader", AdminRole.READ, Clock.systemUTC()).token();
    adminToken = tokens.create("operator", AdminRole.ADMIN, Clock.systemUTC()).token();
    registry = Metrics.newRegistry();
    server = new AdminServer("127.0.0.1", 0, registry).authenticate(AdminAuth.tokens(tokens));
    server.route("/api/things", exchange -> {
      try (exchange) {
        byte[] body = ("done as " + AdminAuth.roleOf(exchange).label()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
    registry.close();
  }

  private HttpResponse<String> send(String method, String path, Optional<String> token, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRequestWithoutATokenGets401WithABearerChallenge() throws Exception {
    HttpResponse<String> response = send("GET", "/api/things", Optional.empty());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"herald\"");
    assertThat(response.body()).contains("bearer token");
  }

  @Test
  void aWrongTokenGets401NamingAnInvalidToken() throws Exception {
    HttpResponse<String> response = send("GET", "/api/things", Optional.of(adminToken + "x"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
  }

  @Test
  void aReadTokenReadsButGets403OnAWrite() throws Exception {
    assertThat(send("GET", "/api/things", Optional.of(readToken)).body()).isEqualTo("done as read");

    HttpResponse<String> write = send("POST", "/api/things", Optional.of(readToken));
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
    assertThat(write.body()).contains("admin role").doesNotContain(readToken);
  }

  @Test
  void anAdminTokenWrites() throws Exception {
    HttpResponse<String> write = send("DELETE", "/api/things", Optional.of(adminToken));

    assertThat(write.statusCode()).isEqualTo(200);
    assertThat(write.body()).isEqualTo("done as admin");
  }

  @Test
  void livenessNeedsNoTokenButHealthReadinessAndMetricsDo() throws Exception {
    assertThat(send("GET", "/health/live", Optional.empty()).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/health", Optional.empty()).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/health/ready", Optional.empty()).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/metrics", Optional.empty()).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/metrics", Optional.of(readToken)).statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenInTheQuerySetsAStrictHttpOnlyCookieAndLeadsBackWithoutIt() throws Exception {
    HttpResponse<String> login = send("GET", "/api/things?access_token=" + readToken, Optional.empty());

    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).hasValue("/api/things");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(AdminAuth.COOKIE + "=" + readToken).contains("HttpOnly").contains("SameSite=Strict");

    HttpResponse<String> withCookie = send("GET", "/api/things", Optional.empty(), "Cookie", cookie.split(";")[0]);
    assertThat(withCookie.body()).isEqualTo("done as read");
  }

  @Test
  void aWriteWithTheCookieFromAnotherOriginIsRefused() throws Exception {
    String cookie = AdminAuth.COOKIE + "=" + adminToken;
    String sameOrigin = "http://127.0.0.1:" + server.port();

    assertThat(send("POST", "/api/things", Optional.empty(), "Cookie", cookie, "Origin", sameOrigin).statusCode())
        .isEqualTo(200);
    assertThat(send("POST", "/api/things", Optional.empty(), "Cookie", cookie, "Origin", "https://evil.example")
        .statusCode()).isEqualTo(403);
  }

  @Test
  void withoutAuthenticationEveryRequestIsAnAdmin() {
    AdminAuth none = AdminAuth.none();

    assertThat(none.required()).isFalse();
    assertThat(none.decide("POST", "/api/things", Optional.empty()))
        .isEqualTo(new AdminAuth.Decision.Allowed(AdminRole.ADMIN));
  }

  @Test
  void theBearerSchemeIsCaseInsensitiveAndOtherSchemesGiveNoToken() {
    assertThat(AdminAuth.bearer("bearer abc")).hasValue("abc");
    assertThat(AdminAuth.bearer("Basic abc")).isEmpty();
    assertThat(AdminAuth.bearer("Bearer ")).isEmpty();
    assertThat(AdminAuth.bearer(null)).isEmpty();
  }
}
