package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faults mode for a few seconds against {@link FakePresenceServer}: no fault, a silent spell, lost state, a restart. */
class FaultsAgainstFakeServerTest {

  private static FaultConfig config(FakePresenceServer server, Duration duration, Path timeline, boolean keep,
      Path state, FaultState resume) {
    CommonConfig common = resume == null
        ? new CommonConfig(server.endpoint(), new Endpoint("127.0.0.1", 0), "example.com", "load-",
            CommonConfig.newRunId())
        : new CommonConfig(server.endpoint(), new Endpoint("127.0.0.1", resume.localPort()), resume.domain(),
            resume.userPrefix(), resume.runId());
    return new FaultConfig(common, 4, 2, 40, 0.25, duration, Duration.ofSeconds(5), 500, 600, Duration.ofSeconds(5), 2,
        timeline, keep, state, resume);
  }

  @Test
  void withoutAFaultNothingIsLostAndEveryCountAddsUp(@TempDir Path dir) throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      Path timeline = dir.resolve("timeline.csv");

      FaultReport report = Loadgen.faults(config(server, Duration.ofSeconds(1), timeline, false, null, null));

      assertThat(report.setup().ready()).isEqualTo(8);
      assertThat(report.load().publishes()).isEqualTo(40);
      assertThat(report.load().refreshes()).isEqualTo(10);
      assertThat(report.load().refreshesSent()).isEqualTo(10);
      assertThat(report.load().skipped()).isZero();
      RequestTally.Counts all = report.total();
      assertThat(all.lost()).isZero();
      assertThat(all.pending()).isZero();
      assertThat(all.failed()).isZero();
      // 8 SUBSCRIBEs, 10 refreshes, 40 + 4 final PUBLISHes, 8 unsubscribes, 4 removals.
      assertThat(all.sent()).isEqualTo(74);
      assertThat(report.byKind().get("publish").sent()).isEqualTo(4);
      assertThat(report.byKind().get("publishModify").sent()).isEqualTo(40);
      assertThat(report.notifies().cseqViolations()).isZero();
      assertThat(report.notifies().latencyCount()).isEqualTo(80);
      assertThat(report.notifies().dialogsWithSeveralSources()).isZero();
      assertThat(report.notifies().sources()).hasSize(1);
      assertThat(report.transport().notifiesFromElsewhere()).isEqualTo(report.transport().notifies());
      assertThat(report.fin().gotFinal()).isEqualTo(8);
      assertThat(report.fin().subscriptionsLost()).isZero();
      assertThat(report.fin().publicationsLost()).isZero();
      assertThat(report.fin().finalPublish()).containsEntry("ok", 4);
      assertThat(report.service().atLeastOneSecond()).isZero();
      assertThat(report.resource().atLeastOneSecond()).isZero();
      assertThat(report.dialogNotify().unrecovered()).isZero();
      assertThat(report.notifies().terminatedAfterUnsubscribe()).isEqualTo(8);
      assertThat(server.activeSubscriptions()).isZero();
      assertThat(report.summary()).contains("publications lost 0 of 4").contains("subscriptions lost 0 of 8 checked");
      assertThat(report.json()).startsWith("{\"mode\":\"faults\"").contains("\"cseqViolations\":0")
          .contains("\"subscriptionsLost\":0");
      assertThat(Files.readAllLines(timeline)).first().isEqualTo(Timeline.HEADER);
      assertThat(Files.readString(timeline)).contains("load").contains("final");
    }
  }

  @Test
  void aSilentServerLeavesAGapThatRetransmissionsCloseWithNothingLost() throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      // A second and a half without an answer from the 30th PUBLISH on.
      server.silenceAt(30, 1500);

      FaultReport report = Loadgen.faults(config(server, Duration.ofSeconds(3), null, false, null, null));

      assertThat(report.total().lost()).isZero();
      assertThat(report.total().failed()).isZero();
      assertThat(report.transport().retransmissions()).isPositive();
      assertThat(report.service().longest()).isGreaterThan(Duration.ofMillis(1400).toNanos());
      assertThat(report.service().recovered()).isTrue();
      assertThat(report.resource().placesAtLeastOneSecond()).isPositive();
      assertThat(report.dialogNotify().longestRecovered()).isGreaterThan(Duration.ofMillis(1400).toNanos());
      assertThat(report.fin().subscriptionsLost()).isZero();
      assertThat(report.fin().publicationsLost()).isZero();
      assertThat(report.notifies().cseqViolations()).isZero();
    }
  }

  @Test
  void aServerThatLostItsPublicationsShows412sThatFallBackToInitialPublishes() throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      // Half-way through the load's 40 PUBLISHes, every presentity's publication is gone.
      server.forgetPublicationsAt(20);

      FaultReport report = Loadgen.faults(config(server, Duration.ofSeconds(1), null, false, null, null));

      assertThat(report.load().acceptedLost412()).isEqualTo(4);
      assertThat(report.load().fallbacks()).isEqualTo(4);
      assertThat(report.byKind().get("publishModify").failures()).containsEntry(412, 4L);
      assertThat(report.byKind().get("publish").sent()).isEqualTo(8);
      // The fallbacks carried the same notes: the watchers lost nothing.
      assertThat(report.fin().subscriptionsLost()).isZero();
      assertThat(report.total().lost()).isZero();
    }
  }

  @Test
  void keptDialogsAndPublicationsAreTakenOverByAResumedRun(@TempDir Path dir) throws Exception {
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      Path state = dir.resolve("kept.state");
      FaultReport first = Loadgen.faults(config(server, Duration.ofMillis(500), null, true, state, null));
      assertThat(first.end().kept()).isTrue();
      assertThat(first.byKind().get("unsubscribe").sent()).isZero();
      assertThat(server.activeSubscriptions()).isEqualTo(8);
      FaultState kept = FaultState.read(state);
      assertThat(kept.liveDialogs()).isEqualTo(8);

      FaultReport second = Loadgen.faults(config(server, Duration.ofMillis(500), null, false, null, kept));

      assertThat(second.config().resume()).isNotNull();
      assertThat(second.setup().ready()).isEqualTo(8);
      assertThat(second.byKind().get("subscribe").sent()).isZero();
      assertThat(second.restart().refreshEnded()).isZero();
      assertThat(second.restart().noteMissing()).isZero();
      assertThat(second.restart().etagRefused()).isZero();
      assertThat(second.restart().publicationsLost()).isZero();
      assertThat(second.notifies().cseqViolations()).isZero();
      assertThat(second.fin().subscriptionsLost()).isZero();
      assertThat(second.total().lost()).isZero();
      assertThat(server.activeSubscriptions()).isZero();
    }
  }

  @Test
  void aResumedRunAfterTheServerLostEverythingReportsIt(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("kept.state");
    try (FakePresenceServer server = new FakePresenceServer(0)) {
      Loadgen.faults(config(server, Duration.ofMillis(500), null, true, state, null));
    }
    try (FakePresenceServer fresh = new FakePresenceServer(0)) {
      FaultState kept = FaultState.read(state);
      FaultReport report = Loadgen.faults(config(fresh, Duration.ofMillis(500), null, false, null, kept));

      assertThat(report.restart().refreshEnded()).isEqualTo(8);
      assertThat(report.setup().ready()).isZero();
      assertThat(report.restart().etagRefused()).isEqualTo(4);
      assertThat(report.restart().publicationsLost()).isEqualTo(4);
      assertThat(report.summary()).contains("restart: 8 dialogs kept, 8 ended by the refresh's answer");
    }
  }
}
