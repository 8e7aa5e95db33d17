package dev.herald.processor.admin;

import com.sun.net.httpserver.HttpExchange;
import dev.herald.common.HttpReply;
import dev.herald.schemas.ResourceKeys;
import java.util.Map;
import java.util.Optional;

/** Paths {@code base/{uri}/…} of an admin API whose first segment is a sip:, sips: or tel: URI. */
final class UriRoute {

  /** What an API does with the normalised URI and the path's segments, the URI's first. */
  @FunctionalInterface
  interface Handler {
    HttpReply answer(String uri, String[] segments) throws Exception;
  }

  private UriRoute() {}

  /** Gives {@code handler} the URI of {@code exchange}'s path below {@code base}; 404 or 400 without one. */
  static HttpReply route(HttpExchange exchange, String base, String name, Handler handler) throws Exception {
    String path = exchange.getRequestURI().getPath();
    String rest = path.length() > base.length() ? path.substring(base.length()) : "";
    if (!rest.startsWith("/") || rest.length() == 1) {
      return error(404, "use " + base + "/{" + name + "}");
    }
    String[] segments = rest.substring(1).split("/", -1);
    Optional<String> uri = ResourceKeys.normaliseUri(segments[0]);
    if (uri.isEmpty()) {
      return error(400, "'" + segments[0] + "' is not a sip:, sips: or tel: URI");
    }
    return handler.answer(uri.get(), segments);
  }

  static HttpReply error(int status, String reason) {
    return HttpReply.json(status, Map.of("error", reason));
  }

  static HttpReply notAllowed(String allow) {
    return error(405, "method not allowed; use " + allow).withAllow(allow);
  }
}
