package dev.herald.edge.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The (nonce, cnonce, nc) triples this edge accepted, each kept until its nonce expires; after
 * that the nonce itself is refused as stale, so forgetting is safe. Per edge: another edge with
 * the same secret does not see these, so across edges replay protection is bounded by the nonce
 * lifetime. Bounded: when full, the oldest entry is forgotten first. Time passed in.
 */
final class ReplayCache {

  private final int maxEntries;
  private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();

  ReplayCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** Records the triple; false if it was seen before (a replay). */
  synchronized boolean firstUse(String nonce, String cnonce, String nc, long expiresAtMs, long nowMs) {
    purge(nowMs);
    String key = nonce + ' ' + cnonce + ' ' + nc;
    if (expiries.containsKey(key)) {
      return false;
    }
    if (expiries.size() >= maxEntries) {
      Iterator<String> oldest = expiries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    expiries.put(key, expiresAtMs);
    return true;
  }

  synchronized int size() {
    return expiries.size();
  }

  private void purge(long nowMs) {
    Iterator<Map.Entry<String, Long>> entries = expiries.entrySet().iterator();
    // Entries are nearly in expiry order; an expired one behind a live one goes on a later call.
    while (entries.hasNext()) {
      if (entries.next().getValue() >= nowMs) {
        return;
      }
      entries.remove();
    }
  }
}
