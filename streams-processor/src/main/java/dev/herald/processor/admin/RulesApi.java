package dev.herald.processor.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.common.HttpReply;
import dev.herald.common.Json;
import dev.herald.processor.rules.ImportResult;
import dev.herald.processor.rules.PresRulesDocument;
import dev.herald.processor.rules.RulesJson;
import dev.herald.schemas.ResourceKeys;
import dev.herald.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of authorization rules, under {@value #PATH}:
 * <ul>
 *   <li>{@code GET /api/rules/{aor}}: the stored rules as JSON ({@link RulesJson}), or as a pres-rules
 *       document when the Accept header asks for {@value PresRulesDocument#CONTENT_TYPE}; 404 if none</li>
 *   <li>{@code PUT /api/rules/{aor}}: replaces the rule set with a pres-rules document
 *       ({@value PresRulesDocument#CONTENT_TYPE}) or a JSON rule set; answers the stored rules and
 *       the import warnings; a rejected document gets 400 and nothing is written</li>
 *   <li>{@code POST /api/rules/{aor}/rule}: adds or replaces one rule ({@link RulesJson.RuleInput})</li>
 *   <li>{@code DELETE /api/rules/{aor}/rule/{id}}: removes one rule; 404 if there is no such rule</li>
 *   <li>{@code DELETE /api/rules/{aor}}: removes every rule (a tombstone); 204</li>
 * </ul>
 * Every change is one {@link PresenceRules} record on the rules topic, keyed by the presence
 * resource key, answered once the broker acknowledged it (503 if it did not).
 *
 * <p>Read-modify-write: POST and DELETE of one rule read the current set, change it and write the
 * whole set back. One API instance does that under a lock and remembers what it wrote until its
 * lookup has caught up, so changes through one admin port never lose each other. Two admins writing
 * the same presentity through different instances at the same moment race: the last record on the
 * topic wins, and a rule added by the other may be lost. Use one admin port for rule changes, or
 * send whole rule sets with PUT.
 */
public final class RulesApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(RulesApi.class);

  public static final String PATH = "/api/rules";
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final int MAX_REMEMBERED = 10_000;
  private static final long SEND_TIMEOUT_MS = 10_000;
  private static final String JSON = "application/json";

  private final String topic;
  private final Producer<String, PresenceRules> producer;
  private final Function<String, Optional<PresenceRules>> lookup;
  private final Clock clock;
  /** What this instance wrote and its lookup may not show yet, by resource key; null value: deleted. */
  private final Map<String, Written> written = new ConcurrentHashMap<>();
  private long lastStampMs;

  private record Written(PresenceRules rules, long atMs) {}

  /**
   * The JSON answer of a change or an error: the rules now stored, the import warnings, the id of
   * the rule changed, or the error; absent fields are left out.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Answer(RulesJson.RuleSet rules, List<String> warnings, String id, String error) {}

  /**
   * @param producer writes the rules topic; its serializers are the topic's serdes
   * @param lookup the stored rules by presence resource key ({@code presence|sip:bob@example.com})
   */
  public RulesApi(Producer<String, PresenceRules> producer, Function<String, Optional<PresenceRules>> lookup,
      Clock clock) {
    this(Topics.PRESENCE_RULES.name(), producer, lookup, clock);
  }

  /** An API writing {@code topic} instead of the catalog's rules topic. */
  public RulesApi(String topic, Producer<String, PresenceRules> producer,
      Function<String, Optional<PresenceRules>> lookup, Clock clock) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpReply.serve(exchange, "rules API", this::route);
  }

  private HttpReply route(HttpExchange exchange) throws Exception {
    return UriRoute.route(exchange, PATH, "aor", (aor, parts) -> {
      String method = exchange.getRequestMethod();
      if (parts.length == 1) {
        return switch (method) {
          case "GET" -> show(aor, exchange.getRequestHeaders().getFirst("Accept"));
          case "PUT" -> replace(aor, exchange);
          case "DELETE" -> clear(aor);
          default -> notAllowed("GET, PUT, DELETE");
        };
      }
      if (!parts[1].equals("rule") || parts.length > 3) {
        return error(404, "use " + PATH + "/{aor}/rule or " + PATH + "/{aor}/rule/{id}");
      }
      if (parts.length == 2) {
        return method.equals("POST") ? addRule(aor, exchange) : notAllowed("POST");
      }
      return method.equals("DELETE") ? removeRule(aor, parts[2]) : notAllowed("DELETE");
    });
  }

  private HttpReply show(String aor, String accept) {
    Optional<PresenceRules> rules = current(ResourceKeys.of("presence", aor));
    if (rules.isEmpty()) {
      return error(404, "no rules for " + aor);
    }
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains(PresRulesDocument.CONTENT_TYPE)) {
      return new HttpReply(200, PresRulesDocument.CONTENT_TYPE, PresRulesDocument.toXml(rules.get()), null);
    }
    return json(200, RulesJson.of(rules.get()));
  }

  private HttpReply replace(String aor, HttpExchange exchange) throws IOException {
    String type = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (!type.equals(PresRulesDocument.CONTENT_TYPE) && !type.equals(JSON)) {
      return error(415, "send " + PresRulesDocument.CONTENT_TYPE + " or " + JSON);
    }
    Optional<byte[]> body = body(exchange);
    if (body.isEmpty()) {
      return error(413, "a rule set is at most " + MAX_BODY_BYTES + " bytes");
    }
    synchronized (this) {
      long stamp = nextStamp();
      ImportResult result = type.equals(JSON) ? fromJson(body.get(), aor, stamp)
          : PresRulesDocument.parse(body.get(), aor, stamp);
      if (result instanceof ImportResult.Rejected rejected) {
        return error(400, rejected.reason());
      }
      ImportResult.Imported imported = (ImportResult.Imported) result;
      return write(aor, imported.rules(), imported.warnings(), null);
    }
  }

  private static ImportResult fromJson(byte[] body, String aor, long stamp) {
    try {
      return RulesJson.toRules(Json.read(new String(body, StandardCharsets.UTF_8), RulesJson.RuleSet.class), aor, stamp);
    } catch (UncheckedIOException e) {
      return new ImportResult.Rejected(e.getMessage());
    }
  }

  private HttpReply addRule(String aor, HttpExchange exchange) throws IOException {
    Optional<byte[]> body = body(exchange);
    if (body.isEmpty()) {
      return error(413, "a rule is at most " + MAX_BODY_BYTES + " bytes");
    }
    RulesJson.RuleInput input;
    try {
      input = Json.read(new String(body.get(), StandardCharsets.UTF_8), RulesJson.RuleInput.class);
    } catch (UncheckedIOException e) {
      return error(400, e.getMessage());
    }
    synchronized (this) {
      List<PresenceRule> rules = new ArrayList<>(currentRules(aor));
      PresenceRule rule;
      try {
        rule = RulesJson.toRule(input, rules);
      } catch (IllegalArgumentException e) {
        return error(400, e.getMessage());
      }
      rules.removeIf(r -> r.getId().equals(rule.getId()));
      rules.add(rule);
      return write(aor, new PresenceRules(aor, rules, "api", nextStamp()), null, rule.getId());
    }
  }

  private HttpReply removeRule(String aor, String id) {
    synchronized (this) {
      List<PresenceRule> rules = new ArrayList<>(currentRules(aor));
      if (!rules.removeIf(r -> r.getId().equals(id))) {
        return error(404, aor + " has no rule " + id);
      }
      return write(aor, new PresenceRules(aor, rules, "api", nextStamp()), null, id);
    }
  }

  private HttpReply clear(String aor) {
    synchronized (this) {
      Optional<String> failure = produce(ResourceKeys.of("presence", aor), null, nextStamp());
      return failure.map(reason -> error(503, reason)).orElseGet(() -> HttpReply.empty(204));
    }
  }

  private List<PresenceRule> currentRules(String aor) {
    return current(ResourceKeys.of("presence", aor)).map(PresenceRules::getRules).orElse(List.of());
  }

  private HttpReply write(String aor, PresenceRules rules, List<String> warnings, String id) {
    Optional<String> failure = produce(ResourceKeys.of("presence", aor), rules, rules.getUpdatedAtMs());
    if (failure.isPresent()) {
      return error(503, failure.get());
    }
    return json(200, new Answer(RulesJson.of(rules), warnings, id, null));
  }

  /** Writes {@code rules} (null: a tombstone) and waits for the broker; the failure, if any. */
  private Optional<String> produce(String key, PresenceRules rules, long stampMs) {
    try {
      producer.send(new ProducerRecord<>(topic, key, rules)).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while writing the rules");
    } catch (ExecutionException | TimeoutException e) {
      log.warn("could not write rules of {}: {}", key, e.toString());
      return Optional.of("could not write the rules to Kafka: " + e.getMessage());
    }
    if (written.size() >= MAX_REMEMBERED) {
      written.clear();
    }
    written.put(key, new Written(rules, stampMs));
    return Optional.empty();
  }

  /** The lookup's rules, unless this instance wrote something newer it does not show yet. */
  private Optional<PresenceRules> current(String key) {
    Optional<PresenceRules> stored = lookup.apply(key);
    Written mine = written.get(key);
    if (mine == null) {
      return stored;
    }
    boolean caughtUp = mine.rules() == null ? stored.isEmpty()
        : stored.isPresent() && stored.get().getUpdatedAtMs() >= mine.atMs();
    if (caughtUp || stored.map(s -> s.getUpdatedAtMs() > mine.atMs()).orElse(false)) {
      written.remove(key, mine);
      return stored;
    }
    return Optional.ofNullable(mine.rules());
  }

  /** Milliseconds of the clock, rising strictly, so the newer of two records is always known. */
  private long nextStamp() {
    lastStampMs = Math.max(clock.millis(), lastStampMs + 1);
    return lastStampMs;
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** The request body, or empty if it is larger than {@link #MAX_BODY_BYTES}. */
  private static Optional<byte[]> body(HttpExchange exchange) throws IOException {
    return HttpReply.body(exchange, MAX_BODY_BYTES);
  }

  private static HttpReply json(int status, Object value) {
    return HttpReply.json(status, value);
  }

  private static HttpReply error(int status, String reason) {
    return json(status, new Answer(null, null, null, reason));
  }

  private static HttpReply notAllowed(String allow) {
    return error(405, "method not allowed; use " + allow).withAllow(allow);
  }
}
