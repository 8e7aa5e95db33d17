package dev.herald.edge;

import dev.herald.common.sip.DatagramGates;
import gov.nist.javax.sip.header.Expires;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sip.InvalidArgumentException;
import javax.sip.header.ViaHeader;

/**
 * JAIN-SIP's parser, made strict where it silently repairs requests that RFC 3261 calls invalid
 * (found with the RFC 4475 torture messages). The edge parses nothing else itself, so what passes
 * here reaches the processor as valid. Installed as {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}.
 * A request it rejects is answered 400 with a reason phrase naming the problem ({@link BadRequests}),
 * over UDP and TCP alike, and never reaches the stack's listener.
 *
 * <ul>
 *   <li>To, From, Call-ID and CSeq are present and parse (RFC 3261 §8.1.1, §8.2): "400 Missing
 *       Call-ID", "400 Bad CSeq". JAIN-SIP drops a request missing one without an answer, and
 *       over TCP answers none that does not parse. Without a Via, or with one that does not
 *       parse, there is nowhere sure to answer: dropped, with a rate-limited log line.
 *   <li>Expires is delta-seconds (RFC 3261 §20.19, §25.1): "400 Bad Expires" for -1 or abc.
 *       JAIN-SIP drops such a header and keeps the request, which then gets the default expiry.
 *   <li>Request-Line: exactly one SP between its three parts, nothing after the version (RFC 4475
 *       §3.1.2.9, §3.1.2.10). JAIN-SIP reports every version as SIP/2.0, so the real one is put
 *       back: the stack then answers 505 (§3.1.2.16).
 *   <li>A header field that allows one value appears once (RFC 3261 §7.3.1; RFC 4475 §3.3.8,
 *       §3.3.9). JAIN-SIP keeps the first copy, or the last Content-Length.
 *   <li>From, To and Contact: a display name is a quoted string or tokens, an addr-spec in
 *       &lt;&gt; holds no whitespace, and a URI with headers ("?") is in &lt;&gt; (RFC 3261 §20,
 *       §25.1; RFC 4475 §3.1.2.13-15).
 * </ul>
 *
 * <p>And lenient where JAIN-SIP is stricter than RFC 3261: over UDP a request without
 * Content-Length has a body that runs to the end of the datagram (§18.3, §20.14); JAIN-SIP reads
 * no body then. Softphones leave Content-Length out over UDP.
 */
public final class StrictMessageParser implements MessageParserFactory {

  /** The JAIN-SIP stack property naming this factory. */
  static final String PROPERTY = "gov.nist.javax.sip.MESSAGE_PARSER_FACTORY";

  /** The headers whose parse errors {@link HeaderProblems} keeps, by full and compact name. */
  private static final Map<String, String> KEPT = Map.of("from", "From", "f", "From", "to", "To",
      "t", "To", "call-id", "Call-ID", "i", "Call-ID", "cseq", "CSeq", "expires", "Expires",
      "via", "Via", "v", "Via");
  private static final BigInteger MAX_DELTA_SECONDS = BigInteger.valueOf(4294967295L);

  private final MessageParserFactory lenient = new StringMsgParserFactory();

  /** Instantiated by JAIN-SIP. */
  public StrictMessageParser() {}

  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    MessageParser parser = lenient.createMessageParser(stack);
    String stackName = stack instanceof SipStackImpl named ? named.getStackName() : null;
    return (bytes, readBody, strict, listener) -> {
      if (listener instanceof UDPMessageChannel) {
        // The datagram has left the stack's queue: EarlyShedding counts those still waiting.
        DatagramGates.taken(stackName);
      }
      // The listener is the channel the bytes came in on (null when there is none).
      HeaderProblems problems = new HeaderProblems(listener);
      SIPMessage message = parser.parseSIPMessage(bytes, readBody, strict, problems);
      if (!(message instanceof SIPRequest request)) {
        return message;
      }
      if (problems.viaBroken) {
        // The Vias that did parse may be any but the top one: an answer could go anywhere.
        request.removeHeader(ViaHeader.NAME);
      }
      String problem = problems.viaBroken ? "Bad Via"
          : problems.first != null ? problems.first : missingHeader(request);
      int bodyStart = -1;
      if (problem == null) {
        try {
          bodyStart = check(request, bytes);
        } catch (ParseException e) {
          problem = e.getMessage();
        }
      }
      if (problem != null) {
        return BadRequests.reject(request, problem, listener);
      }
      if (problems.expiresBeyondInt && request.getExpires() == null) {
        request.setHeader(largestExpires());
      }
      // readBody: the bytes are one datagram (UDP); over TCP Content-Length frames the message.
      if (readBody && bodyStart >= 0) {
        bodyToEndOfDatagram(request, bytes, bodyStart);
      }
      return request;
    };
  }

  /** "Missing X" for the first header RFC 3261 §8.1.1 requires that the request lacks, or null. */
  static String missingHeader(SIPRequest request) {
    if (request.getFrom() == null) {
      return "Missing From";
    }
    if (request.getTo() == null) {
      return "Missing To";
    }
    if (request.getCallId() == null || request.getCallId().getCallId() == null
        || request.getCallId().getCallId().isEmpty()) {
      return "Missing Call-ID";
    }
    if (request.getCSeq() == null) {
      return "Missing CSeq";
    }
    if (request.getViaHeaders() == null || request.getViaHeaders().isEmpty()) {
      return "Missing Via";
    }
    return null;
  }

  private static Expires largestExpires() {
    Expires expires = new Expires();
    try {
      expires.setExpires(Integer.MAX_VALUE);
    } catch (InvalidArgumentException e) {
      throw new IllegalStateException(e);
    }
    return expires;
  }

  /**
   * Stands between JAIN-SIP's parser and the channel while a message is parsed. In a request,
   * notes the first of From, To, Call-ID, CSeq and Expires that does not parse, and any Via that
   * does not, instead of letting the channel see it: JAIN-SIP's TCP channel would close the
   * connection, its UDP channel would answer a 400 it cannot build without all of them (and with
   * the exception's message, line breaks and all, as reason phrase), and both drop a bad Expires
   * silently. Everything else goes to the channel as before.
   */
  static final class HeaderProblems implements ParseExceptionListener {
    private final ParseExceptionListener channel;
    String first;
    /** An Expires of delta-seconds beyond what JAIN-SIP holds (2^31-1) but within RFC 3261's 2^32-1. */
    boolean expiresBeyondInt;
    /** A Via that does not parse: the request's answer has nowhere sure to go. */
    boolean viaBroken;

    HeaderProblems(ParseExceptionListener channel) {
      this.channel = channel;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void handleException(ParseException ex, SIPMessage message, Class headerClass, String header,
        String text) throws ParseException {
      boolean line = headerClass == RequestLine.class || headerClass == StatusLine.class;
      String name = message instanceof SIPRequest && !line ? nameOf(header) : null;
      String canonical = name == null ? null : KEPT.get(name);
      if (canonical != null) {
        if (canonical.equals("Expires") && withinDeltaSeconds(header.substring(header.indexOf(':') + 1).trim())) {
          expiresBeyondInt = true;
        } else if (canonical.equals("Via")) {
          viaBroken = true;
        } else if (first == null) {
          first = "Bad " + canonical;
        }
        return;
      }
      if (channel != null) {
        channel.handleException(ex, message, headerClass, header, text);
      } else if (headerClass == null || line) {
        // What JAIN-SIP's parser does without a listener; it drops any other header that fails.
        throw ex;
      }
    }

    private static String nameOf(String header) {
      int colon = header == null ? -1 : header.indexOf(':');
      return colon < 0 ? null : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    }

    /** RFC 3261 §20.19: delta-seconds up to 2^32-1 are valid. */
    private static boolean withinDeltaSeconds(String value) {
      return value.matches("[0-9]{1,64}") && new BigInteger(value).compareTo(MAX_DELTA_SECONDS) <= 0;
    }
  }

  /**
   * Checks the request; where its body starts in {@code bytes} (past the blank line, or the length
   * when there is none), negative when its head has a Content-Length.
   */
  static int check(SIPRequest request, byte[] bytes) throws ParseException {
    // Over UDP the bytes are the datagram; over TCP JAIN-SIP's pipelined parser hands over the
    // message rebuilt with bare LF line ends. Both are read alike. ISO-8859-1: a byte is a char.
    int start = 0;
    while (lineEndLength(bytes, start) > 0) {
      start += lineEndLength(bytes, start);
    }
    int headEnd = bytes.length;
    int bodyStart = bytes.length;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == '\n' && lineEndLength(bytes, i + 1) > 0) {
        headEnd = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        bodyStart = i + 1 + lineEndLength(bytes, i + 1);
        break;
      }
    }
    int to = logicalLineEnd(bytes, start, headEnd);
    String version = requestLineVersion(text(bytes, start, to));
    int seen = 0;
    boolean contentLength = false;
    for (int from = to + lineEndLength(bytes, to); from < headEnd; from = to + lineEndLength(bytes, to)) {
      to = logicalLineEnd(bytes, from, headEnd);
      String folded = isFolded(bytes, from, to) ? text(bytes, from, to) : null;
      int name = folded != null ? headerOf(folded) : headerOf(bytes, from, to);
      if (name < 0) {
        continue;
      }
      if (name < SINGLE_NAMES && (seen & (1 << name)) != 0) {
        throw new ParseException("Duplicate " + CANONICAL[name] + " header", 0);
      }
      seen |= 1 << name;
      contentLength |= name == CONTENT_LENGTH;
      if (name >= FROM) {
        String line = folded != null ? folded : text(bytes, from, to);
        checkAddresses(name, line.substring(line.indexOf(':') + 1).trim());
      }
    }
    if (!version.equalsIgnoreCase("SIP/2.0")) {
      request.getRequestLine().setSipVersion(version);
    }
    return contentLength ? -1 : bodyStart;
  }

  /** 2 for CRLF, 1 for a bare LF at {@code i}, else 0. */
  private static int lineEndLength(byte[] bytes, int i) {
    if (i < bytes.length && bytes[i] == '\n') {
      return 1;
    }
    return i + 1 < bytes.length && bytes[i] == '\r' && bytes[i + 1] == '\n' ? 2 : 0;
  }

  /** The end of the header field starting at {@code from}, past its continuation lines (RFC 3261 §7.3.1). */
  private static int logicalLineEnd(byte[] bytes, int from, int headEnd) {
    for (int i = from; i < headEnd; i++) {
      if (bytes[i] == '\n' && (i + 1 >= headEnd || !isBlank(bytes[i + 1]))) {
        return i > from && bytes[i - 1] == '\r' ? i - 1 : i;
      }
    }
    return headEnd;
  }

  private static boolean isFolded(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return true;
      }
    }
    return false;
  }

  /** The field at [from, to) as text; RFC 3261 §7.3.1: a line end followed by whitespace is one SP. */
  private static String text(byte[] bytes, int from, int to) {
    if (!isFolded(bytes, from, to)) {
      return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
    StringBuilder line = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = (char) (bytes[i] & 0xff);
      if (c == '\r' && i + 1 < to && bytes[i + 1] == '\n' || c == '\n') {
        i += c == '\r' ? 2 : 1;
        while (i < to && isBlank(bytes[i])) {
          i++;
        }
        i--;
        line.append(' ');
      } else {
        line.append(c);
      }
    }
    return line.toString();
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  /** The SIP-Version of a Request-Line of three parts with one SP between each (RFC 4475 §3.1.2.9, §3.1.2.10). */
  private static String requestLineVersion(String line) throws ParseException {
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (first <= 0 || second <= first + 1 || second == line.length() - 1) {
      throw new ParseException("Malformed Request-Line", 0);
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r' || c == ' ' && i != first && i != second) {
        throw new ParseException("Malformed Request-Line", 0);
      }
    }
    return line.substring(second + 1);
  }

  /**
   * The headers checked, by index: those before {@link #SINGLE_NAMES} allow one value; From and
   * those after it hold addresses.
   */
  private static final String[] CANONICAL = {"Call-ID", "CSeq", "Max-Forwards", "Content-Length",
      "Content-Type", "From", "To", "Contact"};
  private static final int CONTENT_LENGTH = 3;
  private static final int FROM = 5;
  private static final int SINGLE_NAMES = 7;
  private static final int CONTACT = 7;
  /** The full and compact names of each header above (RFC 3261 §7.3.3), lower case. */
  private static final String[][] NAMES = {{"call-id", "i"}, {"cseq"}, {"max-forwards"},
      {"content-length", "l"}, {"content-type", "c"}, {"from", "f"}, {"to", "t"}, {"contact", "m"}};

  /** Which of the headers above the field at [from, to) is, or -1 (also for a line without ':'). */
  private static int headerOf(byte[] bytes, int from, int to) {
    int colon = from;
    while (colon < to && bytes[colon] != ':') {
      colon++;
    }
    if (colon == to) {
      return -1;
    }
    int nameStart = from;
    int nameEnd = colon;
    while (nameStart < nameEnd && (bytes[nameStart] & 0xff) <= ' ') {
      nameStart++;
    }
    while (nameEnd > nameStart && (bytes[nameEnd - 1] & 0xff) <= ' ') {
      nameEnd--;
    }
    for (int header = 0; header < NAMES.length; header++) {
      for (String name : NAMES[header]) {
        if (sameName(name, bytes, nameStart, nameEnd)) {
          return header;
        }
      }
    }
    return -1;
  }

  private static int headerOf(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
    return headerOf(bytes, 0, bytes.length);
  }

  private static boolean sameName(String lowerCase, byte[] bytes, int from, int to) {
    if (to - from != lowerCase.length()) {
      return false;
    }
    for (int i = 0; i < lowerCase.length(); i++) {
      if (Character.toLowerCase((char) (bytes[from + i] & 0xff)) != lowerCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** RFC 3261 §18.3: without Content-Length, the body of a datagram is all after the blank line. */
  static void bodyToEndOfDatagram(SIPRequest request, byte[] bytes, int bodyStart) {
    if (bodyStart < bytes.length) {
      // Sets Content-Length as well.
      request.setMessageContent(Arrays.copyOfRange(bytes, bodyStart, bytes.length));
    }
  }

  private static void checkAddresses(int header, String value) throws ParseException {
    for (String address : header == CONTACT ? split(value) : List.of(value)) {
      int open = angleBracket(address);
      if (open == UNBALANCED) {
        throw new ParseException("Unterminated quoted string in " + CANONICAL[header], 0);
      }
      if (open < 0) {
        if (address.indexOf('?') >= 0) {
          throw new ParseException("URI with headers outside <> in " + CANONICAL[header], 0);
        }
        continue;
      }
      int close = address.indexOf('>', open);
      if (!isDisplayName(address.substring(0, open).trim()) || close < 0 || hasBlank(address, open + 1, close)) {
        throw new ParseException("Malformed name-addr in " + CANONICAL[header], 0);
      }
    }
  }

  private static boolean hasBlank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
        return true;
      }
    }
    return false;
  }

  /** RFC 3261 §25.1: display-name = *(token LWS) / quoted-string; empty when there is none. */
  private static boolean isDisplayName(String name) {
    if (name.startsWith("\"")) {
      for (int i = 1; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i == name.length() - 1;
        }
      }
      return false;
    }
    boolean afterToken = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ' ' || c == '\t') {
        if (!afterToken) {
          return false;
        }
        afterToken = false;
        while (i + 1 < name.length() && (name.charAt(i + 1) == ' ' || name.charAt(i + 1) == '\t')) {
          i++;
        }
      } else if (isTokenChar(c)) {
        afterToken = true;
      } else {
        return false;
      }
    }
    return afterToken || name.isEmpty();
  }

  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_-.!%*+`'~".indexOf(c) >= 0;
  }

  static final int UNBALANCED = -2;

  /** Index of the '<' opening the name-addr, outside a quoted display name; -1 for an addr-spec. */
  static int angleBracket(String address) {
    boolean quoted = false;
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '<' && !quoted) {
        return i;
      }
    }
    return quoted ? UNBALANCED : -1;
  }

  /** Splits a header value at the commas outside quotes and &lt;&gt;. */
  static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    boolean bracketed = false;
    int from = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"' && !bracketed) {
        quoted = !quoted;
      } else if (!quoted && c == '<') {
        bracketed = true;
      } else if (!quoted && c == '>') {
        bracketed = false;
      } else if (!quoted && !bracketed && c == ',') {
        parts.add(value.substring(from, i).trim());
        from = i + 1;
      }
    }
    parts.add(value.substring(from).trim());
    return parts;
  }
}
