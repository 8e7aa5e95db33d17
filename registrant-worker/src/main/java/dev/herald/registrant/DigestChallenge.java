package dev.herald.registrant;

import java.util.Locale;

/**
 * One digest challenge of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) response.
 *
 * @param proxy whether it came in a 407, so the answer goes in Proxy-Authorization (RFC 3261 §22.3)
 * @param algorithm the algorithm parameter as given; null means MD5 (RFC 7616 §3.3)
 * @param qop the qop options as given, e.g. {@code auth,auth-int}; null when the registrar offered none
 * @param stale true when only the nonce had expired (RFC 7616 §3.3)
 */
public record DigestChallenge(boolean proxy, String realm, String nonce, String algorithm, String qop, String opaque,
    boolean stale) {

  /** Whether {@code auth} is among the qop options (RFC 7616 §3.3: a comma-separated list). */
  public boolean offersQopAuth() {
    if (qop == null) {
      return false;
    }
    for (String option : qop.split(",")) {
      if (option.strip().toLowerCase(Locale.ROOT).equals("auth")) {
        return true;
      }
    }
    return false;
  }
}
