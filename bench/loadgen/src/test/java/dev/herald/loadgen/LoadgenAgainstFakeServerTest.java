package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Both modes for a second or two against {@link FakePresenceServer} on loopback. */
class LoadgenAgainstFakeServerTest {

  private static CommonConfig common(FakePresenceServer server) {
    return new CommonConfig(server.endpoint(), new Endpoint("127.0.0.1", 0), "example.com", "load-",
        CommonConfig.newRunId());
  }

  @Test
  void latencyRunGetsEveryNotifyOfEveryPublishToEveryWatcherAndCleansUp() throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      LatencyConfig config = new LatencyConfig(common(server), 5, 2, 50, Duration.ofSeconds(1),
          Duration.ofMillis(400), 500, 600, Duration.ofSeconds(5), Duration.ofSeconds(3));

      LatencyReport report = Loadgen.latency(config);

      assertThat(report.setup().ready()).isEqualTo(10);
      assertThat(report.setup().rtt().p50()).as("SUBSCRIBE round trip").isPositive();
      assertThat(report.setup().rtt().p99()).isGreaterThanOrEqualTo(report.setup().rtt().p50());
      assertThat(report.publishes().sent()).isEqualTo(50);
      assertThat(report.publishes().ok()).isEqualTo(50);
      assertThat(report.publishes().failed()).isZero();
      assertThat(report.notifies().expected()).isEqualTo(100);
      assertThat(report.notifies().received()).isEqualTo(100);
      assertThat(report.notifies().missing()).isZero();
      assertThat(report.notifies().p50()).isPositive();
      assertThat(report.notifies().max()).isGreaterThanOrEqualTo(report.notifies().p99());
      assertThat(report.notifies().unknownDialog()).isZero();
      assertThat(report.notifies().wrongPresentity()).isZero();
      assertThat(report.publishes().rttP50()).isPositive();
      // Modifications used the entity-tag of the last 200: none was refused.
      assertThat(server.preconditionFailed.get()).isZero();
      assertThat(report.teardown().unsubscribed()).isEqualTo(10);
      assertThat(report.teardown().publicationsRemoved()).isEqualTo(5);
      assertThat(server.activeSubscriptions()).isZero();
      // 70 PUBLISHes (warm-up included) and 5 removals; every NOTIFY was answered 200.
      assertThat(server.publishes.get()).isEqualTo(75);
      await().atMost(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(server.notifiesAnswered200.get()).isEqualTo(server.notifiesSent.get()));
      // The fake's NOTIFYs leave from its notifier's port, not the one the tool sends to.
      assertThat(report.transport().notifiesFromElsewhere()).isEqualTo(report.transport().notifies()).isPositive();
      assertThat(report.summary()).contains("missing=0").contains("received=100")
          .contains("notifiesFromElsewhere=" + report.transport().notifies());
      assertThat(report.json()).startsWith("{\"mode\":\"latency\"").contains("\"missing\":0")
          .contains("\"notifiesFromElsewhere\":" + report.transport().notifies());
    }
  }

  @Test
  void aPublishDueWhileThePresentitysPreviousIsUnansweredIsSkippedNotSentForA412() throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(0, 120)) {
      LatencyConfig config = new LatencyConfig(common(server), 1, 1, 20, Duration.ofMillis(500), Duration.ZERO, 500,
          600, Duration.ofSeconds(5), Duration.ofSeconds(3));

      LatencyReport report = Loadgen.latency(config);

      assertThat(report.publishes().skipped()).isPositive();
      assertThat(report.publishes().sent() + report.publishes().skipped()).isEqualTo(10);
      assertThat(report.publishes().failed()).isZero();
      assertThat(server.preconditionFailed.get()).isZero();
      assertThat(report.notifies().missing()).isZero();
      assertThat(report.publishes().rttP50()).isGreaterThanOrEqualTo(Duration.ofMillis(120).toNanos());
    }
  }

  @Test
  void rateRunCounts503WithRetryAfterAsFailures() throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(10)) {
      RateConfig config = new RateConfig(common(server), RateConfig.Method.PUBLISH, 200, Duration.ofMillis(500),
          1000, 60, Duration.ofSeconds(3));

      RateReport report = Loadgen.rate(config);

      assertThat(report.sent()).isEqualTo(100);
      assertThat(report.ok()).isEqualTo(90);
      assertThat(report.unavailable()).isEqualTo(10);
      assertThat(report.unavailableWithRetryAfter()).isEqualTo(10);
      assertThat(report.otherFailures()).isZero();
      assertThat(report.timedOut()).isZero();
      assertThat(report.failed()).isEqualTo(10);
      assertThat(report.failureRatio()).isEqualTo(0.1);
      assertThat(report.summary()).contains("503=10 (retry-after 10)");
      assertThat(report.json()).contains("\"failures\":{\"503\":10}");
    }
  }

  @Test
  void rateRunOfSubscribesAnswersTheNotifyOfEachNewDialog() throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      RateConfig config = new RateConfig(common(server), RateConfig.Method.SUBSCRIBE, 200, Duration.ofMillis(250),
          1000, 60, Duration.ofSeconds(3));

      RateReport report = Loadgen.rate(config);

      assertThat(report.ok()).isEqualTo(50);
      assertThat(report.failed()).isZero();
      assertThat(report.dialogsNotified()).isEqualTo(50);
      await().atMost(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(server.notifiesAnswered200.get()).isEqualTo(50));
    }
  }
}
