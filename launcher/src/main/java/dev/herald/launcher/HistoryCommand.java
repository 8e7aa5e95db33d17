package dev.herald.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.Json;
import dev.herald.processor.admin.HistoryApi;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald history}: what happened to one resource, from the logs, through a running Herald's admin API. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Print who subscribed, published, registered or reset a resource, what they were answered,"
        + " and the NOTIFYs sent, from Herald's logs.")
final class HistoryCommand extends HeraldCommand.AdminCall {

  @Parameters(index = "0", paramLabel = "URI", description = "the resource's URI, e.g. sip:bob@example.com")
  String uri;

  @Option(names = "--event", defaultValue = "presence",
      description = "the event package of the resource: presence, dialog, call-info, conference … (default ${DEFAULT-VALUE})")
  String event;

  @Option(names = "--since", defaultValue = "1h",
      description = "how far back: 90s, 30m, 2h, 7d or an ISO-8601 duration (default ${DEFAULT-VALUE})")
  String since;

  @Option(names = "--json", description = "as the API's JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Duration back = duration(since);
    HttpResponse<String> response = admin.send(HttpRequest.newBuilder(admin.uri(HistoryApi.PATH
        + "/" + URLEncoder.encode(event, StandardCharsets.UTF_8) + "/" + URLEncoder.encode(uri, StandardCharsets.UTF_8)
        + "?since=" + back)).GET(), Duration.ofSeconds(60));
    if (failed(response) != 0) {
      return 1;
    }
    if (json) {
      out().println(response.body());
    } else {
      JsonNode entries = Json.read(response.body(), JsonNode.class);
      if (entries.isEmpty()) {
        out().println("nothing in the logs for " + event + " " + uri + " in the last " + since);
      }
      for (JsonNode entry : entries) {
        out().printf("%s  %-14s %-28s %s%s%n", Instant.ofEpochMilli(entry.path("atMs").asLong()),
            entry.path("kind").asText(), entry.path("party").asText(), entry.path("detail").asText(),
            entry.path("answer").asText().isEmpty() ? "" : "  -> " + entry.path("answer").asText());
      }
    }
    out().flush();
    return 0;
  }

  /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}, or ISO-8601 such as {@code PT1H}. */
  static Duration duration(String text) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    if (lower.matches("[0-9]+[smhd]")) {
      long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
      return switch (lower.charAt(lower.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
  }
}
