package dev.herald.packages.presence.pidf;

import java.util.HashSet;
import java.util.Set;

/**
 * Ids unique within one document: tuple, person and device ids are all xs:ID (RFC 3863 §4.1.2,
 * RFC 4479 §4), so they share one space. A taken id gets a suffix: "t1", then "t1-2".
 */
final class IdAllocator {

  private final Set<String> taken = new HashSet<>();

  /** {@code wanted} if it is free, else the first free {@code wanted-n}. */
  String claim(String wanted) {
    String id = wanted;
    for (int n = 2; !taken.add(id); n++) {
      id = wanted + "-" + n;
    }
    return id;
  }
}
