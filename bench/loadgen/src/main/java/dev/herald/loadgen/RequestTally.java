package dev.herald.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests by kind: sent (transactions started, not retransmissions), answered 2xx, answered
 * non-2xx by status, lost (no final response before Timer F) and still pending. Not thread-safe.
 */
final class RequestTally {

  /** One kind's counts. */
  record Counts(long sent, long ok, Map<Integer, Long> failures, long lost, long pending) {
    long failed() {
      return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    long answered() {
      return ok + failed();
    }
  }

  private final String[] names;
  private final long[] sent;
  private final long[] ok;
  private final long[] lost;
  private final TreeMap<Integer, Long>[] failures;

  @SuppressWarnings("unchecked")
  RequestTally(String... names) {
    this.names = names.clone();
    this.sent = new long[names.length];
    this.ok = new long[names.length];
    this.lost = new long[names.length];
    this.failures = new TreeMap[names.length];
    for (int i = 0; i < names.length; i++) {
      failures[i] = new TreeMap<>();
    }
  }

  void sent(int kind) {
    sent[kind]++;
  }

  void answered(int kind, int status) {
    if (status >= 200 && status < 300) {
      ok[kind]++;
    } else {
      failures[kind].merge(status, 1L, Long::sum);
    }
  }

  void lost(int kind) {
    lost[kind]++;
  }

  Counts counts(int kind) {
    return counts(sent[kind], ok[kind], new TreeMap<>(failures[kind]), lost[kind]);
  }

  /** Every kind's counts, by name, in the order the kinds were given. */
  Map<String, Counts> byKind() {
    Map<String, Counts> all = new LinkedHashMap<>();
    for (int kind = 0; kind < names.length; kind++) {
      all.put(names[kind], counts(kind));
    }
    return all;
  }

  /** The counts of every kind together. */
  Counts total() {
    long s = 0;
    long o = 0;
    long l = 0;
    TreeMap<Integer, Long> f = new TreeMap<>();
    for (int kind = 0; kind < names.length; kind++) {
      s += sent[kind];
      o += ok[kind];
      l += lost[kind];
      failures[kind].forEach((status, count) -> f.merge(status, count, Long::sum));
    }
    return counts(s, o, f, l);
  }

  private static Counts counts(long sent, long ok, Map<Integer, Long> failures, long lost) {
    long failed = failures.values().stream().mapToLong(Long::longValue).sum();
    return new Counts(sent, ok, failures, lost, sent - ok - failed - lost);
  }
}
