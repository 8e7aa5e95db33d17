package dev.herald.processor.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.avro.AdminCommand;
import dev.herald.avro.RequestEvent;
import dev.herald.common.HttpReply;
import dev.herald.packages.conference.ConferenceInfo;
import dev.herald.schemas.ResourceKeys;
import dev.herald.schemas.TopicSnapshot;
import dev.herald.schemas.Topics;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of conferences, under {@value #PATH}:
 * <ul>
 *   <li>{@code POST /api/conferences/{uri}/reset}: drops what the focus of the conference published
 *       and sends its watchers the empty full state (Kamailio's conference_reset)</li>
 *   <li>{@code POST /api/conferences/reset}: the same for every conference with published state</li>
 * </ul>
 * A reset is an admin-command request event on the request log, keyed by the conference's resource
 * like every other change, so the processor applies it in order and a replay repeats it. The
 * answer lists the conferences reset once the broker acknowledged every event (503 if it did not).
 */
public final class ConferenceApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(ConferenceApi.class);

  public static final String PATH = "/api/conferences";
  public static final String RESET_COMMAND = "conference-reset";
  private static final long SEND_TIMEOUT_MS = 10_000;

  /** The answer: the conferences whose reset is in the log, or the error. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Answer(List<String> reset, String error) {}

  private final Producer<String, RequestEvent> producer;
  private final Supplier<List<String>> conferences;
  private final Clock clock;

  /**
   * @param producer writes the request log; its serializers are the topic's serdes
   * @param conferences the URIs of every conference with published state, read when all are reset
   */
  public ConferenceApi(Producer<String, RequestEvent> producer, Supplier<List<String>> conferences, Clock clock) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.conferences = Objects.requireNonNull(conferences, "conferences");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpReply.serve(exchange, "conference API", this::route);
  }

  private HttpReply route(HttpExchange exchange) throws Exception {
    String rest = exchange.getRequestURI().getRawPath().substring(PATH.length());
    if (!"POST".equals(exchange.getRequestMethod())) {
      return HttpReply.json(405, new Answer(null, "method not allowed; use POST")).withAllow("POST");
    }
    if (rest.equals("/reset")) {
      return reset(conferences.get());
    }
    if (rest.startsWith("/") && rest.endsWith("/reset") && rest.length() > "//reset".length()) {
      String raw = URLDecoder.decode(rest.substring(1, rest.length() - "/reset".length()), StandardCharsets.UTF_8);
      Optional<String> uri = ResourceKeys.normaliseUri(raw);
      return uri.isPresent() ? reset(List.of(uri.get()))
          : HttpReply.json(400, new Answer(null, "'" + raw + "' is not a sip:, sips: or tel: URI"));
    }
    return HttpReply.json(404, new Answer(null, "use POST " + PATH + "/{uri}/reset or POST " + PATH + "/reset"));
  }

  /** Writes a reset event per conference; a write the broker does not acknowledge makes it 503. */
  private HttpReply reset(List<String> uris) throws InterruptedException, ExecutionException, TimeoutException {
    List<Future<?>> sent = new ArrayList<>();
    for (String uri : uris) {
      String resource = ResourceKeys.of(ConferenceInfo.PACKAGE, uri);
      RequestEvent event = RequestEvent.newBuilder()
          .setRequestId("admin-" + UUID.randomUUID())
          .setResource(resource)
          .setReceivedAtMs(clock.millis())
          .setPayload(AdminCommand.newBuilder().setCommand(RESET_COMMAND).setArgs(Map.of()).setOperator("admin-api").build())
          .build();
      sent.add(producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), resource, event)));
    }
    producer.flush();
    for (Future<?> future : sent) {
      future.get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
    log.info("conference reset written for {}", uris);
    return HttpReply.json(200, new Answer(uris, null));
  }

  /** Every conference with published state: the live conference keys of the compacted presence-state topic. */
  public static List<String> publishedConferences(Map<String, Object> kafka, Duration timeout) {
    List<String> uris = new ArrayList<>();
    TopicSnapshot.latest(kafka, Topics.PRESENCE_STATE, timeout).forEach((key, value) -> {
      if (value != null && ConferenceInfo.PACKAGE.equals(ResourceKeys.packageOf(key))) {
        uris.add(ResourceKeys.uriOf(key));
      }
    });
    uris.sort(null);
    return uris;
  }

}
