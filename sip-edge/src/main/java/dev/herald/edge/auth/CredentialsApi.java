package dev.herald.edge.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.avro.Credential;
import dev.herald.common.Json;
import dev.herald.schemas.ResourceKeys;
import dev.herald.schemas.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/users} of the admin port: {@code GET /api/users} lists the users (never an HA1),
 * {@code PUT /api/users/{username@realm}} with a {@link UserBody} writes a credential,
 * {@code DELETE /api/users/{username@realm}} writes a tombstone. Writes go to herald.credentials
 * and are answered once the broker acknowledged them; passwords never reach this API.
 */
public final class CredentialsApi implements HttpHandler, AutoCloseable {

  public static final String PATH = "/api/users";
  private static final Logger log = LoggerFactory.getLogger(CredentialsApi.class);
  private static final String JSON = "application/json; charset=utf-8";

  /** What a PUT carries: the HA1 values and who the user is. username and realm may be left to the path. */
  public record UserBody(String username, String realm, String ha1Md5, String ha1Sha256, String aor,
      List<String> mayActFor) {}

  /** A user as GET lists it. */
  public record UserView(String username, String realm, String aor, List<String> mayActFor, long updatedAtMs) {}

  private final KafkaProducer<String, Credential> producer;
  private final CredentialStore store;
  private final Clock clock;

  public CredentialsApi(Map<String, Object> kafka, CredentialStore store, Clock clock) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-credentials-api");
    this.producer = new KafkaProducer<>(props, Topics.CREDENTIALS.keySerde().serializer(),
        Topics.CREDENTIALS.valueSerde().serializer());
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String key = path.length() > PATH.length() + 1 ? path.substring(PATH.length() + 1) : "";
      String method = exchange.getRequestMethod();
      try {
        if (key.isEmpty() && method.equals("GET")) {
          send(exchange, 200, Json.write(store.all().stream().map(CredentialsApi::view).toList()));
        } else if (!key.isEmpty() && method.equals("PUT")) {
          Credential credential = credential(key, Json.read(body(exchange), UserBody.class));
          write(key, credential);
          send(exchange, 200, Json.write(view(credential)));
        } else if (!key.isEmpty() && method.equals("DELETE")) {
          if (store.find(usernameOf(key), realmOf(key)).isEmpty()) {
            send(exchange, 404, error("no user " + key));
            return;
          }
          write(key, null);
          send(exchange, 204, "");
        } else {
          exchange.getResponseHeaders().set("Allow", key.isEmpty() ? "GET" : "PUT, DELETE");
          send(exchange, 405, error("method not allowed"));
        }
      } catch (IllegalArgumentException | UncheckedIOException e) {
        send(exchange, 400, error(e.getMessage()));
      } catch (ExecutionException | TimeoutException e) {
        log.warn("cannot write credential {}: {}", key, e.toString());
        send(exchange, 503, error("herald.credentials unavailable: " + e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        send(exchange, 503, error("interrupted"));
      }
    }
  }

  private Credential credential(String key, UserBody body) {
    String username = usernameOf(key);
    String realm = realmOf(key);
    if (body.username() != null && !body.username().equals(username)
        || body.realm() != null && !body.realm().equals(realm)) {
      throw new IllegalArgumentException("username and realm must match the path " + key);
    }
    checkHex("ha1Md5", body.ha1Md5(), DigestAlgorithm.MD5);
    checkHex("ha1Sha256", body.ha1Sha256(), DigestAlgorithm.SHA_256);
    String aor = ResourceKeys.normaliseUri(Objects.requireNonNullElse(body.aor(), ""))
        .filter(uri -> uri.startsWith("sip:") || uri.startsWith("sips:"))
        .orElseThrow(() -> new IllegalArgumentException("aor must be a sip: or sips: URI, was " + body.aor()));
    List<String> mayActFor = body.mayActFor() == null ? List.of() : List.copyOf(body.mayActFor());
    return Credential.newBuilder().setUsername(username).setRealm(realm)
        .setHa1Md5(body.ha1Md5().toLowerCase(java.util.Locale.ROOT))
        .setHa1Sha256(body.ha1Sha256().toLowerCase(java.util.Locale.ROOT))
        .setAor(aor).setMayActFor(mayActFor).setUpdatedAtMs(clock.millis()).build();
  }

  private static void checkHex(String name, String value, DigestAlgorithm algorithm) {
    if (value == null || !value.matches("[0-9a-fA-F]{" + algorithm.hexLength() + "}")) {
      throw new IllegalArgumentException(name + " must be " + algorithm.hexLength() + " hex digits");
    }
  }

  private static String usernameOf(String key) {
    int at = key.lastIndexOf('@');
    if (at <= 0 || at == key.length() - 1) {
      throw new IllegalArgumentException("a user is named username@realm, was " + key);
    }
    return key.substring(0, at);
  }

  private static String realmOf(String key) {
    usernameOf(key);
    return key.substring(key.lastIndexOf('@') + 1);
  }

  private void write(String key, Credential credential)
      throws ExecutionException, InterruptedException, TimeoutException {
    producer.send(new ProducerRecord<>(Topics.CREDENTIALS.name(), key, credential)).get(10, TimeUnit.SECONDS);
  }

  private static UserView view(Credential c) {
    return new UserView(c.getUsername(), c.getRealm(), c.getAor(), List.copyOf(c.getMayActFor()), c.getUpdatedAtMs());
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
  }

  private static String error(String message) {
    return Json.write(Map.of("error", String.valueOf(message)));
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", JSON);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(2));
  }
}
