package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.FreePorts;
import dev.herald.common.Json;
import dev.herald.launcher.ClusterSettings.Role;
import dev.herald.testkit.FlowAgent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator views with two processor instances of one application in one JVM, each owning some
 * of the resources' partitions: either admin port answers for every resource (the other instance's
 * through a forward) and counts and lists over both.
 */
class OperatorViewsTwoProcessorsIT {

  private static final int PRESENTITIES = 12;
  private static final String ALICE = "sip:alice@example.com";

  @TempDir
  Path dataDir;

  private final List<Herald> nodes = new ArrayList<>();
  private final List<FlowAgent> agents = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (FlowAgent agent : agents) {
      agent.close();
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  @Test
  void eitherInstanceAnswersForEveryResourceAndCountsAndListsOverBoth() throws Exception {
    int sipPort = FreePorts.findFreeSipPort("127.0.0.1");
    Herald first = started(new Herald(HeraldSettings.builder().sipHost("127.0.0.1").sipPort(sipPort)
        .adminHost("127.0.0.1").adminPort(0).dataDir(dataDir.resolve("first")).build()));
    Herald second = started(new Herald(HeraldSettings.builder().sipHost("127.0.0.1").sipPort(sipPort)
        .adminHost("127.0.0.1").adminPort(0).dataDir(dataDir.resolve("second"))
        .bootstrapServers(Optional.of(first.bootstrapServers())).build())
        .withCluster(new ClusterSettings(Set.of(Role.PROCESSOR), 2, (short) 1, false))
        // One token file for both, as a cluster shares one: a request forwarded to the other
        // instance carries the caller's token.
        .withAdminAuth(new AdminAuthSettings(true,
            Optional.of(dataDir.resolve("first").resolve(AdminAuthSettings.TOKENS_FILE)), Optional.empty(),
            Optional.empty())));
    SipChecks.register(first.adminPort(), dataDir.resolve("first"));
    SipChecks.register(second.adminPort(), dataDir.resolve("first"));
    List<Integer> admins = List.of(first.adminPort(), second.adminPort());
    await().atMost(Duration.ofSeconds(90)).until(() -> bothInstancesServe(admins.get(0))
        && bothInstancesServe(admins.get(1)));

    InetSocketAddress sip = new InetSocketAddress("127.0.0.1", sipPort);
    FlowAgent publisher = agent(FlowAgent.udp("publisher", sip, "127.0.0.1"));
    List<String> presentities = new ArrayList<>();
    for (int i = 0; i < PRESENTITIES; i++) {
      String presentity = "sip:p" + i + "@example.com";
      presentities.add(presentity);
      FlowsIT.publish(publisher, presentity, "open", "desk " + i, null);
      FlowAgent alice = agent(FlowAgent.udp("alice", sip, "127.0.0.1"));
      FlowsIT.subscribe(alice, presentity, null);
      FlowsIT.nextRequest(alice, "NOTIFY");
    }

    Set<String> owners = new HashSet<>();
    for (int port : admins) {
      for (String presentity : presentities) {
        JsonNode view = get(port, "/api/presentities/" + presentity);
        assertThat(view.path("publications")).as("%s asked at %s", presentity, port).hasSize(1);
        owners.add(view.path("owner").asText());
        assertThat(get(port, "/api/watchers/" + presentity).path("items")).hasSize(1);
      }
      JsonNode stats = get(port, "/api/stats");
      assertThat(stats.path("publications").asLong()).isEqualTo(PRESENTITIES);
      assertThat(stats.path("subscriptions").asLong()).isEqualTo(PRESENTITIES);
      assertThat(stats.path("instances")).hasSize(2);
      assertThat(allSubscriptionsOf(port, ALICE)).containsExactlyInAnyOrderElementsOf(presentities);
    }
    assertThat(owners).as("the resources are spread over both instances")
        .containsExactlyInAnyOrder("127.0.0.1:" + first.adminPort(), "127.0.0.1:" + second.adminPort());

    CliRun stats = CliRun.herald(second.adminPort(), "stats");
    assertThat(stats.exitCode()).as(stats.err()).isZero();
    assertThat(stats.out()).contains("publications " + PRESENTITIES, "2 processor instances");
    CliRun subscriptions = CliRun.herald(first.adminPort(), "subscriptions", "--watcher", ALICE);
    assertThat(subscriptions.out()).contains(PRESENTITIES + " subscriptions");
  }

  /** Whether the instance at {@code port} is ready and its stats count both instances. */
  private static boolean bothInstancesServe(int port) throws Exception {
    if (send(port, "/health/ready").statusCode() != 200) {
      return false;
    }
    HttpResponse<String> stats = send(port, "/api/stats");
    return stats.statusCode() == 200 && Json.read(stats.body(), JsonNode.class).path("instances").size() == 2;
  }

  /** The presentities of every subscription of {@code watcher}, read five a page. */
  private static List<String> allSubscriptionsOf(int port, String watcher) throws Exception {
    List<String> presentities = new ArrayList<>();
    String after = "";
    do {
      JsonNode page = get(port, "/api/subscriptions?limit=5&watcher=" + URLEncoder.encode(watcher, StandardCharsets.UTF_8)
          + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      assertThat(page.path("items").size()).isLessThanOrEqualTo(5);
      page.path("items").forEach(s -> presentities.add(s.path("presentity").asText()));
      after = page.path("next").isNull() ? null : page.path("next").asText();
    } while (after != null);
    return presentities;
  }

  private Herald started(Herald herald) throws Exception {
    nodes.add(herald);
    return herald.start();
  }

  private FlowAgent agent(FlowAgent agent) {
    agents.add(agent);
    return agent;
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> response = send(port, path);
    assertThat(response.statusCode()).as("GET %s at %s: %s", path, port, response.body()).isEqualTo(200);
    return Json.read(response.body(), JsonNode.class);
  }

  private static HttpResponse<String> send(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(SipChecks.adminRequest(port, path).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
