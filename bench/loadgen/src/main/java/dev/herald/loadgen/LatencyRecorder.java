package dev.herald.loadgen;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, every one kept (a run records at most a few million), sorted once
 * when a percentile is asked for. Percentiles are nearest-rank: p is the smallest recorded value
 * with at least p percent of the values at or below it. Not thread-safe.
 */
final class LatencyRecorder {

  private long[] values;
  private int count;
  private boolean sorted = true;

  LatencyRecorder(int expected) {
    this.values = new long[Math.max(16, expected)];
  }

  /** Records one latency; a negative one (clocks of two threads) counts as 0. */
  void record(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[count++] = Math.max(0, nanos);
    sorted = false;
  }

  int count() {
    return count;
  }

  /** The nearest-rank percentile {@code p} (0 to 100) in nanoseconds, or -1 when nothing was recorded. */
  long percentile(double p) {
    if (p < 0 || p > 100) {
      throw new IllegalArgumentException("percentile out of 0..100: " + p);
    }
    if (count == 0) {
      return -1;
    }
    sort();
    int rank = (int) Math.ceil(p / 100.0 * count);
    return values[Math.min(count - 1, Math.max(0, rank - 1))];
  }

  long max() {
    return percentile(100);
  }

  private void sort() {
    if (!sorted) {
      Arrays.sort(values, 0, count);
      sorted = true;
    }
  }
}
