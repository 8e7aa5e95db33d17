package dev.herald.packages.xml;

/**
 * Text made fit for an XML 1.0 document. The DOM escapes markup characters, but a character that
 * XML 1.0 does not allow at all (most C0 controls, a lone surrogate) cannot be escaped: written as
 * a character reference it still makes the document malformed. SIP lets such characters into
 * display names and URIs (RFC 3261 §25.1 quoted-pair), so values from a request pass here first.
 */
public final class XmlText {

  private static final char REPLACEMENT = '\uFFFD';

  private XmlText() {}

  /** {@code text} with every character outside the XML 1.0 Char production (§2.2) replaced by U+FFFD. */
  public static String legal(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int width = 1;
      boolean legal;
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        width = 2;
        legal = true;
      } else {
        legal = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
      }
      if (!legal && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        if (legal) {
          out.append(text, i, i + width);
        } else {
          out.append(REPLACEMENT);
        }
      }
      i += width - 1;
    }
    return out == null ? text : out.toString();
  }

  /** Appends {@code text} as an attribute value between double quotes (XML 1.0 §2.3, §3.3.3). */
  public static void appendAttribute(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        // Attribute-value normalisation would turn these into spaces.
        case '\t' -> out.append("&#9;");
        case '\n' -> out.append("&#10;");
        case '\r' -> out.append("&#13;");
        default -> out.append(c);
      }
    }
  }
}
