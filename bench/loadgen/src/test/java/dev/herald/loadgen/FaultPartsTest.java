package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counting, timeline, state file and report pieces of the faults mode. */
class FaultPartsTest {

  private static final long MS = 1_000_000L;

  @Test
  void requestsAreCountedByKindAndStatus() {
    RequestTally tally = new RequestTally("subscribe", "publish");
    for (int i = 0; i < 5; i++) {
      tally.sent(1);
    }
    tally.sent(0);
    tally.answered(1, 200);
    tally.answered(1, 202);
    tally.answered(1, 503);
    tally.answered(1, 412);
    tally.lost(0);

    RequestTally.Counts publish = tally.counts(1);
    assertThat(publish.sent()).isEqualTo(5);
    assertThat(publish.ok()).isEqualTo(2);
    assertThat(publish.failures()).containsExactly(Map.entry(412, 1L), Map.entry(503, 1L));
    assertThat(publish.failed()).isEqualTo(2);
    assertThat(publish.answered()).isEqualTo(4);
    assertThat(publish.pending()).isEqualTo(1);
    assertThat(tally.byKind()).containsOnlyKeys("subscribe", "publish");
    RequestTally.Counts total = tally.total();
    assertThat(total.sent()).isEqualTo(6);
    assertThat(total.lost()).isEqualTo(1);
    assertThat(total.pending()).isEqualTo(1);
    assertThat(JsonText.of(FaultReport.counts(publish)))
        .isEqualTo("{\"sent\":5,\"answered\":4,\"ok\":2,\"failed\":2,\"failures\":{\"412\":1,\"503\":1},\"lost\":0,"
            + "\"pending\":1}");
  }

  @Test
  void theTimelineHasARowForEverySecondTheEmptyOnesToo() {
    long t0 = 5_000 * MS;
    Timeline timeline = new Timeline(t0);
    timeline.phase("setup", t0);
    timeline.add(Timeline.SENT, t0 + 10 * MS);
    timeline.add(Timeline.OK, t0 + 20 * MS);
    timeline.phase("load", t0 + 900 * MS);
    timeline.add(Timeline.SENT, t0 + 3_100 * MS);
    timeline.add(Timeline.RETRANSMITTED, t0 + 3_600 * MS);
    timeline.add(Timeline.NOTIFIES, t0 + 3_700 * MS);

    assertThat(timeline.seconds()).isEqualTo(4);
    assertThat(timeline.count(3, Timeline.SENT)).isEqualTo(1);
    assertThat(timeline.csv()).isEqualTo(Timeline.HEADER + "\n"
        + "0,setup+load,1,0,1,0,0,0\n"
        + "1,load,0,0,0,0,0,0\n"
        + "2,load,0,0,0,0,0,0\n"
        + "3,load,1,1,0,0,0,1\n");
  }

  @Test
  void aKeptStateReadsBackAsWritten(@TempDir Path dir) throws Exception {
    FaultState state = FaultState.empty("abc123", "example.com", "load-", 40123, 2, 2, 620);
    state.etags()[0] = "e1a2";
    state.markers()[0] = 600;
    state.markers()[1] = 601;
    state.remoteTags()[0] = "t0";
    state.cseqs()[0] = 4;
    state.notifyCseqs()[0] = 17;
    state.remoteTags()[3] = "t3";
    state.cseqs()[3] = 2;
    state.notifyCseqs()[3] = 5;
    Path file = dir.resolve("kept.state");

    state.write(file);
    FaultState read = FaultState.read(file);

    assertThat(read.text()).isEqualTo(state.text());
    assertThat(read.runId()).isEqualTo("abc123");
    assertThat(read.localPort()).isEqualTo(40123);
    assertThat(read.nextMarker()).isEqualTo(620);
    assertThat(read.etags()).containsExactly("e1a2", null);
    assertThat(read.markers()).containsExactly(600, 601);
    assertThat(read.live(0)).isTrue();
    assertThat(read.live(1)).isFalse();
    assertThat(read.liveDialogs()).isEqualTo(2);
    assertThat(read.cseqs()[3]).isEqualTo(2);
    assertThat(read.notifyCseqs()[3]).isEqualTo(5);
    assertThat(Files.readAllLines(file)).contains("p 1 - 601", "w 0 t0 4 17");
  }

  @Test
  void aStateFileThatIsNotOneIsRefused() {
    assertThatThrownBy(() -> FaultState.parse(List.of("hello"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultState.parse(List.of(FaultState.MAGIC, "run abc", "w 0 t 1 1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header incomplete");
    assertThatThrownBy(() -> FaultState.parse(List.of(FaultState.MAGIC, "run a", "domain d", "prefix p", "port 1",
        "presentities 1", "watchers 1", "next-marker 3", "w 5 t 1 1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad line");
  }

  @Test
  void gapFiguresAreOffsetsFromTheRunsStartAndNameTheirPlace() {
    Gaps gaps = new Gaps(3, Long.MAX_VALUE, 1000 * MS);
    long t0 = 10_000 * MS;
    gaps.demand(1, t0 + 2_000 * MS);
    gaps.served(1, t0 + 6_500 * MS, false);
    gaps.demand(2, t0 + 7_000 * MS);
    gaps.finish(t0 + 20_000 * MS);

    FaultReport.Gap gap = FaultReport.gap(gaps.summary(), t0, slot -> "load-" + slot);

    assertThat(gap.longest()).isEqualTo(13_000 * MS);
    assertThat(gap.start()).isEqualTo(7_000 * MS);
    assertThat(gap.where()).isEqualTo("load-2");
    assertThat(gap.recovered()).isFalse();
    assertThat(gap.longestRecovered()).isEqualTo(4_500 * MS);
    assertThat(gap.recoveredWhere()).isEqualTo("load-1");
    assertThat(JsonText.of(FaultReport.gap(gap))).isEqualTo("{\"longestMs\":13000.000,\"startMs\":7000.000,"
        + "\"where\":\"load-2\",\"recovered\":false,\"longestRecoveredMs\":4500.000,\"longestRecoveredStartMs\":2000.000,"
        + "\"longestRecoveredWhere\":\"load-1\",\"unrecovered\":1,\"atLeastOneSecond\":2,\"placesAtLeastOneSecond\":2}");
    FaultReport.Gap none = FaultReport.gap(new Gaps(1, 1, 1).summary(), t0, null);
    assertThat(JsonText.of(FaultReport.gap(none))).startsWith("{\"longestMs\":null,\"startMs\":null,\"where\":null,"
        + "\"recovered\":null");
  }

  @Test
  void refreshAnswersThatEndASubscriptionFollowRfc6665() {
    assertThat(FaultRun.endsDialog(481)).isTrue();
    assertThat(FaultRun.endsDialog(489)).isTrue();
    assertThat(FaultRun.endsDialog(404)).isTrue();
    assertThat(FaultRun.endsDialog(503)).isFalse();
    assertThat(FaultRun.endsDialog(408)).isFalse();
    assertThat(FaultRun.endsDialog(500)).isFalse();
  }
}
