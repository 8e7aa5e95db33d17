package dev.herald.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private PrometheusMeterRegistry registry;
  private AdminServer server;

  @BeforeEach
  void setUp() {
    registry = Metrics.newRegistry();
    server = new AdminServer("127.0.0.1", 0, registry);
  }

  @AfterEach
  void tearDown() {
    server.close();
    registry.close();
  }

  @Test
  void healthIs200WithUpAndOneOkLinePerCheckWhenAllChecksPass() throws Exception {
    server.addHealthCheck(HealthCheck.of("kafka", Health::up));
    server.addHealthCheck(HealthCheck.of("sip", Health::up));
    server.start();

    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines()).containsExactly("UP", "kafka: ok", "sip: ok");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void healthIs200WithJustUpWhenNoChecksAreRegistered() throws Exception {
    server.start();

    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines()).containsExactly("UP");
  }

  @Test
  void healthIs503ListingOnlyTheFailingChecksWithTheirReasons() throws Exception {
    server.addHealthCheck(HealthCheck.of("kafka", Health::up));
    server.addHealthCheck(HealthCheck.of("sip", () -> Health.down("no listening point")));
    server.start();

    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body().lines()).containsExactly("DOWN", "sip: no listening point");
  }

  @Test
  void healthFollowsChecksThatChangeState() throws Exception {
    AtomicBoolean up = new AtomicBoolean();
    server.addHealthCheck(HealthCheck.of("streams", () -> up.get() ? Health.up() : Health.down("rebalancing")));
    server.start();
    assertThat(get("/health").statusCode()).isEqualTo(503);

    up.set(true);

    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aThrowingCheckCountsAsDownWithTheExceptionMessage() throws Exception {
    server.addHealthCheck(HealthCheck.of("store", () -> {
      throw new IllegalStateException("state store closed");
    }));
    server.addHealthCheck(HealthCheck.of("npe", () -> {
      throw new NullPointerException();
    }));
    server.addHealthCheck(HealthCheck.of("null-result", () -> null));
    server.start();

    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body().lines()).containsExactly("DOWN",
        "store: state store closed",
        "npe: java.lang.NullPointerException",
        "null-result: check returned no result");
  }

  @Test
  void multiLineReasonsStayOnOneLine() throws Exception {
    server.addHealthCheck(HealthCheck.of("db", () -> Health.down("first\nsecond")));
    server.start();

    assertThat(get("/health").body().lines()).containsExactly("DOWN", "db: first second");
  }

  @Test
  void healthChecksAddedAfterStartAreReported() throws Exception {
    server.start();
    server.addHealthCheck(HealthCheck.of("late", () -> Health.down("not ready")));

    assertThat(get("/health").body().lines()).containsExactly("DOWN", "late: not ready");
  }

  @Test
  void duplicateHealthCheckNamesAreRejected() {
    server.addHealthCheck(HealthCheck.of("kafka", Health::up));

    assertThatThrownBy(() -> server.addHealthCheck(HealthCheck.of("kafka", Health::up)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka");
  }

  @Test
  void metricsServesPrometheusTextWithJvmMetrics() throws Exception {
    registry.counter("herald.test.events").increment();
    server.start();

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE jvm_memory_used_bytes gauge")
        .contains("jvm_memory_used_bytes{")
        .contains("jvm_threads_live_threads")
        .contains("process_uptime_seconds")
        .contains("system_cpu_count")
        .contains("herald_test_events_total 1.0");
  }

  @Test
  void readyAsksEachChecksReadinessAndLiveItsLivenessWhileHealthStaysAsItWas() throws Exception {
    server.addHealthCheck(HealthCheck.of("streams", Health::up, () -> Health.down("rebalancing"), Health::up));
    server.addHealthCheck(HealthCheck.of("sip", Health::up));
    server.start();

    HttpResponse<String> ready = get("/health/ready");
    HttpResponse<String> live = get("/health/live");

    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body().lines()).containsExactly("DOWN", "streams: rebalancing");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body().lines()).containsExactly("UP", "streams: ok", "sip: ok");
  }

  @Test
  void aPlainCheckIsReadyWhenHealthyAndAliveEvenWhenNot() throws Exception {
    server.addHealthCheck(HealthCheck.of("kafka", () -> Health.down("no broker")));
    server.start();

    assertThat(get("/health/ready").body().lines()).containsExactly("DOWN", "kafka: no broker");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void aCheckBrokenForGoodIsNotAlive() throws Exception {
    server.addHealthCheck(HealthCheck.of("streams", () -> Health.down("ERROR"), () -> Health.down("ERROR"),
        () -> Health.down("Kafka Streams is ERROR")));
    server.start();

    HttpResponse<String> live = get("/health/live");

    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(live.body().lines()).containsExactly("DOWN", "streams: Kafka Streams is ERROR");
  }

  @Test
  void unknownPathsAre404() throws Exception {
    server.start();

    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/healthz").statusCode()).isEqualTo(404);
    assertThat(get("/health/extra").statusCode()).isEqualTo(404);
    assertThat(get("/health/ready/extra").statusCode()).isEqualTo(404);
    assertThat(get("/metricsx").statusCode()).isEqualTo(404);
  }

  @Test
  void nonGetMethodsOnHealthAndMetricsAre405() throws Exception {
    server.start();

    for (String path : new String[] {"/health", "/health/live", "/health/ready", "/metrics"}) {
      HttpResponse<String> post = send(HttpRequest.newBuilder(uri(path))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build());
      HttpResponse<String> delete = send(HttpRequest.newBuilder(uri(path)).DELETE().build());

      assertThat(post.statusCode()).as("POST " + path).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET");
      assertThat(delete.statusCode()).as("DELETE " + path).isEqualTo(405);
    }
  }

  @Test
  void routesServeRoleSpecificEndpointsRegisteredBeforeOrAfterStart() throws Exception {
    server.route("/api/before", exchange -> reply(exchange, "before"));
    server.start();
    server.route("/api/after", exchange -> reply(exchange, "after"));

    assertThat(get("/api/before").body()).isEqualTo("before");
    assertThat(get("/api/after").body()).isEqualTo("after");
    assertThat(get("/api/before/alice").body()).isEqualTo("before");
  }

  @Test
  void reservedAndDuplicateRoutesAreRejected() {
    server.route("/api/presence", exchange -> reply(exchange, "x"));

    assertThatThrownBy(() -> server.route("/health", exchange -> reply(exchange, "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.route("/metrics", exchange -> reply(exchange, "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.route("/api/presence", exchange -> reply(exchange, "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.route("api", exchange -> reply(exchange, "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void startFailsLoudlyWhenThePortIsInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      AdminServer clash = new AdminServer("127.0.0.1", port, registry);

      assertThatThrownBy(clash::start)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("in use")
          .hasCauseInstanceOf(IOException.class);
      clash.close();
    }
  }

  @Test
  void portIsTheEphemeralPortAndIsUnavailableBeforeStart() {
    assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);

    server.start();

    assertThat(server.port()).isPositive();
  }

  @Test
  void startTwiceOrAfterCloseIsRejected() {
    server.start();
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);

    server.close();

    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeStopsListeningPromptlyAndIsIdempotent() throws Exception {
    server.start();
    assertThat(get("/health").statusCode()).isEqualTo(200);
    int port = server.port();

    long started = System.nanoTime();
    server.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    server.close();

    assertThat(took).isLessThan(Duration.ofMillis(1500));
    HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    assertThatThrownBy(() -> fresh.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void closeBeforeStartIsHarmless() {
    server.close();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
