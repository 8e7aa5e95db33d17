package dev.herald.launcher.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.common.HttpReply;
import dev.herald.common.admin.AdminAuth;
import dev.herald.common.admin.AdminRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web view's routes on the admin port, all GET:
 * <ul>
 *   <li>{@code /ui}: the page; {@code /ui/app.js}, {@code /ui/app.css}, {@code /ui/history.html},
 *       {@code /ui/history.js}: the rest of it, plain files from the jar;
 *   <li>{@code /ui/snapshot}: the whole view as JSON, and whether the page offers actions;
 *   <li>{@code /ui/events}: {@code text/event-stream}, a {@code snapshot} event, then one
 *       {@code presentity}, {@code watcher} or {@code registrant} event per change.
 * </ul>
 * The page makes no change itself: with actions on and a page opened with an admin token, its buttons call
 * the admin API's own routes (with the cookie {@link AdminAuth#COOKIE} the page's {@code ?access_token=} set).
 * Every answer forbids inline scripts and other origins (Content-Security-Policy), and the page writes
 * what it shows as text, never as HTML.
 */
final class UiRoutes implements HttpHandler {

  static final String PATH = "/ui";
  static final String EVENTS = PATH + "/events";
  static final String SNAPSHOT = PATH + "/snapshot";
  private static final Logger log = LoggerFactory.getLogger(UiRoutes.class);
  private static final String RESOURCES = "/dev/herald/launcher/ui/";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String SCRIPT = "text/javascript; charset=utf-8";
  private static final Map<String, String> FILES = Map.of("index.html", HTML, "history.html", HTML,
      "app.js", SCRIPT, "history.js", SCRIPT, "app.css", "text/css; charset=utf-8");
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** The snapshot route's answer: {@code actions} when they are on and the page's token has the admin role. */
  record SnapshotAnswer(boolean actions, PresenceView.Snapshot view) {}

  private final LiveView view;
  private final boolean actions;

  UiRoutes(LiveView view, boolean actions) {
    this.view = view;
    this.actions = actions;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    String path = exchange.getRequestURI().getPath();
    if (!"GET".equals(exchange.getRequestMethod())) {
      HttpReply.serve(exchange, "web view",
          e -> HttpReply.json(405, Map.of("error", "the web view is read-only; use GET")).withAllow("GET"));
      return;
    }
    if (path.equals(EVENTS)) {
      stream(exchange);
      return;
    }
    HttpReply.serve(exchange, "web view", e -> answer(e, path));
  }

  private HttpReply answer(HttpExchange exchange, String path) throws IOException {
    if (path.equals(SNAPSHOT)) {
      return HttpReply.json(200, new SnapshotAnswer(actions && AdminAuth.roleOf(exchange) == AdminRole.ADMIN,
          view.snapshot()));
    }
    String name = path.equals(PATH) || path.equals(PATH + "/") ? "index.html"
        : path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : "";
    return file(name).orElseGet(() -> HttpReply.json(404, Map.of("error", "no such page: " + path)));
  }

  /** A file of the page, or empty if it is not one. */
  static Optional<HttpReply> file(String name) throws IOException {
    String type = FILES.get(name);
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = UiRoutes.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(new HttpReply(200, type, in.readAllBytes(), null));
    }
  }

  /** Holds the exchange open and hands it to the broadcaster; this thread returns at once. */
  private void stream(HttpExchange exchange) throws IOException {
    ExchangeSink sink = new ExchangeSink(exchange);
    SseBroadcaster.Connection connection = view.connect(sink);
    if (connection instanceof SseBroadcaster.Connection.Refused refused) {
      HttpReply.serve(exchange, "web view", e -> HttpReply.json(503, Map.of("error", refused.reason())));
      return;
    }
    log.debug("web view: a page connected from {}", exchange.getRemoteAddress());
  }

  /**
   * The response body of one event stream. Headers go out with the first frame, from the writer thread,
   * so the HTTP thread that accepted the request is free at once.
   */
  private static final class ExchangeSink implements SseBroadcaster.Sink {
    private final HttpExchange exchange;
    private OutputStream body;

    ExchangeSink(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void write(String frame) throws IOException {
      if (body == null) {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        body = exchange.getResponseBody();
      }
      body.write(frame.getBytes(StandardCharsets.UTF_8));
      body.flush();
    }

    @Override
    public void close() {
      exchange.close();
    }
  }

  /** The names of the page's files, for tests. */
  static List<String> fileNames() {
    return List.copyOf(FILES.keySet());
  }
}
