package dev.herald.launcher;

import dev.herald.common.admin.AdminAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads a {@code text/event-stream} into its events, as a browser's EventSource would. */
final class EventStreamClient implements AutoCloseable {

  /** One event: its type and its data lines joined by LF. */
  record Event(String type, String data) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile Stream<String> lines;

  private EventStreamClient(URI uri, String token) {
    response = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(uri)
        .header("Accept", "text/event-stream").header("Cookie", AdminAuth.COOKIE + "=" + token).GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    response.thenAcceptAsync(answer -> {
      lines = answer.body();
      String type = "message";
      List<String> data = new ArrayList<>();
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(type, String.join("\n", data)));
          }
          type = "message";
          data.clear();
        } else if (line.startsWith("event: ")) {
          type = line.substring("event: ".length());
        } else if (line.startsWith("data: ")) {
          data.add(line.substring("data: ".length()));
        }
      }
    });
  }

  /** The stream of {@code path} with the admin token in the cookie, as a browser sends it after {@code /ui?access_token=}. */
  static EventStreamClient open(int adminPort, String path) {
    return new EventStreamClient(URI.create("http://127.0.0.1:" + adminPort + path), SipChecks.adminToken(adminPort));
  }

  /** The status and content type of the answer, once its headers came. */
  HttpResponse<Stream<String>> response() {
    return response.join();
  }

  /** Whether an event of {@code type} whose data contains every one of {@code parts} has come. */
  boolean has(String type, String... parts) {
    return events.stream().anyMatch(e -> e.type().equals(type) && Stream.of(parts).allMatch(e.data()::contains));
  }

  @Override
  public void close() {
    response.cancel(true);
    Stream<String> open = lines;
    if (open != null) {
      open.close();
    }
  }
}
