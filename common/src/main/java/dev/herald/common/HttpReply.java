package dev.herald.common;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer of an admin API on the {@link AdminServer}: status, content type, body and, for a 405,
 * the methods allowed. {@link #serve} runs a route and sends its answer, turning failures into
 * JSON errors {@code {"error": "…"}}.
 */
public record HttpReply(int status, String contentType, byte[] body, String allow) {

  public static final String JSON = "application/json";
  private static final Logger log = LoggerFactory.getLogger(HttpReply.class);

  /** What an API does with a request. */
  @FunctionalInterface
  public interface Route {
    HttpReply answer(HttpExchange exchange) throws Exception;
  }

  public HttpReply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  public static HttpReply json(int status, Object value) {
    return new HttpReply(status, JSON, Json.write(value).getBytes(StandardCharsets.UTF_8), null);
  }

  /** An answer without a body, such as 204. */
  public static HttpReply empty(int status) {
    return new HttpReply(status, JSON, new byte[0], null);
  }

  /** The same answer with an Allow header. */
  public HttpReply withAllow(String methods) {
    return new HttpReply(status, contentType, body, methods);
  }

  /**
   * Answers {@code exchange} with what {@code route} gives. A route that could not write to Kafka
   * (timed out, failed, interrupted) is answered 503; any other failure is logged and answered 500.
   */
  public static void serve(HttpExchange exchange, String api, Route route) throws IOException {
    try (exchange) {
      HttpReply reply;
      try {
        reply = route.answer(exchange);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply = error(503, "interrupted");
      } catch (ExecutionException | TimeoutException e) {
        log.warn("{} could not write to Kafka on {} {}: {}", api, exchange.getRequestMethod(),
            exchange.getRequestURI(), e.toString());
        reply = error(503, "could not write to Kafka: " + e.getMessage());
      } catch (Exception e) {
        log.error("{} failed on {} {}", api, exchange.getRequestMethod(), exchange.getRequestURI(), e);
        reply = error(500, "internal error: " + e.getMessage());
      }
      reply.send(exchange);
    }
  }

  /** The request body, or empty if it is longer than {@code maxBytes}. */
  public static Optional<byte[]> body(HttpExchange exchange, int maxBytes) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      return bytes.length > maxBytes ? Optional.empty() : Optional.of(bytes);
    }
  }

  private static HttpReply error(int status, String reason) {
    return json(status, Map.of("error", String.valueOf(reason)));
  }

  public void send(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (allow != null) {
      exchange.getResponseHeaders().set("Allow", allow);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
