package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void percentilesAreNearestRank() {
    LatencyRecorder r = new LatencyRecorder(4);
    for (long v = 100; v >= 1; v--) {
      r.record(v);
    }

    assertThat(r.count()).isEqualTo(100);
    assertThat(r.percentile(50)).isEqualTo(50);
    assertThat(r.percentile(90)).isEqualTo(90);
    assertThat(r.percentile(99)).isEqualTo(99);
    assertThat(r.percentile(99.5)).isEqualTo(100);
    assertThat(r.percentile(0)).isEqualTo(1);
    assertThat(r.max()).isEqualTo(100);
  }

  @Test
  void aFewValuesGiveTheirOwnPercentiles() {
    LatencyRecorder r = new LatencyRecorder(16);
    r.record(30);
    r.record(10);
    r.record(20);

    assertThat(r.percentile(50)).isEqualTo(20);
    assertThat(r.percentile(99)).isEqualTo(30);
  }

  @Test
  void recordingAfterAPercentileKeepsItRight() {
    LatencyRecorder r = new LatencyRecorder(16);
    r.record(5);
    assertThat(r.max()).isEqualTo(5);

    r.record(1);
    r.record(9);

    assertThat(r.percentile(50)).isEqualTo(5);
    assertThat(r.max()).isEqualTo(9);
  }

  @Test
  void nothingRecordedIsMinusOneAndNegativeLatenciesCountAsZero() {
    LatencyRecorder r = new LatencyRecorder(16);
    assertThat(r.percentile(50)).isEqualTo(-1);

    r.record(-3);
    assertThat(r.max()).isZero();
    assertThatThrownBy(() -> r.percentile(101)).isInstanceOf(IllegalArgumentException.class);
  }
}
