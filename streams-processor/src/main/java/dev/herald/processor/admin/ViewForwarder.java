package dev.herald.processor.admin;

import dev.herald.common.HttpReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another processor instance's admin port what an operator view asked this one, marked as
 * forwarded so the other answers from its own stores and forwards nothing again; the caller's
 * credentials go along, so whatever checks them there lets it through as here.
 */
final class ViewForwarder {

  /** The header that marks a request one instance forwarded to another. */
  static final String FORWARDED = "X-Herald-Forwarded";

  private static final Logger log = LoggerFactory.getLogger(ViewForwarder.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String from;

  /** A forwarder of the instance {@code from} ({@code host:port}). */
  ViewForwarder(String from) {
    this.from = from;
  }

  /**
   * The answer of {@code instance} ({@code host:port}) to a GET of {@code pathAndQuery} (raw, as
   * received), sent with {@code authorization} (null: none); 502 when it gives none.
   */
  HttpReply get(String instance, String pathAndQuery, String authorization) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + instance + pathAndQuery))
        .timeout(TIMEOUT).header(FORWARDED, from).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      String type = response.headers().firstValue("Content-Type").orElse(HttpReply.JSON);
      return new HttpReply(response.statusCode(), type, response.body(), null);
    } catch (IOException e) {
      log.warn("processor instance {} did not answer {}: {}", instance, pathAndQuery, e.toString());
      return HttpReply.json(502, Map.of("error", "processor instance " + instance + " did not answer: " + e));
    }
  }

  /** The body of a reply as text. */
  static String text(HttpReply reply) {
    return new String(reply.body(), StandardCharsets.UTF_8);
  }
}
