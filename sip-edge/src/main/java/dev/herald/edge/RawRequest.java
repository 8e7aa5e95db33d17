package dev.herald.edge;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the edge needs of a UDP request to refuse it without JAIN-SIP's parse: its method, Event
 * package, server transaction id ({@link RequestIds}) and the header lines a response copies (RFC 3261
 * §8.2.6.2: Via, From, To, Call-ID, CSeq), as they came. Only requests to the processor (SUBSCRIBE,
 * PUBLISH, REGISTER) in the plain shape clients send are read; anything else (folded lines, an IPv6,
 * quoted or non-UDP Via, maddr, a branch without the RFC 3261 cookie, a header missing or given twice,
 * a CSeq of another method) is empty, and the stack parses it as usual.
 *
 * @param sentByHost the top Via's host, as it came (JAIN-SIP's parse keeps its case too)
 * @param sentByPort the top Via's port, -1 when it names none
 * @param rport whether the top Via asks for rport (RFC 3581)
 * @param topVia the first value of the top Via, in parts: protocol and sent-by, then each parameter
 * @param topViaRest the rest of the top Via's line after its first value (", ..."), or empty
 * @param otherVias the other Via lines, whole
 */
record RawRequest(String method, String eventPackage, String requestId, String sentByHost, int sentByPort,
    boolean rport, List<String> topVia, String topViaRest, List<String> otherVias, String from, String to,
    boolean toTagged, String callId, String cseq) {

  private static final Set<String> TO_PROCESSOR = Set.of("SUBSCRIBE", "PUBLISH", "REGISTER");
  private static final String MAGIC_COOKIE = "z9hG4bK";
  private static final int DEFAULT_PORT = 5060;

  /** The request in {@code data[offset, offset + length)}, if it is one the edge can refuse unparsed. */
  static Optional<RawRequest> read(byte[] data, int offset, int length) {
    String text = new String(data, offset, length, StandardCharsets.ISO_8859_1);
    int headersEnd = text.indexOf("\r\n\r\n");
    int lineEnd = text.indexOf("\r\n");
    if (headersEnd < 0 || lineEnd <= 0) {
      return Optional.empty();
    }
    String requestLine = text.substring(0, lineEnd);
    int space = requestLine.indexOf(' ');
    if (space <= 0 || !requestLine.endsWith(" SIP/2.0")) {
      return Optional.empty();
    }
    String method = requestLine.substring(0, space);
    if (!TO_PROCESSOR.contains(method)) {
      return Optional.empty();
    }
    Lines lines = new Lines();
    for (int start = lineEnd + 2; start < headersEnd; ) {
      int end = text.indexOf("\r\n", start);
      if (!lines.take(text.substring(start, end))) {
        return Optional.empty();
      }
      start = end + 2;
    }
    return lines.request(method);
  }

  /**
   * Where a response goes (RFC 3261 §18.2.2, RFC 3581 §4): the source address of the request, at its
   * source port when the Via asks for rport, else at the sent-by port.
   */
  InetSocketAddress responseDestination(InetAddress source, int sourcePort) {
    return new InetSocketAddress(source, rport ? sourcePort : sentByPort > 0 ? sentByPort : DEFAULT_PORT);
  }

  /** A 503 with Retry-After for the request that came from {@code source}, its To-tag that of {@link RequestIds#tagFor}. */
  byte[] serviceUnavailable(InetAddress source, int sourcePort, int retryAfterSeconds) {
    StringBuilder out = new StringBuilder(512).append("SIP/2.0 503 Service Unavailable\r\nVia: ");
    out.append(topVia.get(0));
    for (String parameter : topVia.subList(1, topVia.size())) {
      // RFC 3581 §4: rport gets the source port.
      out.append(';').append(rport && parameter.equalsIgnoreCase("rport") ? "rport=" + sourcePort : parameter);
    }
    String sourceAddress = source.getHostAddress();
    if (rport || !sentByHost.equals(sourceAddress)) {
      // RFC 3261 §18.2.1; RFC 3581 §4 adds it whenever rport is asked for.
      out.append(";received=").append(sourceAddress);
    }
    out.append(topViaRest).append("\r\n");
    otherVias.forEach(line -> out.append(line).append("\r\n"));
    out.append(from).append("\r\n").append(to);
    if (!toTagged) {
      // RFC 3261 §8.2.6.2
      out.append(";tag=").append(RequestIds.tagFor(requestId));
    }
    out.append("\r\n").append(callId).append("\r\n").append(cseq).append("\r\n")
        .append("Retry-After: ").append(retryAfterSeconds).append("\r\nContent-Length: 0\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The header lines of a request, as far as they are in the plain shape. */
  private static final class Lines {
    final List<String> vias = new ArrayList<>();
    String from;
    String to;
    String callId;
    String cseq;
    String event;
    /** A header that allows one value came twice (RFC 3261 §7.3.1): the stack answers that. */
    boolean repeated;

    /** Takes one header line; false when the request is not one to read here. */
    boolean take(String line) {
      if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        return false;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return false;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "via", "v" -> vias.add(line);
        case "from", "f" -> from = once(from, line);
        case "to", "t" -> to = once(to, line);
        case "call-id", "i" -> callId = once(callId, line);
        case "cseq" -> cseq = once(cseq, line);
        case "event", "o" -> event = once(event, value);
        default -> {
          return true;
        }
      }
      return !repeated;
    }

    private String once(String before, String line) {
      repeated |= before != null;
      return line;
    }

    Optional<RawRequest> request(String method) {
      if (vias.isEmpty() || from == null || to == null || callId == null || cseq == null) {
        return Optional.empty();
      }
      String[] cseqParts = valueOf(cseq).split("\\s+");
      if (cseqParts.length != 2 || !cseqParts[1].equals(method) || !cseqParts[0].chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      String viaValue = valueOf(vias.get(0));
      if (viaValue.indexOf('"') >= 0 || viaValue.indexOf('[') >= 0) {
        return Optional.empty();
      }
      int comma = viaValue.indexOf(',');
      String first = comma < 0 ? viaValue : viaValue.substring(0, comma).trim();
      String rest = comma < 0 ? "" : viaValue.substring(comma);
      List<String> parts = new ArrayList<>(List.of(first.split(";", -1)));
      String protocolAndSentBy = parts.get(0).trim();
      if (!protocolAndSentBy.regionMatches(true, 0, "SIP/2.0/UDP ", 0, 12)) {
        return Optional.empty();
      }
      String sentBy = protocolAndSentBy.substring(12).trim();
      int portAt = sentBy.indexOf(':');
      String host = portAt < 0 ? sentBy : sentBy.substring(0, portAt);
      int port = -1;
      if (portAt >= 0) {
        String digits = sentBy.substring(portAt + 1);
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
          return Optional.empty();
        }
        port = Integer.parseInt(digits);
      }
      if (host.isEmpty() || host.chars().anyMatch(c -> c == ' ' || c == '\t')) {
        return Optional.empty();
      }
      String branch = null;
      boolean rport = false;
      List<String> parameters = new ArrayList<>();
      parameters.add("SIP/2.0/UDP " + sentBy);
      for (String parameter : parts.subList(1, parts.size())) {
        String p = parameter.trim();
        int eq = p.indexOf('=');
        String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        switch (name) {
          case "branch" -> branch = eq < 0 ? null : p.substring(eq + 1).trim();
          case "rport" -> rport = eq < 0;
          case "received", "maddr", "" -> {
            return Optional.empty();
          }
          default -> { }
        }
        parameters.add(p);
      }
      if (branch == null || !branch.startsWith(MAGIC_COOKIE)) {
        return Optional.empty();
      }
      // RequestIds.of: §17.2.3, branch, sent-by and method.
      String requestId = branch + "|" + method + "|" + host + ":" + port;
      String eventPackage = event == null ? null : eventPackageOf(event);
      List<String> otherVias = List.copyOf(vias.subList(1, vias.size()));
      return Optional.of(new RawRequest(method, eventPackage, requestId, host, port, rport, List.copyOf(parameters),
          rest, otherVias, from, to, tagged(valueOf(to)), callId, cseq));
    }

    private static String valueOf(String line) {
      return line.substring(line.indexOf(':') + 1).trim();
    }

    private static String eventPackageOf(String value) {
      int semicolon = value.indexOf(';');
      return (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
    }

    /** Whether a To value has a tag parameter: after the name-addr's {@code >}, or anywhere in a bare addr-spec (RFC 3261 §20.39). */
    private static boolean tagged(String value) {
      int close = value.lastIndexOf('>');
      String parameters = (value.indexOf('<') >= 0 ? (close < 0 ? "" : value.substring(close + 1)) : value)
          .replace(" ", "").replace("\t", "").toLowerCase(Locale.ROOT);
      return parameters.contains(";tag=");
    }
  }

  /** Whether the gate can answer from {@code source}: JAIN-SIP's received/rport handling is for IPv4 here. */
  static boolean answerable(InetAddress source) {
    return source instanceof Inet4Address;
  }
}
