package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import dev.herald.common.kafka.KafkaClientSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live} (the process is up), {@code /health/ready} (it can take load now: Kafka
 * clients connected, Streams RUNNING, SIP listening) and {@code /health} as it always was, on the
 * admin port of a running Herald, and of one still waiting for Kafka.
 */
class HealthRoutesIT {

  @TempDir
  Path dataDir;

  private static HttpResponse<String> get(int adminPort, String path) throws Exception {
    return HttpClient.newHttpClient().send(SipChecks.adminRequest(adminPort, path).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRunningHeraldIsLiveAndReadyWithEveryRolesCheck() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (Herald herald = new Herald(settings).start()) {
      await().atMost(SipChecks.ANSWER).until(() -> get(herald.adminPort(), "/health/ready").statusCode() == 200);

      HttpResponse<String> ready = get(herald.adminPort(), "/health/ready");
      assertThat(ready.body().lines()).first().isEqualTo("UP");
      assertThat(ready.body()).contains("herald: ok", "streams-processor: ok", "sip-edge: ok", "notifier: ok",
          "registrant-worker: ok", "credentials: ok");
      assertThat(get(herald.adminPort(), "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(herald.adminPort(), "/health").statusCode()).isEqualTo(200);
      assertThat(get(herald.adminPort(), "/health").body()).isEqualTo(ready.body());
      CliRun cli = CliRun.herald(herald.adminPort(), "health", "--ready");
      assertThat(cli.exitCode()).isZero();
      assertThat(cli.out()).isEqualTo(ready.body());
      assertThat(CliRun.herald(herald.adminPort(), "health", "--live").exitCode()).isZero();
    }
  }

  @Test
  void aHeraldWaitingForKafkaIsLiveButNotReady() throws Exception {
    int adminPort = FreePorts.findFreePort();
    String nowhere = "127.0.0.1:" + FreePorts.findFreePort();
    HeraldSettings settings = SipChecks.register(SipChecks.freshSettings(dataDir).toBuilder().adminPort(adminPort)
        .bootstrapServers(Optional.of(nowhere)).build());
    // Kafka's own timeouts, through the client settings, end the wait in a few seconds.
    Herald herald = new Herald(settings).withKafkaClients(new KafkaClientSettings(Map.of(
        "default.api.timeout.ms", "6000", "request.timeout.ms", "3000")));
    CompletableFuture<Herald> start = CompletableFuture.supplyAsync(() -> {
      try {
        return herald.start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    await().atMost(SipChecks.ANSWER).ignoreExceptions().until(() -> get(adminPort, "/health/live").statusCode() == 200);
    HttpResponse<String> ready = get(adminPort, "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body().lines()).containsExactly("DOWN", "herald: starting");
    assertThat(get(adminPort, "/health").statusCode()).isEqualTo(503);

    assertThatThrownBy(start::get).isInstanceOf(ExecutionException.class).hasMessageContaining(nowhere);
  }
}
