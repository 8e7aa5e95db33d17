package dev.herald.processor.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.avro.AdminCommand;
import dev.herald.avro.RequestEvent;
import dev.herald.common.AdminServer;
import dev.herald.common.Json;
import dev.herald.common.Metrics;
import dev.herald.packages.spi.EventPackages;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package commands API on a real broker: what it refuses, and what a command writes to the request log. */
class PackageCommandsApiIT {

  private static KafkaFixture kafka;
  private static KafkaProducer<String, RequestEvent> producer;
  private static AdminServer admin;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaFixture.shared();
    try (Admin client = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(client, (short) 1, 30_000).ensureTopics(Topics.ALL);
    }
    producer = new KafkaProducer<>(kafka.clientConfig(), Topics.REQUESTS.keySerde().serializer(),
        Topics.REQUESTS.valueSerde().serializer());
    admin = new AdminServer("127.0.0.1", 0, Metrics.newRegistry());
    admin.route(PackageCommandsApi.PATH,
        new PackageCommandsApi(producer, EventPackages.installed(), Clock.systemUTC()));
    admin.start();
  }

  @AfterAll
  static void stop() {
    admin.close();
    producer.close();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + PackageCommandsApi.PATH
        + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) {
    return Json.read(response.body(), JsonNode.class).path("error").asText();
  }

  @Test
  void thePackagesAndTheirCommandsAreListed() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + admin.port() + PackageCommandsApi.PATH)).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode mwi = null;
    for (JsonNode pkg : Json.read(response.body(), JsonNode.class)) {
      if (pkg.path("name").asText().equals("message-summary")) {
        mwi = pkg;
      }
    }
    assertThat(mwi).as(response.body()).isNotNull();
    assertThat(mwi.path("commandWord").asText()).isEqualTo("mwi");
    assertThat(mwi.path("commands").get(0).path("name").asText()).isEqualTo("set");
  }

  @Test
  void aCommandIsWrittenToTheRequestLogKeyedByItsResource() throws Exception {
    String mailbox = "sip:" + KafkaFixture.uniqueName("box") + "@example.com";

    HttpResponse<String> response = post("/message-summary/set",
        "{\"uri\": \"" + mailbox + "\", \"args\": {\"new\": \"2\", \"old\": \"8\"}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String resource = "message-summary|" + mailbox;
    assertThat(Json.read(response.body(), JsonNode.class).path("resource").asText()).isEqualTo(resource);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(written(resource)).singleElement()
        .satisfies(command -> {
          assertThat(command.getCommand()).isEqualTo("set");
          assertThat(command.getArgs()).isEqualTo(Map.of("new", "2", "old", "8"));
          assertThat(command.getOperator()).isEqualTo("admin-api");
        }));
  }

  @Test
  void whatTheCommandCannotTakeIsRefusedAndNothingIsWritten() throws Exception {
    String mailbox = "sip:" + KafkaFixture.uniqueName("refused") + "@example.com";

    String uri = "{\"uri\": \"" + mailbox + "\"";
    HttpResponse<String> badCount = post("/message-summary/set", uri + ", \"args\": {\"new\": \"x\"}}");
    HttpResponse<String> unknownArg = post("/message-summary/set", uri + ", \"args\": {\"red\": \"1\"}}");
    HttpResponse<String> badUri = post("/message-summary/set", "{\"uri\": \"mailbox 7\"}");
    HttpResponse<String> notJson = post("/message-summary/set", "{\"uri\": ");
    HttpResponse<String> unknownCommand = post("/message-summary/reset", uri + "}");
    HttpResponse<String> unknownPackage = post("/weather/set", uri + "}");
    HttpResponse<String> tooLarge = post("/message-summary/set", "{\"uri\": \"" + "x".repeat(9000) + "\"}");

    assertThat(badCount.statusCode()).isEqualTo(400);
    assertThat(error(badCount)).contains("--new must be a whole number");
    assertThat(unknownArg.statusCode()).isEqualTo(400);
    assertThat(error(unknownArg)).contains("takes no argument 'red'");
    assertThat(badUri.statusCode()).isEqualTo(400);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(unknownCommand.statusCode()).isEqualTo(404);
    assertThat(error(unknownCommand)).contains("takes no command reset");
    assertThat(unknownPackage.statusCode()).isEqualTo(404);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(written("message-summary|" + mailbox)).isEmpty();
  }

  /** The admin commands the request log holds for {@code resource}. */
  private static List<AdminCommand> written(String resource) {
    Map<String, Object> config = new java.util.HashMap<>(kafka.clientConfig());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueName("commands-reader"));
    List<AdminCommand> found = new ArrayList<>();
    try (KafkaConsumer<String, RequestEvent> consumer = new KafkaConsumer<>(config,
        Topics.REQUESTS.keySerde().deserializer(), Topics.REQUESTS.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.REQUESTS.name()));
      long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < end) {
        for (ConsumerRecord<String, RequestEvent> record : consumer.poll(Duration.ofMillis(200))) {
          if (resource.equals(record.key()) && record.value().getPayload() instanceof AdminCommand command) {
            found.add(command);
          }
        }
      }
    }
    return found;
  }
}
