package dev.herald.processor.rls;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How Herald serves resource lists.
 *
 * @param notifyInterval the least time between two NOTIFYs of one list subscription: member changes
 *     within it merge into one partial NOTIFY (RFC 4662 §4.8 leaves the pace to the server)
 * @param packages the event packages whose resources a list may gather
 * @param contentIdHost the host part of the Content-IDs in list NOTIFYs
 * @param maxBodyBytes the most one list NOTIFY's body holds; state beyond it follows in the next
 *     NOTIFYs at once. The default keeps a NOTIFY within a UDP datagram (65,507 bytes) with room for
 *     its headers.
 */
public record ListSettings(Duration notifyInterval, Set<String> packages, String contentIdHost, int maxBodyBytes) {

  public static final Duration DEFAULT_NOTIFY_INTERVAL = Duration.ofSeconds(1);
  public static final Set<String> DEFAULT_PACKAGES = Set.of("presence", "dialog", "message-summary");
  public static final Duration MAX_NOTIFY_INTERVAL = Duration.ofMinutes(1);
  public static final int DEFAULT_MAX_BODY_BYTES = 60_000;
  /** Room for an RLMI document and one member's state, at the least. */
  public static final int MIN_MAX_BODY_BYTES = 4_096;

  public ListSettings {
    Objects.requireNonNull(notifyInterval, "notifyInterval");
    if (notifyInterval.isNegative() || notifyInterval.compareTo(MAX_NOTIFY_INTERVAL) > 0) {
      throw new IllegalArgumentException("the list notify interval must be between 0 and "
          + MAX_NOTIFY_INTERVAL.toSeconds() + " s, not " + notifyInterval.toMillis() + " ms");
    }
    packages = Set.copyOf(packages);
    if (packages.isEmpty()) {
      throw new IllegalArgumentException("resource lists need at least one event package");
    }
    if (maxBodyBytes < MIN_MAX_BODY_BYTES) {
      throw new IllegalArgumentException("a list NOTIFY body must be allowed at least " + MIN_MAX_BODY_BYTES
          + " bytes, not " + maxBodyBytes);
    }
    if (contentIdHost == null || !contentIdHost.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) {
      throw new IllegalArgumentException("the Content-ID host of list NOTIFYs must be a host name, not '"
          + contentIdHost + "'");
    }
  }

  public static ListSettings defaults() {
    return new ListSettings(DEFAULT_NOTIFY_INTERVAL, DEFAULT_PACKAGES, "herald.invalid", DEFAULT_MAX_BODY_BYTES);
  }

  public ListSettings withNotifyInterval(Duration interval) {
    return new ListSettings(interval, packages, contentIdHost, maxBodyBytes);
  }

  public ListSettings withMaxBodyBytes(int bytes) {
    return new ListSettings(notifyInterval, packages, contentIdHost, bytes);
  }
}
