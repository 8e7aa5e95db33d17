package dev.herald.processor.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.common.HttpReply;
import dev.herald.processor.audit.ResourceHistory;
import dev.herald.schemas.ResourceKeys;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/history/{package}/{uri}?since=PT1H}: the history of one resource from the logs
 * ({@link ResourceHistory}), oldest first; {@code since} is an ISO-8601 duration back from now,
 * one hour by default.
 */
public final class HistoryApi implements HttpHandler {

  public static final String PATH = "/api/history";
  private static final Duration DEFAULT_SINCE = Duration.ofHours(1);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Object> kafka;
  private final Clock clock;

  public HistoryApi(Map<String, Object> kafka, Clock clock) {
    this.kafka = Map.copyOf(kafka);
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpReply.serve(exchange, "history API", this::route);
  }

  private HttpReply route(HttpExchange exchange) {
    if (!"GET".equals(exchange.getRequestMethod())) {
      return HttpReply.json(405, Map.of("error", "method not allowed; use GET")).withAllow("GET");
    }
    String rest = exchange.getRequestURI().getRawPath().substring(PATH.length());
    String[] parts = rest.startsWith("/") ? rest.substring(1).split("/", 2) : new String[0];
    if (parts.length != 2 || parts[0].isEmpty()) {
      return HttpReply.json(404, Map.of("error", "use GET " + PATH + "/{package}/{uri}"));
    }
    String pkg = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
    String raw = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
    Optional<String> uri = ResourceKeys.normaliseUri(raw);
    if (uri.isEmpty()) {
      return HttpReply.json(400, Map.of("error", "'" + raw + "' is not a sip:, sips: or tel: URI"));
    }
    Duration since;
    try {
      since = Optional.ofNullable(query(exchange, "since")).map(Duration::parse).orElse(DEFAULT_SINCE);
    } catch (DateTimeParseException e) {
      return HttpReply.json(400, Map.of("error", "since must be an ISO-8601 duration such as PT1H"));
    }
    List<ResourceHistory.Entry> entries = ResourceHistory.read(kafka, ResourceKeys.of(pkg, uri.get()),
        clock.millis() - since.toMillis(), READ_TIMEOUT);
    return HttpReply.json(200, entries);
  }

  private static String query(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(name) && kv.length == 2) {
        return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
