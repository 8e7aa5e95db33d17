package dev.herald.packages.state;

import java.util.Locale;

/** Comparison of Contact URIs as a registrar needs it. */
final class ContactUris {

  private ContactUris() {}

  /**
   * RFC 3261 §19.1.4, as far as bindings need it: scheme and host compare without case, user and
   * the rest exactly. URI parameters take part in the comparison as written (a client that
   * changes them registers a new binding, which expires on its own).
   */
  static boolean equivalent(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    return canonical(a).equals(canonical(b));
  }

  private static String canonical(String uri) {
    int colon = uri.indexOf(':');
    if (colon < 0) {
      return uri;
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = uri.substring(colon + 1);
    int at = rest.indexOf('@');
    String user = at < 0 ? "" : rest.substring(0, at + 1);
    String hostAndMore = at < 0 ? rest : rest.substring(at + 1);
    int end = hostAndMore.length();
    for (int i = 0; i < hostAndMore.length(); i++) {
      char c = hostAndMore.charAt(i);
      if (c == ';' || c == '?' || c == ':') {
        end = i;
        break;
      }
    }
    return scheme + ":" + user + hostAndMore.substring(0, end).toLowerCase(Locale.ROOT) + hostAndMore.substring(end);
  }
}
