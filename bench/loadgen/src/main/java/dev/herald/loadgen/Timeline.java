package dev.herald.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts per second since the start of a run, for a CSV file: requests sent (new transactions),
 * retransmitted, answered 2xx, answered non-2xx, lost (Timer F) and NOTIFYs received, with the
 * phases of the run under way in each second ({@code setup+load} when one began in it). Every
 * second up to the last event has a row, the empty ones too: they are the gaps. Not thread-safe.
 */
final class Timeline {

  static final int SENT = 0;
  static final int RETRANSMITTED = 1;
  static final int OK = 2;
  static final int FAILED = 3;
  static final int LOST = 4;
  static final int NOTIFIES = 5;

  static final String HEADER = "second,phase,sent,retransmitted,ok,failed,lost,notifies";

  private final long startNanos;
  private final List<long[]> rows = new ArrayList<>();
  private final List<String> phases = new ArrayList<>();
  private String phase = "";

  Timeline(long startNanos) {
    this.startNanos = startNanos;
  }

  long startNanos() {
    return startNanos;
  }

  /** From {@code now} on, the run is in {@code name}. */
  void phase(String name, long now) {
    row(now);
    String current = phases.get(phases.size() - 1);
    phases.set(phases.size() - 1, current.isEmpty() ? name : current + "+" + name);
    phase = name;
  }

  void add(int column, long now) {
    row(now)[column]++;
  }

  int seconds() {
    return rows.size();
  }

  long count(int second, int column) {
    return rows.get(second)[column];
  }

  String csv() {
    StringBuilder out = new StringBuilder(HEADER.length() + rows.size() * 32);
    out.append(HEADER).append('\n');
    for (int s = 0; s < rows.size(); s++) {
      out.append(s).append(',').append(phases.get(s));
      for (long value : rows.get(s)) {
        out.append(',').append(value);
      }
      out.append('\n');
    }
    return out.toString();
  }

  private long[] row(long now) {
    int second = (int) Math.max(0, (now - startNanos) / 1_000_000_000L);
    while (rows.size() <= second) {
      rows.add(new long[NOTIFIES + 1]);
      phases.add(phase);
    }
    return rows.get(second);
  }
}
