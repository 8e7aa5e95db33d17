package dev.herald.packages.presence.pidf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The results of a pure function of its key, the most recently used {@code capacity} of them,
 * kept per thread: DOM trees are not safe to share between threads, even to read (Xerces builds
 * deferred nodes on first access), and a stream thread only ever reads its own.
 */
final class ThreadMemo<K, V> {

  private final ThreadLocal<Map<K, V>> entries;

  ThreadMemo(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.entries = ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    });
  }

  V get(K key, Function<K, V> compute) {
    Map<K, V> map = entries.get();
    V value = map.get(key);
    if (value == null) {
      value = compute.apply(key);
      map.put(key, value);
    }
    return value;
  }
}
