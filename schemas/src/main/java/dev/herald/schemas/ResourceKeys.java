package dev.herald.schemas;

import java.util.Locale;
import java.util.Optional;

/**
 * Resource keys: {@code package|normalised-uri}, e.g. {@code presence|sip:bob@example.com}.
 * Every event that can change a resource carries this key, so one partition orders them.
 *
 * <p>Normalisation follows RFC 3261 §19.1.4: scheme and host compare case-insensitively, the
 * user part case-sensitively, and escaped unreserved characters equal their plain form; URI
 * parameters and headers are dropped, a port is kept only where written.
 */
public final class ResourceKeys {

  private ResourceKeys() {}

  public static String of(String eventPackage, String uri) {
    return eventPackage + "|" + normaliseUri(uri).orElseThrow(
        () -> new IllegalArgumentException("not a SIP URI: " + uri));
  }

  /** The package part of a key. */
  public static String packageOf(String resourceKey) {
    int bar = resourceKey.indexOf('|');
    return bar < 0 ? resourceKey : resourceKey.substring(0, bar);
  }

  /** The URI part of a key. */
  public static String uriOf(String resourceKey) {
    int bar = resourceKey.indexOf('|');
    return bar < 0 ? "" : resourceKey.substring(bar + 1);
  }

  /** The normalised form of a sip:, sips: or tel: URI, or empty if it is none of these. */
  public static Optional<String> normaliseUri(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String uri = raw.strip();
    if (uri.startsWith("<") && uri.endsWith(">")) {
      uri = uri.substring(1, uri.length() - 1);
    }
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = uri.substring(colon + 1);
    if (scheme.equals("tel")) {
      return Optional.of("tel:" + cut(rest, ';'));
    }
    if (!scheme.equals("sip") && !scheme.equals("sips")) {
      return Optional.empty();
    }
    rest = cut(cut(rest, '?'), ';');
    int at = rest.lastIndexOf('@');
    String user = at < 0 ? "" : rest.substring(0, at);
    String hostPort = at < 0 ? rest : rest.substring(at + 1);
    int userColon = user.indexOf(':');
    if (userColon >= 0) {
      user = user.substring(0, userColon);
    }
    if (hostPort.isEmpty()) {
      return Optional.empty();
    }
    String result = scheme + ":" + (user.isEmpty() ? "" : unescapeUnreserved(user) + "@")
        + hostPort.toLowerCase(Locale.ROOT);
    return Optional.of(result);
  }

  private static String cut(String s, char c) {
    int i = s.indexOf(c);
    return i < 0 ? s : s.substring(0, i);
  }

  private static String unescapeUnreserved(String user) {
    if (user.indexOf('%') < 0) {
      return user;
    }
    StringBuilder out = new StringBuilder(user.length());
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      if (c == '%' && i + 2 < user.length()) {
        int value = hex(user.charAt(i + 1)) * 16 + hex(user.charAt(i + 2));
        if (value >= 0 && isUnreserved((char) value)) {
          out.append((char) value);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static int hex(char c) {
    int d = Character.digit(c, 16);
    return d < 0 ? -1000 : d;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-_.!~*'()".indexOf(c) >= 0;
  }
}
