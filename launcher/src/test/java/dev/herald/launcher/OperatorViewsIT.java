package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.Json;
import dev.herald.testkit.FlowAgent;
import dev.herald.testkit.FlowAgent.Message;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator views against a running Herald with real subscriptions: a phone behind a NAT over
 * UDP and one on a TCP connection watch bob, who PUBLISHes and REGISTERs; alice also watches dan's
 * dialogs. Each route of {@code /api/} and each command shows them.
 */
class OperatorViewsIT {

  private static final String BOB = "sip:bob@example.com";
  private static final String DAN = "sip:dan@example.com";
  private static final String PRIVATE = "127.0.0.2";
  private static final String INSTANCE = "<urn:uuid:00000000-0000-4000-8000-000000000b0b>";

  @TempDir
  static Path dataDir;

  private static Herald herald;
  private static int adminPort;
  private static final List<FlowAgent> agents = new ArrayList<>();
  private static String entityTag;

  @BeforeAll
  static void startAndSubscribe() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    herald = new Herald(settings).start();
    adminPort = settings.adminPort();
    SipChecks.awaitHealthy(settings);
    InetSocketAddress sip = new InetSocketAddress("127.0.0.1", settings.sipPort());

    FlowAgent bob = agent(FlowAgent.udp("bob", sip, "127.0.0.1"));
    bob.send("REGISTER", BOB, null, List.of("Expires: 600",
        "Contact: <sip:bob@127.0.0.1:5060>;+sip.instance=\"" + INSTANCE + "\""), null);
    assertThat(answer(bob).status()).as("the REGISTER's answer").isEqualTo(200);
    entityTag = FlowsIT.publish(bob, BOB, "open", "at my desk", null);

    FlowAgent aliceOverUdp = agent(FlowAgent.udp("alice", sip, PRIVATE));
    FlowsIT.subscribe(aliceOverUdp, BOB, null);
    FlowsIT.nextRequest(aliceOverUdp, "NOTIFY");
    FlowAgent carolOverTcp = agent(FlowAgent.tcp("carol", sip, PRIVATE));
    FlowsIT.subscribe(carolOverTcp, BOB, null);
    FlowsIT.nextRequest(carolOverTcp, "NOTIFY");
    FlowAgent aliceOnDialogs = agent(FlowAgent.udp("alice", sip, "127.0.0.1"));
    aliceOnDialogs.send("SUBSCRIBE", DAN, null, List.of("Event: dialog", "Expires: 600"), null);
    assertThat(answer(aliceOnDialogs).status()).as("the dialog SUBSCRIBE's answer").isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    for (FlowAgent agent : agents) {
      agent.close();
    }
    if (herald != null) {
      herald.close();
    }
  }

  @Test
  void presentityShowsTheComposedDocumentAndThePublicationWithItsEntityTagSourceAndExpiry() throws Exception {
    JsonNode presentity = get("/api/presentities/" + BOB);
    assertThat(presentity.path("resource").asText()).isEqualTo("presence|" + BOB);
    assertThat(presentity.path("document").asText()).contains("<basic>open</basic>", "at my desk");
    assertThat(presentity.path("owner").asText()).isEqualTo("127.0.0.1:" + adminPort);
    assertThat(presentity.path("publications")).hasSize(1);
    JsonNode publication = presentity.path("publications").get(0);
    assertThat(publication.path("entityTag").asText()).isEqualTo(entityTag);
    assertThat(publication.path("source").asText()).isEqualTo(BOB);
    assertThat(publication.path("expiresInS").asLong()).isBetween(1L, 3600L);
  }

  @Test
  void presentitiesListsEveryPresentityWithPublicationsWithItsCounts() throws Exception {
    JsonNode page = get("/api/presentities?event=presence");
    assertThat(page.path("items")).hasSize(1);
    JsonNode bob = page.path("items").get(0);
    assertThat(bob.path("presentity").asText()).isEqualTo(BOB);
    assertThat(bob.path("publications").asInt()).isEqualTo(1);
    assertThat(bob.path("watchers").asInt()).isEqualTo(2);
    assertThat(get("/api/presentities?event=dialog").path("items")).as("dan's dialogs publish nothing").isEmpty();
  }

  @Test
  void watchersShowsEachWatcherActiveWithTheFlowItsSubscribeCameOn() throws Exception {
    JsonNode page = get("/api/watchers/" + BOB + "?event=presence");
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("next").isNull()).isTrue();
    JsonNode alice = watcher(page, "sip:alice@example.com");
    assertThat(alice.path("state").asText()).isEqualTo("active");
    assertThat(alice.path("expiresInS").asLong()).isBetween(1L, 600L);
    assertThat(alice.path("flow").path("transport").asText()).isEqualTo("udp");
    assertThat(alice.path("flow").path("remote").asText()).startsWith("127.0.0.1:");
    assertThat(alice.path("flow").path("natted").asBoolean()).as("Via names 127.0.0.2, packets come from 127.0.0.1")
        .isTrue();
    assertThat(alice.path("flow").path("edge").asText()).isNotEmpty();
    JsonNode carol = watcher(page, "sip:carol@example.com");
    assertThat(carol.path("state").asText()).isEqualTo("active");
    assertThat(carol.path("flow").path("transport").asText()).isEqualTo("tcp");
    assertThat(carol.path("flow").path("remote").asText()).startsWith("127.0.0.1:");
  }

  @Test
  void watchersComeAPageAtATimeFromTheCursorOfThePageBefore() throws Exception {
    JsonNode first = get("/api/watchers/" + BOB + "?limit=1");
    assertThat(first.path("items")).hasSize(1);
    String next = first.path("next").asText();
    assertThat(next).isNotEmpty();
    JsonNode second = get("/api/watchers/" + BOB + "?limit=1&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    assertThat(second.path("items")).hasSize(1);
    assertThat(second.path("next").isNull()).isTrue();
    assertThat(second.path("items").get(0).path("watcher").asText())
        .isNotEqualTo(first.path("items").get(0).path("watcher").asText());
  }

  @Test
  void subscriptionsListsEverySubscriptionAWatcherHoldsOfAnyPackage() throws Exception {
    JsonNode page = get("/api/subscriptions?watcher=" + URLEncoder.encode("sip:alice@example.com", StandardCharsets.UTF_8));
    assertThat(page.path("items")).hasSize(2);
    assertThat(StreamSupport.stream(page.path("items").spliterator(), false)
        .map(s -> s.path("event").asText() + " " + s.path("presentity").asText()))
        .containsExactlyInAnyOrder("presence " + BOB, "dialog " + DAN);
  }

  @Test
  void bindingsShowsTheRegisteredContactWithExpiryInstanceIdAndFlow() throws Exception {
    JsonNode page = get("/api/bindings/" + BOB);
    assertThat(page.path("items")).hasSize(1);
    JsonNode binding = page.path("items").get(0);
    assertThat(binding.path("contact").asText()).isEqualTo("sip:bob@127.0.0.1:5060");
    assertThat(binding.path("instanceId").asText()).isEqualTo(INSTANCE);
    assertThat(binding.path("expiresInS").asLong()).isBetween(1L, 600L);
    assertThat(binding.path("flow").path("transport").asText()).isEqualTo("udp");
  }

  @Test
  void statsCountsPublicationsSubscriptionsByPackageAndStateAndBindingsByDomain() throws Exception {
    JsonNode stats = get("/api/stats");
    assertThat(stats.path("publications").asLong()).isEqualTo(1);
    assertThat(stats.path("subscriptions").asLong()).isEqualTo(3);
    assertThat(stats.path("bindings").asLong()).isEqualTo(1);
    assertThat(stats.path("byPackage").path("presence").path("active").asLong()).isEqualTo(2);
    assertThat(stats.path("byPackage").path("dialog").path("subscriptions").asLong()).isEqualTo(1);
    assertThat(stats.path("byDomain").path("example.com").path("subscriptions").asLong()).isEqualTo(3);
    assertThat(stats.path("byDomain").path("example.com").path("bindings").asLong()).isEqualTo(1);
    assertThat(stats.path("instances")).hasSize(1);
  }

  @Test
  void aPathWithoutAUriIsRefusedAsSuch() throws Exception {
    HttpResponse<String> response = send("/api/watchers/alice");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(send("/api/subscriptions").statusCode()).isEqualTo(400);
    assertThat(send("/api/watchers/" + BOB + "?limit=0").statusCode()).isEqualTo(400);
  }

  @Test
  void theCommandsPrintTheSameAsTables() {
    CliRun presentity = CliRun.herald(adminPort, "presentity", BOB);
    assertThat(presentity.exitCode()).as(presentity.err()).isZero();
    assertThat(presentity.out()).contains(entityTag, BOB, "<basic>open</basic>", "ENTITY-TAG");

    CliRun presentities = CliRun.herald(adminPort, "presentities");
    assertThat(presentities.exitCode()).as(presentities.err()).isZero();
    assertThat(presentities.out()).contains("1 presentity", BOB);

    CliRun watchers = CliRun.herald(adminPort, "watchers", BOB);
    assertThat(watchers.exitCode()).as(watchers.err()).isZero();
    assertThat(watchers.out()).contains("2 watchers", "sip:alice@example.com", "sip:carol@example.com", "udp",
        "tcp", "active");

    CliRun subscriptions = CliRun.herald(adminPort, "subscriptions", "--watcher", "sip:alice@example.com");
    assertThat(subscriptions.exitCode()).as(subscriptions.err()).isZero();
    assertThat(subscriptions.out()).contains("2 subscriptions", BOB, DAN, "dialog");

    CliRun bindings = CliRun.herald(adminPort, "bindings", BOB);
    assertThat(bindings.exitCode()).as(bindings.err()).isZero();
    assertThat(bindings.out()).contains("1 binding", "sip:bob@127.0.0.1:5060", INSTANCE);

    CliRun stats = CliRun.herald(adminPort, "stats");
    assertThat(stats.exitCode()).as(stats.err()).isZero();
    assertThat(stats.out()).contains("publications 1", "subscriptions 3", "bindings 1", "example.com");
  }

  @Test
  void theCommandsPrintTheApisJsonWithJson() {
    CliRun watchers = CliRun.herald(adminPort, "watchers", BOB, "--json");
    assertThat(watchers.exitCode()).as(watchers.err()).isZero();
    assertThat(Json.read(watchers.out(), JsonNode.class).path("items")).hasSize(2);

    CliRun presentity = CliRun.herald(adminPort, "presentity", BOB, "--json");
    assertThat(Json.read(presentity.out(), JsonNode.class).path("publications").get(0).path("entityTag").asText())
        .isEqualTo(entityTag);

    CliRun stats = CliRun.herald(adminPort, "stats", "--json");
    assertThat(Json.read(stats.out(), JsonNode.class).path("bindings").asLong()).isEqualTo(1);
  }

  @Test
  void aCommandOnAUriThatIsNoneSaysSoAndFails() {
    CliRun run = CliRun.herald(adminPort, "watchers", "alice");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("not a sip:", "HTTP 400");
  }

  private static FlowAgent agent(FlowAgent agent) {
    agents.add(agent);
    return agent;
  }

  private static Message answer(FlowAgent agent) throws InterruptedException {
    Message message = agent.next(SipChecks.ANSWER);
    assertThat(message).as("an answer within %s", SipChecks.ANSWER).isNotNull();
    return message;
  }

  private static JsonNode watcher(JsonNode page, String uri) {
    return StreamSupport.stream(page.path("items").spliterator(), false)
        .filter(s -> s.path("watcher").asText().equals(uri)).findFirst()
        .orElseThrow(() -> new AssertionError("no watcher " + uri + " in " + page));
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send(path);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return Json.read(response.body(), JsonNode.class);
  }

  private static HttpResponse<String> send(String path) throws Exception {
    return HttpClient.newHttpClient().send(SipChecks.adminRequest(adminPort, path).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
