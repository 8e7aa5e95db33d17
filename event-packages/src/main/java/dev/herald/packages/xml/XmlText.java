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

  /**
   * Appends {@code text} as an attribute value between double quotes (XML 1.0 §2.3, §3.3.3), as the
   * JDK's serializer writes one: a supplementary character as a character reference.
   */
  public static void appendAttribute(StringBuilder out, String text) {
    append(out, text, true);
  }

  /** Appends {@code text} as character data (XML 1.0 §2.4), as the JDK's serializer writes it. */
  static void appendText(StringBuilder out, String text) {
    append(out, text, false);
  }

  /** Appends the runs between escapes whole, since most values need none. */
  private static void append(StringBuilder out, String text, boolean attribute) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escaped = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        // A parser's end-of-line handling (§2.11) would drop it.
        case '\r' -> "&#13;";
        case '"' -> attribute ? "&quot;" : null;
        // Attribute-value normalisation would turn these into spaces.
        case '\t' -> attribute ? "&#9;" : null;
        case '\n' -> attribute ? "&#10;" : null;
        default -> null;
      };
      int codePoint;
      if (escaped != null) {
        codePoint = -1;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        codePoint = Character.toCodePoint(c, text.charAt(i + 1));
      } else if (!attribute && c >= 0x7F && c <= 0x9F) {
        // The controls §2.2 discourages: the JDK's serializer writes them as references in text only.
        codePoint = c;
      } else {
        continue;
      }
      out.append(text, run, i);
      if (escaped != null) {
        out.append(escaped);
      } else {
        out.append("&#").append(codePoint).append(';');
        i += Character.charCount(codePoint) - 1;
      }
      run = i + 1;
    }
    if (run == 0) {
      out.append(text);
    } else {
      out.append(text, run, text.length());
    }
  }
}
