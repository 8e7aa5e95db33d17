package dev.herald.registrant.accounts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax checks of account fields: SIP and SIPS URIs (RFC 3261 §19.1), Contact parameters and
 * sockets. Each check gives the problem, or empty when the value is good.
 */
final class SipSyntax {

  private static final Pattern HOSTNAME = Pattern.compile(
      "(?i)([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?\\.?");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+]");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?/%:]+");
  /** A Contact parameter: a token name, optionally = a token, a host or a quoted string without spaces. */
  private static final Pattern PARAMS = Pattern.compile(
      ";[A-Za-z0-9\\-.!%*_+`'~]+(=([A-Za-z0-9\\-.!%*_+`'~:\\[\\]]+|\"[^\"\\\\]*\"))?");
  private static final Pattern URI_PARAMS = Pattern.compile("(;[^;?]+)*(\\?.*)?");
  /** The transports uac_registrant's forced socket names (OpenSIPS' SIP protocols). */
  private static final Pattern PROTO = Pattern.compile("(?i)udp|tcp|tls|sctp|ws|wss");

  private SipSyntax() {}

  /**
   * Problems of a SIP or SIPS URI: scheme, host, port, and a user part only where {@code userAllowed}.
   */
  static Optional<String> sipUri(String value, boolean userAllowed) {
    String lower = value.toLowerCase(Locale.ROOT);
    String rest;
    if (lower.startsWith("sip:")) {
      rest = value.substring(4);
    } else if (lower.startsWith("sips:")) {
      rest = value.substring(5);
    } else {
      return Optional.of("is not a sip: or sips: URI");
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      if (!userAllowed) {
        return Optional.of("must not have a user part");
      }
      if (at == 0 || !USER.matcher(rest.substring(0, at)).matches()) {
        return Optional.of("has an empty or malformed user part");
      }
      rest = rest.substring(at + 1);
    }
    int end = firstOf(rest, ';', '?');
    String hostPort = rest.substring(0, end);
    if (!URI_PARAMS.matcher(rest.substring(end)).matches()) {
      return Optional.of("has malformed parameters");
    }
    return hostPort(hostPort, true);
  }

  /** Problems of {@code host[:port]}; without {@code portAllowed}, a port is one. */
  static Optional<String> hostPort(String value, boolean portAllowed) {
    String host = value;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return Optional.of("has an unclosed IPv6 reference");
      }
      host = value.substring(0, close + 1);
      if (close + 1 < value.length()) {
        if (value.charAt(close + 1) != ':') {
          return Optional.of("has text after the IPv6 reference");
        }
        port = value.substring(close + 2);
      }
    } else {
      int colon = value.indexOf(':');
      if (colon >= 0) {
        host = value.substring(0, colon);
        port = value.substring(colon + 1);
      }
    }
    if (!validHost(host)) {
      return Optional.of("has no valid host");
    }
    if (port != null) {
      if (!portAllowed) {
        return Optional.of("must not have a port");
      }
      if (!validPort(port)) {
        return Optional.of("has a port that is not 1 to 65535");
      }
    }
    return Optional.empty();
  }

  /** Problems of Contact parameters: each {@code ;name} or {@code ;name=value}, starting with ';'. */
  static Optional<String> contactParams(String value) {
    if (!value.startsWith(";")) {
      return Optional.of("must start with ';'");
    }
    if (!PARAMS.matcher(value).replaceAll("").isEmpty()) {
      return Optional.of("are not ;name or ;name=value parameters");
    }
    return Optional.empty();
  }

  /** Problems of a socket {@code [proto:]host[:port]}, as OpenSIPS parses a forced socket. */
  static Optional<String> socket(String value) {
    String rest = value;
    int colon = value.indexOf(':');
    if (colon > 0 && PROTO.matcher(value.substring(0, colon)).matches()) {
      rest = value.substring(colon + 1);
    } else if (colon > 0 && !value.startsWith("[") && value.indexOf(':', colon + 1) > 0) {
      return Optional.of("names an unknown transport " + value.substring(0, colon)
          + " (udp, tcp, tls, sctp, ws or wss)");
    }
    if (rest.isEmpty()) {
      return Optional.of("has no host");
    }
    return hostPort(rest, true);
  }

  static boolean validPort(String port) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int number = Integer.parseInt(port);
    return number >= 1 && number <= 65535;
  }

  private static boolean validHost(String host) {
    if (host.isEmpty()) {
      return false;
    }
    if (host.startsWith("[")) {
      return IPV6.matcher(host).matches();
    }
    var ipv4 = IPV4.matcher(host);
    if (ipv4.matches()) {
      for (int group = 1; group <= 4; group++) {
        if (Integer.parseInt(ipv4.group(group)) > 255) {
          return false;
        }
      }
      return true;
    }
    return host.length() <= 253 && HOSTNAME.matcher(host).matches() && !host.matches("[0-9.]+");
  }

  private static int firstOf(String text, char a, char b) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == a || text.charAt(i) == b) {
        return i;
      }
    }
    return text.length();
  }
}
