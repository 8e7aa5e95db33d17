package dev.herald.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpReplyTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final AdminServer server = new AdminServer("127.0.0.1", 0, Metrics.newRegistry());

  @AfterEach
  void close() {
    server.close();
  }

  private HttpResponse<String> call(HttpReply.Route route, String body) throws Exception {
    server.route("/api/test", exchange -> HttpReply.serve(exchange, "test API", route));
    server.start();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/test"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aJsonReplyIsSentWithItsStatusAndContentType() throws Exception {
    HttpResponse<String> response = call(exchange -> HttpReply.json(201, Map.of("id", 7)), "");
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("{\"id\":7}");
    assertThat(response.headers().firstValue("Content-Type")).hasValue(HttpReply.JSON);
  }

  @Test
  void anEmptyReplyHasNoBody() throws Exception {
    HttpResponse<String> response = call(exchange -> HttpReply.empty(204), "");
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void allowedMethodsAreSentInTheAllowHeader() throws Exception {
    HttpResponse<String> response = call(exchange -> HttpReply.json(405, Map.of()).withAllow("GET, PUT"), "");
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, PUT");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aFailedOrTimedOutKafkaWriteIsAnswered503(boolean failed) throws Exception {
    Exception failure = failed ? new ExecutionException("broker gone", new IllegalStateException())
        : new TimeoutException("broker gone");
    HttpResponse<String> response = call(exchange -> {
      throw failure;
    }, "");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("could not write to Kafka").contains("broker gone");
  }

  @Test
  void anyOtherFailureIsAnswered500WithItsMessage() throws Exception {
    HttpResponse<String> response = call(exchange -> {
      throw new IllegalStateException("boom");
    }, "");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("{\"error\":\"internal error: boom\"}");
  }

  @Test
  void aBodyUpToTheLimitIsReadAndALongerOneIsNot() throws Exception {
    HttpResponse<String> response = call(exchange -> {
      boolean fits = HttpReply.body(exchange, 5).isPresent();
      return HttpReply.json(200, Map.of("fits", fits));
    }, "123456");
    assertThat(response.body()).isEqualTo("{\"fits\":false}");
  }

  @Test
  void aBodyWithinTheLimitIsReadWhole() throws Exception {
    HttpResponse<String> response = call(exchange -> HttpReply.json(200,
        Map.of("body", new String(HttpReply.body(exchange, 5).orElseThrow(), StandardCharsets.UTF_8))), "12345");
    assertThat(response.body()).isEqualTo("{\"body\":\"12345\"}");
  }
}
