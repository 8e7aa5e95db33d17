package dev.herald.common;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.herald.common.admin.AdminAuth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small HTTP server every Herald role runs for operations: {@code GET /health}, {@code GET /metrics}
 * (Prometheus text format) and role-specific endpoints added with {@link #route}.
 *
 * <p>{@code /health} answers 200 with {@code UP} followed by one {@code name: ok} line per check, or 503
 * with {@code DOWN} followed by a {@code name: reason} line per failing check; a check that throws counts
 * as down. {@code /health/ready} answers the same way from each check's {@linkplain HealthCheck#readiness()
 * readiness} (can it take load now), {@code /health/live} from its {@linkplain HealthCheck#liveness()
 * liveness} (should the process be restarted). Other methods than GET on the built-in endpoints get 405,
 * unknown paths 404.
 *
 * <p>Every route, the built-in ones included, first passes the {@linkplain #authenticate authentication}
 * (none unless set); with {@linkplain #tls TLS} the server speaks HTTPS only.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  static final String HEALTH_PATH = "/health";
  static final String LIVE_PATH = "/health/live";
  static final String READY_PATH = "/health/ready";
  static final String METRICS_PATH = "/metrics";
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";
  private static final int WORKER_THREADS = 2;
  private static final long CLOSE_GRACE_MILLIS = 500;
  private static final AtomicInteger SERVER_IDS = new AtomicInteger();

  private final String host;
  private final int requestedPort;
  private final PrometheusMeterRegistry registry;
  private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
  private final Map<String, HttpHandler> routes = new LinkedHashMap<>();

  private AdminAuth auth = AdminAuth.none();
  private SSLContext tls;
  private HttpServer server;
  private ExecutorService executor;
  private int boundPort = -1;
  private boolean closed;

  /**
   * Creates a server that will listen on {@code host:port} once {@linkplain #start() started}.
   *
   * @param port TCP port, or 0 for an ephemeral one (read it back with {@link #port()})
   */
  public AdminServer(String host, int port, PrometheusMeterRegistry registry) {
    this.host = Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    this.requestedPort = port;
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Registers a check reported by {@code /health}; names must be unique. May be called at any time. */
  public void addHealthCheck(HealthCheck check) {
    Objects.requireNonNull(check, "check");
    String name = Objects.requireNonNull(check.name(), "check.name()");
    synchronized (checks) {
      if (checks.stream().anyMatch(c -> c.name().equals(name))) {
        throw new IllegalArgumentException("duplicate health check name: " + name);
      }
      checks.add(check);
    }
  }

  /**
   * Serves {@code path} (and, as with {@link HttpServer#createContext}, every path below it) with
   * {@code handler}, e.g. {@code /api/presence}. May be called before or after {@link #start()}.
   */
  public synchronized void route(String path, HttpHandler handler) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("route path must start with '/': " + path);
    }
    if (path.equals(HEALTH_PATH) || path.equals(METRICS_PATH)) {
      throw new IllegalArgumentException("route path is reserved: " + path);
    }
    if (routes.containsKey(path)) {
      throw new IllegalArgumentException("route already registered: " + path);
    }
    routes.put(path, handler);
    if (server != null && !closed) {
      context(server, path, handler);
    }
  }

  /** Who may use which route (default: anyone anything); before {@link #start()}. */
  public synchronized AdminServer authenticate(AdminAuth auth) {
    checkNotStarted();
    this.auth = Objects.requireNonNull(auth, "auth");
    return this;
  }

  /** Serves HTTPS (TLS 1.3 and 1.2) with this context instead of plain HTTP; before {@link #start()}. */
  public synchronized AdminServer tls(SSLContext context) {
    checkNotStarted();
    this.tls = Objects.requireNonNull(context, "context");
    return this;
  }

  /** {@code http} or {@code https}. */
  public synchronized String scheme() {
    return tls == null ? "http" : "https";
  }

  private void checkNotStarted() {
    if (server != null || closed) {
      throw new IllegalStateException("set before the admin server starts");
    }
  }

  private void context(HttpServer http, String path, HttpHandler handler) {
    HttpContext context = http.createContext(path, handler);
    context.getFilters().add(auth.filter());
  }

  /**
   * Binds and starts serving.
   *
   * @throws UncheckedIOException if the address cannot be bound, e.g. because the port is in use
   * @throws IllegalStateException if already started or closed
   */
  public synchronized AdminServer start() {
    if (closed) {
      throw new IllegalStateException("admin server is closed");
    }
    if (server != null) {
      throw new IllegalStateException("admin server already started on port " + boundPort);
    }
    InetSocketAddress address = new InetSocketAddress(host, requestedPort);
    if (address.isUnresolved()) {
      throw new UncheckedIOException("admin server cannot resolve host '" + host + "'",
          new UnknownHostException(host));
    }
    HttpServer http;
    try {
      if (tls == null) {
        http = HttpServer.create(address, 0);
      } else {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters parameters) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            parameters.setSSLParameters(ssl);
          }
        });
        http = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("admin server cannot listen on " + host + ":" + requestedPort
          + " (is the port already in use?): " + e.getMessage(), e);
    }
    context(http, HEALTH_PATH, this::handleHealth);
    context(http, METRICS_PATH, this::handleMetrics);
    routes.forEach((path, handler) -> context(http, path, handler));
    executor = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads());
    http.setExecutor(executor);
    http.start();
    server = http;
    boundPort = http.getAddress().getPort();
    log.info("Admin server listening on {}://{}:{}{}", scheme(), host, boundPort,
        auth.required() ? ", every route but " + AdminAuth.LIVE_PATH + " needing a token" : "");
    return this;
  }

  /** The bound port (the actual one when constructed with port 0). */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("admin server not started");
    }
    return boundPort;
  }

  /** Stops listening and drops open exchanges; returns within about a second. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server == null) {
      return;
    }
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("Admin server on port {} stopped", boundPort);
  }

  private void handleHealth(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Function<HealthCheck, Health> aspect = switch (path) {
        case LIVE_PATH -> HealthCheck::liveness;
        case READY_PATH -> HealthCheck::readiness;
        default -> HealthCheck::check;
      };
      if (rejected(exchange, path.equals(LIVE_PATH) || path.equals(READY_PATH) ? path : HEALTH_PATH)) {
        return;
      }
      List<String> failures = new ArrayList<>();
      List<String> passes = new ArrayList<>();
      for (HealthCheck check : checks) {
        Health health = evaluate(check, aspect);
        String line = check.name() + ": " + singleLine(health.reason());
        (health.healthy() ? passes : failures).add(line);
      }
      boolean up = failures.isEmpty();
      StringBuilder body = new StringBuilder(up ? "UP" : "DOWN").append('\n');
      (up ? passes : failures).forEach(line -> body.append(line).append('\n'));
      send(exchange, up ? 200 : 503, TEXT_CONTENT_TYPE, body.toString());
    }
  }

  private void handleMetrics(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (rejected(exchange, METRICS_PATH)) {
        return;
      }
      String scrape;
      try {
        scrape = registry.scrape();
      } catch (RuntimeException e) {
        log.error("Prometheus scrape failed", e);
        send(exchange, 500, TEXT_CONTENT_TYPE, "scrape failed: " + e + "\n");
        return;
      }
      send(exchange, 200, METRICS_CONTENT_TYPE, scrape);
    }
  }

  /** Answers 404 for sub-paths of a built-in endpoint and 405 for non-GET methods. */
  private static boolean rejected(HttpExchange exchange, String path) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(path)) {
      send(exchange, 404, TEXT_CONTENT_TYPE, "not found\n");
      return true;
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "GET");
      send(exchange, 405, TEXT_CONTENT_TYPE, "method not allowed\n");
      return true;
    }
    return false;
  }

  private static Health evaluate(HealthCheck check, Function<HealthCheck, Health> aspect) {
    try {
      Health health = aspect.apply(check);
      return health != null ? health : Health.down("check returned no result");
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      log.warn("Health check '{}' threw", check.name(), e);
      return Health.down(e.getMessage() != null ? e.getMessage() : e.getClass().getName());
    }
  }

  private static String singleLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static ThreadFactory daemonThreads() {
    int serverId = SERVER_IDS.incrementAndGet();
    AtomicInteger threadIds = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable,
          "herald-admin-" + serverId + "-http-" + threadIds.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
