package dev.herald.packages.rls;

import dev.herald.packages.xml.XmlIds;
import java.util.Objects;

/**
 * Content-IDs of the parts of a resource list NOTIFY, written here without the angle brackets: an
 * RLMI cid attribute carries them so (RFC 4662 §5.5), a Content-ID header between brackets.
 */
public final class ContentIds {

  private ContentIds() {}

  /** The Content-ID of the state of {@code resourceUri} in the document {@code version} of a list subscription. */
  public static String forResource(String resourceUri, long version, String host) {
    return XmlIds.hashed("r", seed(resourceUri, version)) + "@" + checkedHost(host);
  }

  /** The Content-ID of one instance's state, where a resource has more than one instance. */
  public static String forInstance(String resourceUri, String instanceId, long version, String host) {
    Objects.requireNonNull(instanceId, "instanceId");
    return XmlIds.hashed("i", seed(resourceUri, version) + instanceId.length() + ":" + instanceId)
        + "@" + checkedHost(host);
  }

  /** The Content-ID of the RLMI document of {@code listUri}. */
  public static String forList(String listUri, long version, String host) {
    return XmlIds.hashed("l", seed(listUri, version)) + "@" + checkedHost(host);
  }

  /**
   * Whether {@code cid} is a msg-id without its brackets (RFC 2392 §2, RFC 5322 §3.6.4): a
   * dot-atom-text, "@", a dot-atom-text.
   */
  public static boolean isValid(String cid) {
    int at = cid.indexOf('@');
    return at >= 0 && isDotAtomText(cid.substring(0, at)) && isDotAtomText(cid.substring(at + 1));
  }

  // Lengths keep the fields apart whatever characters they hold.
  private static String seed(String uri, long version) {
    Objects.requireNonNull(uri, "uri");
    return uri.length() + ":" + uri + version + ":";
  }

  private static String checkedHost(String host) {
    if (host == null || !isDotAtomText(host)) {
      throw new IllegalArgumentException("not a Content-ID host: " + host);
    }
    return host;
  }

  // RFC 5322 §3.2.3: atext runs joined by single dots.
  private static boolean isDotAtomText(String text) {
    if (text.isEmpty() || text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
      return false;
    }
    return text.chars().allMatch(c -> c == '.' || isAtext(c));
  }

  private static boolean isAtext(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
  }
}
