package dev.herald.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Each resource's next expiry, in time order, so that expiry finds what is due without a scan of the
 * resources. It is derived from the resources alone, so it lives in memory, is not logged, and is
 * built again from the stores when a task starts.
 */
final class ExpiryIndex {

  /** A resource due at a time; ordered by time, then resource. */
  record Due(long atMs, String resource) implements Comparable<Due> {

    @Override
    public int compareTo(Due other) {
      int byTime = Long.compare(atMs, other.atMs);
      return byTime != 0 ? byTime : resource.compareTo(other.resource);
    }
  }

  private final NavigableSet<Due> entries = new TreeSet<>();

  void add(long atMs, String resource) {
    entries.add(new Due(atMs, resource));
  }

  void remove(long atMs, String resource) {
    entries.remove(new Due(atMs, resource));
  }

  /** Whether an entry is due at or before {@code horizonMs}. */
  boolean anyDueBy(long horizonMs) {
    return !entries.isEmpty() && entries.first().atMs() <= horizonMs;
  }

  /** Takes out every entry due at or before {@code horizonMs}, earliest first. */
  List<Due> takeDueBy(long horizonMs) {
    List<Due> due = new ArrayList<>();
    while (anyDueBy(horizonMs)) {
      due.add(entries.pollFirst());
    }
    return due;
  }

  int size() {
    return entries.size();
  }

  void clear() {
    entries.clear();
  }
}
