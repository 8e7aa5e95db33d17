package dev.herald.processor.admin;

import static dev.herald.processor.views.ViewStates.TCP_FLOW;
import static dev.herald.processor.views.ViewStates.UDP_FLOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.avro.SubHandling;
import dev.herald.common.AdminServer;
import dev.herald.common.Json;
import dev.herald.common.Metrics;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.ProcessorConfig;
import dev.herald.processor.ResourceTopology;
import dev.herald.processor.views.Instances;
import dev.herald.processor.views.ResourceSource;
import dev.herald.processor.views.ViewStates;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cross-instance path of the operator views on two real admin servers: each instance holds the
 * resources of its own partitions; a request for a resource the other holds is forwarded there,
 * once; stats and subscriptions by watcher ask both and merge. (Kafka Streams' part, which instance
 * owns a key, is {@code StreamsInstances}; {@code OperatorViewsTwoProcessorsIT} runs it for real.)
 */
class OperatorViewsForwardingTest {

  private static final long NOW = 1_700_000_000_000L;
  private static final String BOB = "presence|sip:bob@example.com";
  private static final String DAN = "presence|sip:dan@example.org";

  private final AdminServer one = new AdminServer("127.0.0.1", 0, Metrics.newRegistry()).start();
  private final AdminServer two = new AdminServer("127.0.0.1", 0, Metrics.newRegistry()).start();
  private final Map<String, String> owners = new ConcurrentHashMap<>();
  private final Map<String, Integer> asked = new ConcurrentHashMap<>();

  @BeforeEach
  void twoInstances() {
    String first = "127.0.0.1:" + one.port();
    String second = "127.0.0.1:" + two.port();
    owners.put(BOB, first);
    owners.put(DAN, second);
    Map<String, ResourceState> held = new HashMap<>();
    held.put(BOB, ViewStates.state(BOB,
        List.of(ViewStates.publication("etag-1", NOW + 60_000, "sip:bob@example.com", "<presence/>")),
        List.of(ViewStates.subscription("sip:bob@example.com", "s1", "presence", "sip:alice@example.com",
            NOW + 60_000, SubHandling.ALLOW, UDP_FLOW)), List.of()));
    held.put(DAN, ViewStates.state(DAN, List.of(),
        List.of(ViewStates.subscription("sip:dan@example.org", "s2", "presence", "sip:alice@example.com",
            NOW + 60_000, SubHandling.CONFIRM, TCP_FLOW)),
        List.of(ViewStates.binding("sip:dan@198.51.100.9:51000;transport=tcp", NOW + 60_000, null, TCP_FLOW))));
    api(first, held, one);
    api(second, held, two);
  }

  @AfterEach
  void stop() {
    one.close();
    two.close();
  }

  /** An instance that holds the resources {@link #owners} gives it, and counts what it is asked. */
  private void api(String self, Map<String, ResourceState> all, AdminServer admin) {
    ResourceSource source = new ResourceSource() {
      @Override
      public ResourceState resource(String resource, OptionalInt partition) {
        asked.merge(self, 1, Integer::sum);
        return self.equals(owners.get(resource)) ? all.get(resource) : null;
      }

      @Override
      public void eachResource(BiConsumer<String, ResourceState> each) {
        asked.merge(self, 1, Integer::sum);
        all.forEach((key, state) -> {
          if (self.equals(owners.get(key))) {
            each.accept(key, state);
          }
        });
      }
    };
    Instances instances = new Instances() {
      @Override
      public String self() {
        return self;
      }

      @Override
      public Optional<Owner> ownerOf(String resource) {
        return Optional.ofNullable(owners.get(resource)).map(owner -> new Owner(owner, OptionalInt.of(0)));
      }

      @Override
      public List<String> all() {
        return List.of("127.0.0.1:" + one.port(), "127.0.0.1:" + two.port());
      }
    };
    new OperatorViewsApi(source, instances, ResourceTopology.packages(ProcessorConfig.defaults(Path.of("state"))),
        Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)).register(admin);
  }

  @Test
  void aResourceTheOtherInstanceHoldsIsAnsweredByItThroughThisOne() throws Exception {
    JsonNode bindings = get(one, "/api/bindings/sip:dan@example.org");
    assertThat(bindings.path("items")).hasSize(1);
    assertThat(bindings.path("items").get(0).path("contact").asText()).startsWith("sip:dan@198.51.100.9");
    assertThat(asked.get("127.0.0.1:" + two.port())).as("read by the owner").isEqualTo(1);
    assertThat(asked.get("127.0.0.1:" + one.port())).as("not read where it is not held").isNull();

    JsonNode presentity = get(two, "/api/presentities/sip:bob@example.com");
    assertThat(presentity.path("owner").asText()).isEqualTo("127.0.0.1:" + one.port());
    assertThat(presentity.path("publications").get(0).path("entityTag").asText()).isEqualTo("etag-1");
  }

  @Test
  void aForwardedRequestForAResourceNotHeldThereIsNotForwardedAgain() throws Exception {
    HttpResponse<String> response = send(two, "/api/watchers/sip:bob@example.com",
        Map.of(ViewForwarder.FORWARDED, "127.0.0.1:" + one.port()));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("does not hold");
    assertThat(asked.get("127.0.0.1:" + one.port())).as("the other instance was not asked").isNull();
  }

  @Test
  void theCallersCredentialsGoAlongToTheOwner() throws Exception {
    Map<String, String> seen = new ConcurrentHashMap<>();
    AdminServer guarded = new AdminServer("127.0.0.1", 0, Metrics.newRegistry()).start();
    try {
      guarded.route("/api/bindings", exchange -> {
        seen.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        seen.put("forwarded", String.valueOf(exchange.getRequestHeaders().getFirst(ViewForwarder.FORWARDED)));
        exchange.sendResponseHeaders(200, 2);
        exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
        exchange.close();
      });
      owners.put(DAN, "127.0.0.1:" + guarded.port());
      send(one, "/api/bindings/sip:dan@example.org", Map.of("Authorization", "Bearer read-token"));
      assertThat(seen).containsEntry("authorization", "Bearer read-token")
          .containsEntry("forwarded", "127.0.0.1:" + one.port());
    } finally {
      guarded.close();
    }
  }

  @Test
  void statsAskBothInstancesAndAddUp() throws Exception {
    for (AdminServer asking : List.of(one, two)) {
      JsonNode stats = get(asking, "/api/stats");
      assertThat(stats.path("resources").asLong()).isEqualTo(2);
      assertThat(stats.path("subscriptions").asLong()).isEqualTo(2);
      assertThat(stats.path("byPackage").path("presence").path("pending").asLong()).isEqualTo(1);
      assertThat(stats.path("byDomain").path("example.org").path("bindings").asLong()).isEqualTo(1);
      assertThat(stats.path("instances")).hasSize(2);
    }
  }

  @Test
  void everyPresentityWithPublicationsIsListedWhicheverInstanceHoldsIt() throws Exception {
    JsonNode page = get(two, "/api/presentities");
    assertThat(page.path("items")).hasSize(1);
    assertThat(page.path("items").get(0).path("presentity").asText()).isEqualTo("sip:bob@example.com");
    assertThat(page.path("items").get(0).path("expiresInS").asLong()).isEqualTo(60);
  }

  @Test
  void aWatchersSubscriptionsOnBothInstancesMergeIntoPages() throws Exception {
    String watcher = URLEncoder.encode("sip:alice@example.com", StandardCharsets.UTF_8);
    JsonNode first = get(two, "/api/subscriptions?watcher=" + watcher + "&limit=1");
    assertThat(first.path("items")).hasSize(1);
    assertThat(first.path("items").get(0).path("presentity").asText()).isEqualTo("sip:bob@example.com");
    JsonNode second = get(two, "/api/subscriptions?watcher=" + watcher + "&limit=1&after="
        + URLEncoder.encode(first.path("next").asText(), StandardCharsets.UTF_8));
    assertThat(second.path("items")).hasSize(1);
    assertThat(second.path("items").get(0).path("presentity").asText()).isEqualTo("sip:dan@example.org");
    assertThat(second.path("items").get(0).path("state").asText()).isEqualTo("pending");
    assertThat(second.path("next").isNull()).isTrue();
  }

  @Test
  void theViewsOnlyReadAndKnowNoOtherPath() throws Exception {
    HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + one.port() + "/api/stats")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(send(one, "/api/watchers/sip:bob@example.com/more", Map.of()).statusCode()).isEqualTo(404);
    assertThat(send(one, "/api/statsx", Map.of()).statusCode()).isEqualTo(404);
    assertThat(send(one, "/api/watchers/sip:bob@example.com?event=no-such-package", Map.of()).statusCode())
        .isEqualTo(400);
  }

  @Test
  void anInstanceThatDoesNotAnswerMakesAScanFailAsSuch() throws Exception {
    two.close();
    HttpResponse<String> response = send(one, "/api/stats", Map.of());
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("did not answer");
  }

  private static JsonNode get(AdminServer admin, String path) throws Exception {
    HttpResponse<String> response = send(admin, path, Map.of());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return Json.read(response.body(), JsonNode.class);
  }

  private static HttpResponse<String> send(AdminServer admin, String path, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path));
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
