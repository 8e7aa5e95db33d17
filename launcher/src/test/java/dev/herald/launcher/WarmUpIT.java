package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.PresenceState;
import dev.herald.avro.RequestEvent;
import dev.herald.common.FreePorts;
import dev.herald.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Herald exercises itself through its SIP port before it says it is ready, and leaves nothing behind. */
class WarmUpIT {

  @TempDir
  Path dataDir;

  @Test
  void healthSaysWarmingUpUntilTheWarmUpRanThroughKafkaAndNoWarmUpPublicationIsLeft() throws Exception {
    int adminPort = FreePorts.findFreePort();
    HeraldSettings settings = SipChecks.register(HeraldSettings.builder().sipHost("127.0.0.1")
        .sipPort(FreePorts.findFreeSipPort("127.0.0.1")).adminHost("127.0.0.1").adminPort(adminPort).dataDir(dataDir)
        .build());
    Herald herald = new Herald(settings).withWarmUp(new WarmUpSettings(Duration.ofSeconds(4), 200));
    try {
      CompletableFuture<Herald> started = CompletableFuture.supplyAsync(() -> {
        try {
          return herald.start();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
        HttpResponse<String> health = health(adminPort);
        return health != null && health.statusCode() == 503 && health.body().contains("warming up");
      });
      assertThat(started).as("start returns only after the warm-up").isNotDone();

      started.get(90, TimeUnit.SECONDS);
      assertThat(health(adminPort).statusCode()).isEqualTo(200);

      List<RequestEvent> requests = LogReader.all(herald.bootstrapServers(), Topics.REQUESTS.name(),
          Topics.REQUESTS.valueSerde().deserializer());
      assertThat(requests).as("warm-up requests went through the request log")
          .anySatisfy(r -> assertThat(String.valueOf(r.getResource())).contains("@" + WarmUp.DOMAIN));
      Map<String, List<PresenceState>> states = LogReader.byKey(herald.bootstrapServers(), Topics.PRESENCE_STATE.name(),
          Topics.PRESENCE_STATE.valueSerde().deserializer());
      List<String> warmUpResources = states.keySet().stream().filter(key -> key.contains("@" + WarmUp.DOMAIN)).toList();
      assertThat(warmUpResources).as("warm-up presentities were published").isNotEmpty();
      assertThat(warmUpResources).allSatisfy(key -> {
        PresenceState last = states.get(key).get(states.get(key).size() - 1);
        // A tombstone: the resource is gone altogether.
        assertThat(last == null || last.getPublications().isEmpty()).as("nothing published on %s", key).isTrue();
      });
    } finally {
      herald.close();
    }
  }

  private static HttpResponse<String> health(int port) {
    try {
      return HttpClient.newHttpClient().send(
          SipChecks.adminRequest(port, "/health").timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception notYet) {
      return null;
    }
  }
}
