package dev.herald.registrant.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.avro.RegistrantStatus;
import dev.herald.common.AdminServer;
import dev.herald.common.Json;
import dev.herald.common.Metrics;
import dev.herald.common.kafka.TopicCache;
import dev.herald.registrant.accounts.AccountLimits;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/registrants} against a real broker. The topics are shared with other tests, so each
 * test names its accounts with a prefix of its own and looks only at those.
 */
class RegistrantsApiIT {

  private static final Duration SETTLE = Duration.ofSeconds(20);

  private final String user = "u" + UUID.randomUUID().toString().substring(0, 8);
  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private KafkaProducer<String, RegistrantStatus> statusWriter;
  private int port;

  @BeforeEach
  void start() throws Exception {
    KafkaFixture kafka = KafkaFixture.shared();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);
    }
    TopicCache<String, RegistrantAccount> accounts = new TopicCache<>("accounts-it",
        Topics.REGISTRANT_ACCOUNTS.name(), kafka.clientConfig(), Topics.REGISTRANT_ACCOUNTS.keySerde().deserializer(),
        Topics.REGISTRANT_ACCOUNTS.valueSerde().deserializer()).start();
    TopicCache<String, RegistrantStatus> statuses = new TopicCache<>("status-it",
        Topics.REGISTRANT_STATUS.name(), kafka.clientConfig(), Topics.REGISTRANT_STATUS.keySerde().deserializer(),
        Topics.REGISTRANT_STATUS.valueSerde().deserializer()).start();
    KafkaProducer<String, RegistrantAccount> accountWriter = new KafkaProducer<>(kafka.clientConfig(),
        Topics.REGISTRANT_ACCOUNTS.keySerde().serializer(), Topics.REGISTRANT_ACCOUNTS.valueSerde().serializer());
    KafkaProducer<String, RegistrantCommand> commandWriter = new KafkaProducer<>(kafka.clientConfig(),
        Topics.REGISTRANT_COMMANDS.keySerde().serializer(), Topics.REGISTRANT_COMMANDS.valueSerde().serializer());
    statusWriter = new KafkaProducer<>(kafka.clientConfig(), Topics.REGISTRANT_STATUS.keySerde().serializer(),
        Topics.REGISTRANT_STATUS.valueSerde().serializer());
    AdminServer server = new AdminServer("127.0.0.1", 0, Metrics.newRegistry());
    server.route(RegistrantsApi.PATH, new RegistrantsApi(accounts, statuses, accountWriter, commandWriter,
        AccountLimits.defaults(), Clock.systemUTC()));
    server.start();
    port = server.port();
    List.of(accounts, statuses, accountWriter, commandWriter, statusWriter, server).forEach(open::push);
  }

  @AfterEach
  void stop() throws Exception {
    while (!open.isEmpty()) {
      open.pop().close();
    }
  }

  private String aor(String name) {
    return "sip:" + name + "-" + user + "@example.net";
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + RegistrantsApi.PATH + path))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String path(String aor) {
    return "/" + URLEncoder.encode(aor, StandardCharsets.UTF_8);
  }

  private static String account(String password) {
    return "{\"registrar\":\"sip:reg.example.net\",\"username\":\"u\",\"password\":\"" + password
        + "\",\"bindingUri\":\"sip:u@192.0.2.1\",\"expiry\":900}";
  }

  @Test
  void aPutAccountIsShownAtOnceWithoutItsPassword() throws Exception {
    String alice = aor("alice");
    HttpResponse<String> put = send("PUT", path(alice), account("hunter2"));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    HttpResponse<String> one = send("GET", path(alice), "");
    assertThat(one.statusCode()).as("the API waits until its cache shows its own write").isEqualTo(200);
    JsonNode view = Json.read(one.body(), JsonNode.class);
    assertThat(view.get("aor").asText()).isEqualTo(alice);
    assertThat(view.get("expiry").asInt()).isEqualTo(900);
    assertThat(view.get("state").asInt()).isZero();
    assertThat(view.get("stateName").asText()).isEqualTo("NOT_REGISTERED");
    assertThat(one.body()).doesNotContain("hunter2").doesNotContain("password");
    assertThat(send("GET", "", "").body()).contains(alice).doesNotContain("hunter2");
  }

  @Test
  void anAorWithAPlusKeepsItInTheKeyWhetherEncodedOrNot() throws Exception {
    String plus = "sip:+4930" + user.substring(1) + "@example.net";
    assertThat(send("PUT", path(plus), account("pw")).statusCode()).isEqualTo(200);
    HttpResponse<String> raw = send("GET", "/" + plus, "");
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(Json.read(raw.body(), JsonNode.class).get("aor").asText()).isEqualTo(plus);
  }

  @Test
  void aBadAccountIsRefused400WithItsReasons() throws Exception {
    HttpResponse<String> bad = send("PUT", path(aor("bad")),
        "{\"registrar\":\"sip:alice@reg.example.net\",\"bindingUri\":\"sip:u@192.0.2.1\",\"expiry\":10}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("must not have a user part").contains("expiry 10 is not within");
    assertThat(send("PUT", path(aor("bad")), "{not json").statusCode()).isEqualTo(400);
    assertThat(send("PUT", path(aor("bad")), "{\"aor\":\"sip:other@example.net\"," + account("pw").substring(1))
        .body()).contains("differs from the path");
    assertThat(send("GET", path(aor("bad")), "").statusCode()).as("nothing was written").isEqualTo(404);
  }

  @Test
  void anUnknownAccountIs404ForEveryCommand() throws Exception {
    String nobody = path(aor("nobody"));
    assertThat(send("GET", nobody, "").statusCode()).isEqualTo(404);
    assertThat(send("DELETE", nobody, "").statusCode()).isEqualTo(404);
    assertThat(send("POST", nobody + "/enable", "").statusCode()).isEqualTo(404);
    assertThat(send("POST", nobody + "/disable", "").statusCode()).isEqualTo(404);
    HttpResponse<String> register = send("POST", nobody + "/register", "");
    assertThat(register.statusCode()).isEqualTo(404);
    assertThat(register.body()).contains("no registrant account " + aor("nobody"));
  }

  @Test
  void wrongMethodsAndPathsAreRefused() throws Exception {
    HttpResponse<String> delete = send("DELETE", "", "");
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET, POST");
    assertThat(send("GET", path(aor("x")) + "/enable", "").headers().firstValue("Allow")).hasValue("POST");
    assertThat(send("POST", path(aor("x")) + "/reboot", "").statusCode()).isEqualTo(404);
    assertThat(send("GET", path(aor("x")) + "/enable/now", "").statusCode()).isEqualTo(404);
  }

  @Test
  void aLoadAnswersWhatItLoadedRejectedAndNoted() throws Exception {
    String file = "# accounts\n"
        + "sip:reg.example.net,,"
        + aor("a") + ",,a,pw,sip:a@192.0.2.1,,,\n"
        + "sip:reg.example.net,,"
        + aor("b") + ",,b,pw,sip:b@192.0.2.1,,,,grp/3,1\n"
        + "garbage\n";
    HttpResponse<String> load = send("POST", "", file);
    assertThat(load.statusCode()).isEqualTo(200);
    RegistrantsApi.LoadAnswer answer = Json.read(load.body(), RegistrantsApi.LoadAnswer.class);
    assertThat(answer.loaded()).isEqualTo(2);
    assertThat(answer.rejected()).extracting(RegistrantsApi.LineMessage::line).containsExactly(4);
    assertThat(answer.notes()).extracting(RegistrantsApi.LineMessage::line).containsExactly(3);
    assertThat(Json.read(send("GET", path(aor("b")), "").body(), JsonNode.class).get("enabled").asBoolean())
        .isFalse();
  }

  @Test
  void theWorkersStatusIsJoinedToTheAccount() throws Exception {
    String carol = aor("carol");
    send("PUT", path(carol), account("pw"));
    statusWriter.send(new ProducerRecord<>(Topics.REGISTRANT_STATUS.name(), carol, RegistrantStatus.newBuilder()
        .setAccountId(carol).setAor(carol).setRegistrar("sip:reg.example.net").setState(6)
        .setStateName("WRONG_CREDENTIALS").setLastResponse("403 Forbidden").setWorker("w2")
        .setUpdatedAtMs(1L).build())).get();
    await().atMost(SETTLE).untilAsserted(() -> {
      JsonNode view = Json.read(send("GET", path(carol), "").body(), JsonNode.class);
      assertThat(view.get("state").asInt()).isEqualTo(6);
      assertThat(view.get("stateName").asText()).isEqualTo("WRONG_CREDENTIALS");
      assertThat(view.get("lastResponse").asText()).isEqualTo("403 Forbidden");
      assertThat(view.get("worker").asText()).isEqualTo("w2");
    });
  }

  @Test
  void disableThenRegisterIsRefused409AndEnableAllowsIt() throws Exception {
    String dave = aor("dave");
    send("PUT", path(dave), account("pw"));
    assertThat(send("POST", path(dave) + "/disable", "").statusCode()).isEqualTo(200);
    assertThat(send("POST", path(dave) + "/register", "").statusCode()).isEqualTo(409);
    assertThat(send("POST", path(dave) + "/enable", "").statusCode()).isEqualTo(200);
    HttpResponse<String> register = send("POST", path(dave) + "/register", "{\"operator\":\"noc\"}");
    assertThat(register.statusCode()).isEqualTo(202);
    assertThat(send("POST", path(dave) + "/register", "{oops").statusCode()).isEqualTo(400);
  }
}
