package dev.herald.edge.auth;

import dev.herald.avro.Credential;
import dev.herald.schemas.ResourceKeys;
import java.util.Locale;
import java.util.Optional;

/** Whose addresses an authenticated user may REGISTER and PUBLISH for. */
public final class IdentityRules {

  private IdentityRules() {}

  /** Its own AOR, an AOR its credential's {@code mayActFor} lists, or any AOR of a {@code *@domain} listed there. */
  public static boolean mayActFor(Credential credential, String targetUri) {
    Optional<String> target = ResourceKeys.normaliseUri(targetUri);
    if (target.isEmpty()) {
      return false;
    }
    if (target.equals(ResourceKeys.normaliseUri(credential.getAor()))) {
      return true;
    }
    String targetHost = hostOf(target.get());
    for (String entry : credential.getMayActFor()) {
      String allowed = entry.strip();
      if (allowed.startsWith("*@")) {
        if (allowed.substring(2).equalsIgnoreCase(targetHost)) {
          return true;
        }
      } else if (target.equals(ResourceKeys.normaliseUri(allowed.contains(":") ? allowed : "sip:" + allowed))) {
        return true;
      }
    }
    return false;
  }

  /** The host of a sip: or sips: URI, lower-cased; empty for one without (tel:). */
  public static String hostOf(String uri) {
    if (uri.regionMatches(true, 0, "tel:", 0, 4)) {
      return "";
    }
    String rest = uri.substring(uri.indexOf(':') + 1);
    int at = rest.lastIndexOf('@');
    String hostPort = at < 0 ? rest : rest.substring(at + 1);
    for (char end : new char[] {';', '?', '>'}) {
      int cut = hostPort.indexOf(end);
      if (cut >= 0) {
        hostPort = hostPort.substring(0, cut);
      }
    }
    int bracket = hostPort.indexOf(']');
    int colon = hostPort.indexOf(':', bracket < 0 ? 0 : bracket);
    return (colon < 0 ? hostPort : hostPort.substring(0, colon)).toLowerCase(Locale.ROOT);
  }
}
