package dev.herald.packages.spi;

import dev.herald.common.Hashes;
import dev.herald.packages.state.ResourceState;

/**
 * New entity-tags (RFC 3903 §6 step 7: an old tag must never name a newer publication). The
 * resource's counter keeps tags apart while the resource has state; the request's hash keeps them
 * apart across times it had none, when the store forgets the counter.
 */
public final class EntityTags {

  private EntityTags() {}

  /** The tag of a publication made by {@code requestId} in {@code tagged}, whose counter was just advanced. */
  public static String of(ResourceState tagged, String requestId) {
    return Long.toString(tagged.entityTagCounter(), 36) + "." + Hashes.sha256Hex(requestId).substring(0, 10);
  }
}
