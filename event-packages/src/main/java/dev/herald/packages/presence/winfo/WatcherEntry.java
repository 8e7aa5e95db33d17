package dev.herald.packages.presence.winfo;

import dev.herald.packages.xml.XmlIds;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One watcher of a resource as a watcher information document shows it (RFC 3858 §3).
 *
 * @param id stable per subscription, see {@link #idFor(String)}
 * @param uri the watcher's URI, the content of the watcher element
 * @param displayName the watcher's display name, or null
 * @param durationSubscribedSeconds how long the watcher has been subscribed
 * @param expiresSeconds seconds until the subscription expires; empty for a watcher that has none
 *     left, such as a terminated one
 */
public record WatcherEntry(
    String id,
    String uri,
    String displayName,
    Status status,
    WinfoEvent event,
    long durationSubscribedSeconds,
    OptionalLong expiresSeconds) {

  /** The status attribute of a watcher (the states of RFC 3857 §5). */
  public enum Status {
    PENDING,
    ACTIVE,
    WAITING,
    TERMINATED;

    /** The attribute value as the document writes it. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public WatcherEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(expiresSeconds, "expiresSeconds");
    // RFC 3858 §3: duration-subscribed and expiration are xs:unsignedLong.
    if (durationSubscribedSeconds < 0) {
      throw new IllegalArgumentException("negative duration-subscribed: " + durationSubscribedSeconds);
    }
    if (expiresSeconds.isPresent() && expiresSeconds.getAsLong() < 0) {
      throw new IllegalArgumentException("negative expiration: " + expiresSeconds.getAsLong());
    }
  }

  /**
   * The watcher id of a subscription: the same subscription keeps its id in every document, so a
   * partial document (RFC 3858 §4) updates the right watcher; ids of distinct subscriptions differ.
   */
  public static String idFor(String subscriptionId) {
    return XmlIds.hashed("w", subscriptionId);
  }
}
