package dev.herald.packages.xml;

import java.nio.charset.StandardCharsets;

/**
 * Stamps the {@code version} attribute of a serialized document's root, byte by byte. Documents whose
 * version counts the NOTIFYs of one subscription (RFC 4235 §4.1, RFC 4575 §5.1) are composed once per
 * change and stamped per watcher, which costs a copy instead of a serialization.
 */
public final class RootVersion {

  private static final byte[] VERSION_START = " version=\"".getBytes(StandardCharsets.US_ASCII);

  private RootVersion() {}

  /**
   * {@code document} with its root's version replaced by {@code version}. The root must be named
   * {@code rootName} (with any prefix) and carry a version attribute.
   */
  public static byte[] restamp(byte[] document, String rootName, long version) {
    if (version < 0) {
      throw new IllegalArgumentException("negative version: " + version);
    }
    int[] tag = rootTag(document, rootName);
    int tagEnd = tag == null ? -1 : tag[1];
    // A serializer escapes quotes in attribute values, so the tag's first ` version="` is the attribute.
    int attribute = tag == null ? -1 : indexOf(document, VERSION_START, tag[0], tagEnd);
    int valueStart = attribute + VERSION_START.length;
    int valueEnd = attribute < 0 ? -1 : indexOf(document, new byte[] {'"'}, valueStart, tagEnd);
    if (valueEnd < 0) {
      throw new IllegalArgumentException("not a document whose root " + rootName + " has a version");
    }
    byte[] digits = Long.toString(version).getBytes(StandardCharsets.US_ASCII);
    byte[] stamped = new byte[document.length - (valueEnd - valueStart) + digits.length];
    System.arraycopy(document, 0, stamped, 0, valueStart);
    System.arraycopy(digits, 0, stamped, valueStart, digits.length);
    System.arraycopy(document, valueEnd, stamped, valueStart + digits.length, document.length - valueEnd);
    return stamped;
  }

  /** Where the root's start tag begins (its '<') and ends (its '>'), or null when the root is not {@code rootName}. */
  private static int[] rootTag(byte[] document, String rootName) {
    int i = 0;
    while (i < document.length) {
      int open = indexOf(document, new byte[] {'<'}, i, document.length);
      if (open < 0 || open + 1 >= document.length) {
        return null;
      }
      byte next = document[open + 1];
      if (next == '?' || next == '!') {
        i = open + 1;
        continue;
      }
      int nameEnd = open + 1;
      while (nameEnd < document.length && document[nameEnd] != ' ' && document[nameEnd] != '>'
          && document[nameEnd] != '/' && document[nameEnd] != '\t' && document[nameEnd] != '\n'
          && document[nameEnd] != '\r') {
        nameEnd++;
      }
      String name = new String(document, open + 1, nameEnd - open - 1, StandardCharsets.UTF_8);
      String local = name.substring(name.indexOf(':') + 1);
      int end = indexOf(document, new byte[] {'>'}, nameEnd, document.length);
      return local.equals(rootName) && end > 0 ? new int[] {open, end} : null;
    }
    return null;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
    for (int i = from; i <= Math.min(haystack.length, to) - needle.length; i++) {
      int matched = 0;
      while (matched < needle.length && haystack[i + matched] == needle[matched]) {
        matched++;
      }
      if (matched == needle.length) {
        return i;
      }
    }
    return -1;
  }
}
