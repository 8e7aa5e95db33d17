package dev.herald.packages.spi;

import dev.herald.common.Hashes;
import dev.herald.packages.state.ResourceState;

/**
 * New entity-tags (RFC 3903 §6 step 7: an old tag must never name a newer publication). The
 * resource's counter keeps tags apart while the resource has state; the request's hash keeps them
 * apart across times it had none, when the store forgets the counter.
 *
 * <p>A generated tag is the counter in base 36, {@code .}, and hex digits, so it never contains
 * {@code :}. Tags that do are <em>standing</em> tags, a namespace of their own: a gateway that keeps
 * one publication per resource (the XMPP gateway) chooses one, such as {@code xmpp:gateway}, and
 * creates, replaces and removes that publication under it without SIP-If-Match. Only the gateway
 * may change it: a SIP PUBLISH whose SIP-If-Match names a standing tag fails as one naming no
 * publication would (412, RFC 3903 §6 step 6). The part before {@code :} names who keeps it.
 */
public final class EntityTags {

  /** What only standing tags contain. */
  public static final char STANDING_SEPARATOR = ':';

  /** Where herald.presence-state says a publication made by PUBLISH comes from. */
  public static final String PUBLISH_SOURCE = "publish";

  private EntityTags() {}

  /** The tag of a publication made by {@code requestId} in {@code tagged}, whose counter was just advanced. */
  public static String of(ResourceState tagged, String requestId) {
    return Long.toString(tagged.entityTagCounter(), 36) + "." + Hashes.sha256Hex(requestId).substring(0, 10);
  }

  /** Whether {@code tag} is in the standing namespace. */
  public static boolean isStanding(String tag) {
    return tag.indexOf(STANDING_SEPARATOR) >= 0;
  }

  /** Whether a gateway may choose {@code tag}: who keeps it, {@code :}, and a name ({@code xmpp:gateway}). */
  public static boolean isValidStanding(String tag) {
    return tag.indexOf(STANDING_SEPARATOR) > 0;
  }

  /** Who keeps the publication tagged {@code tag}: {@code xmpp} for {@code xmpp:gateway}, else {@link #PUBLISH_SOURCE}. */
  public static String sourceOf(String tag) {
    int separator = tag.indexOf(STANDING_SEPARATOR);
    return separator < 0 ? PUBLISH_SOURCE : tag.substring(0, separator);
  }
}
