package dev.herald.packages.rls;

import dev.herald.schemas.ResourceKeys;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a resource list (RFC 4826 section 3.2): a resource, or another list, by its
 * normalised URI, and its display name if any.
 */
public record ListMember(String uri, String displayName) {

  public ListMember {
    Objects.requireNonNull(uri, "uri");
    if (!ResourceKeys.normaliseUri(uri).equals(Optional.of(uri))) {
      throw new IllegalArgumentException("not a normalised sip:, sips: or tel: URI: " + uri);
    }
    if (displayName != null && displayName.isBlank()) {
      displayName = null;
    }
  }

  /** A member of {@code raw}, normalised; refuses what is not a sip:, sips: or tel: URI. */
  public static ListMember of(String raw, String displayName) {
    String uri = ResourceKeys.normaliseUri(raw).orElseThrow(
        () -> new IllegalArgumentException("'" + raw + "' is not a sip:, sips: or tel: URI"));
    return new ListMember(uri, displayName == null ? null : displayName.strip());
  }
}
