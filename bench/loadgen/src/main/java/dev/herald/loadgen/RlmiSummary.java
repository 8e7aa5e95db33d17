package dev.herald.loadgen;

import java.util.Locale;

/**
 * What the rls mode reads of a list NOTIFY (RFC 4662): the RLMI root's {@code version} and
 * {@code fullState}, and how many {@code <resource>} elements it names (every member in full
 * state, the changed ones in partial state). A plain text scan of the multipart body, enough for
 * the RLMI that Herald and Kamailio write: the first {@code <list} element whose namespace is
 * RLMI's is the root; a nested list's RLMI, in a part of its own, is not counted.
 *
 * @param version the root's version attribute, -1 when absent
 * @param fullState the root's fullState attribute; null when there is no RLMI root
 * @param resources the {@code <resource>} elements of the root document
 */
record RlmiSummary(long version, Boolean fullState, int resources) {

  static final String RLMI_NAMESPACE = "urn:ietf:params:xml:ns:rlmi";

  /** Whether the body had an RLMI root at all. */
  boolean found() {
    return fullState != null;
  }

  /** Reads the RLMI root of a multipart/related body (or of a bare RLMI document). */
  static RlmiSummary of(String body) {
    int namespace = body.indexOf(RLMI_NAMESPACE);
    if (namespace < 0) {
      return new RlmiSummary(-1, null, 0);
    }
    int start = body.lastIndexOf('<', namespace);
    if (start < 0) {
      return new RlmiSummary(-1, null, 0);
    }
    int tagEnd = body.indexOf('>', namespace);
    if (tagEnd < 0) {
      return new RlmiSummary(-1, null, 0);
    }
    String root = body.substring(start, tagEnd + 1);
    String full = attribute(root, "fullState");
    String version = attribute(root, "version");
    int end = root.endsWith("/>") ? tagEnd : closing(body, root, tagEnd);
    return new RlmiSummary(number(version), full == null ? null : isTrue(full),
        count(body, prefixed(root, "resource"), tagEnd, end));
  }

  /** The value of attribute {@code name} in a start tag, or null. */
  static String attribute(String tag, String name) {
    int from = 0;
    while (true) {
      int at = tag.indexOf(name, from);
      if (at < 0) {
        return null;
      }
      from = at + name.length();
      char before = at == 0 ? ' ' : tag.charAt(at - 1);
      int i = from;
      while (i < tag.length() && Character.isWhitespace(tag.charAt(i))) {
        i++;
      }
      if (!Character.isWhitespace(before) || i >= tag.length() || tag.charAt(i) != '=') {
        continue;
      }
      i++;
      while (i < tag.length() && Character.isWhitespace(tag.charAt(i))) {
        i++;
      }
      if (i >= tag.length() || (tag.charAt(i) != '"' && tag.charAt(i) != '\'')) {
        return null;
      }
      int close = tag.indexOf(tag.charAt(i), i + 1);
      return close < 0 ? null : tag.substring(i + 1, close);
    }
  }

  private static boolean isTrue(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.equals("true") || v.equals("1");
  }

  private static long number(String value) {
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code local} with the prefix the root element's name has ({@code rlmi:list} gives {@code rlmi:resource}). */
  private static String prefixed(String root, String local) {
    int nameEnd = 1;
    while (nameEnd < root.length() && !Character.isWhitespace(root.charAt(nameEnd)) && root.charAt(nameEnd) != '>'
        && root.charAt(nameEnd) != '/') {
      nameEnd++;
    }
    String name = root.substring(1, nameEnd);
    int colon = name.indexOf(':');
    return colon < 0 ? local : name.substring(0, colon + 1) + local;
  }

  /** Where the root element closes: its end tag, else the end of the body. */
  private static int closing(String body, String root, int from) {
    String name = prefixed(root, "list");
    int end = body.indexOf("</" + name, from);
    return end < 0 ? body.length() : end;
  }

  private static int count(String body, String element, int from, int to) {
    int count = 0;
    String open = "<" + element;
    int at = body.indexOf(open, from);
    while (at >= 0 && at < to) {
      int after = at + open.length();
      if (after < body.length()) {
        char c = body.charAt(after);
        if (Character.isWhitespace(c) || c == '>' || c == '/') {
          count++;
        }
      }
      at = body.indexOf(open, after);
    }
    return count;
  }
}
