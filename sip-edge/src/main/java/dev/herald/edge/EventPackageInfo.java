package dev.herald.edge;

import java.util.List;
import java.util.Objects;

/**
 * What the edge must know of an event package to check a request alone: the content types
 * its documents use, its expiry bounds, the package whose resource holds its subscriptions
 * (a template package such as presence.winfo lives on the resource it reports on, RFC 6665
 * §4.4.1), whether it takes PUBLISH, and whether an initial PUBLISH needs a body (call-info
 * carries its state in a header).
 */
public record EventPackageInfo(String name, List<String> contentTypes, int minExpires, int maxExpires, int defaultExpires,
    String resourcePackage, boolean publishable, boolean publishNeedsBody) {

  public EventPackageInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resourcePackage, "resourcePackage");
    if (name.isBlank()) {
      throw new IllegalArgumentException("package name must not be blank");
    }
    contentTypes = List.copyOf(contentTypes);
    if (minExpires < 1 || maxExpires < minExpires) {
      throw new IllegalArgumentException("need 1 <= minExpires <= maxExpires for " + name);
    }
    if (defaultExpires < minExpires || defaultExpires > maxExpires) {
      throw new IllegalArgumentException("defaultExpires must lie within the bounds for " + name);
    }
  }

  public EventPackageInfo(String name, List<String> contentTypes, int minExpires, int maxExpires, int defaultExpires) {
    this(name, contentTypes, minExpires, maxExpires, defaultExpires, name, true, true);
  }

  public static EventPackageInfo presence() {
    return new EventPackageInfo("presence", List.of("application/pidf+xml"), 60, 3600, 600);
  }

  /** Watcher information about presence (RFC 3857): subscribed to, never published. */
  public static EventPackageInfo presenceWinfo(int minExpires, int maxExpires, int defaultExpires) {
    return new EventPackageInfo("presence.winfo", List.of("application/watcherinfo+xml"), minExpires, maxExpires,
        defaultExpires, "presence", false, false);
  }

  /** The dialog package (RFC 4235), or its {@code dialog;sla} variant for bridged line appearances. */
  public static EventPackageInfo dialog(String name, int minExpires, int maxExpires, int defaultExpires) {
    return new EventPackageInfo(name, List.of("application/dialog-info+xml"), minExpires, maxExpires, defaultExpires);
  }

  /** Shared line appearances: call-info PUBLISHes carry their state in Call-Info headers, no body needed. */
  public static EventPackageInfo callInfo(int minExpires, int maxExpires, int defaultExpires) {
    return new EventPackageInfo("call-info", List.of("application/dialog-info+xml"), minExpires, maxExpires,
        defaultExpires, "call-info", true, false);
  }

  /** A line-seize subscription seizes an appearance of a call-info line; never published. */
  public static EventPackageInfo lineSeize(int minExpires, int maxExpires, int defaultExpires) {
    return new EventPackageInfo("line-seize", List.of("application/dialog-info+xml"), minExpires, maxExpires,
        defaultExpires, "call-info", false, false);
  }

  /** A conference's state (RFC 4575), published by its focus. */
  public static EventPackageInfo conference(int minExpires, int maxExpires, int defaultExpires) {
    return new EventPackageInfo("conference", List.of("application/conference-info+xml"), minExpires, maxExpires,
        defaultExpires);
  }

  /** RFC 3261 §20.1 media-range matching of one Accept entry against this package's types. */
  public boolean accepts(String mediaRange) {
    String range = mediaRange.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (range.equals("*/*")) {
      return true;
    }
    for (String type : contentTypes) {
      if (range.equals(type) || (range.endsWith("/*") && type.startsWith(range.substring(0, range.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
