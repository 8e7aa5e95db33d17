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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final Pattern LEADING_LINE_ENDS = Pattern.compile("^(\\r?\\n)+");
  private static final Pattern BLANK_LINE = Pattern.compile("\\r?\\n\\r?\\n");
  private static final Pattern FOLDED = Pattern.compile("\\r?\\n[ \\t]+");
  private static final Pattern LINE_END = Pattern.compile("\\r?\\n");
  private static final Pattern REQUEST_LINE = Pattern.compile("(\\S+) (\\S+) (\\S+)");
  private static final Pattern DISPLAY_NAME = Pattern.compile(
      "|\"(?:[^\"\\\\]|\\\\.)*\"|[\\w\\-.!%*+`'~]+(?:[ \\t]+[\\w\\-.!%*+`'~]+)*", Pattern.DOTALL);
  private static final Map<String, String> COMPACT = Map.of("i", "call-id", "f", "from", "t", "to",
      "l", "content-length", "c", "content-type", "m", "contact");
  private static final Set<String> SINGLE = Set.of(
      "call-id", "cseq", "from", "to", "max-forwards", "content-length", "content-type");
  private static final Set<String> ADDRESSES = Set.of("from", "to", "contact");
  private static final Map<String, String> CANONICAL = Map.of("call-id", "Call-ID", "cseq", "CSeq",
      "from", "From", "to", "To", "max-forwards", "Max-Forwards", "content-length", "Content-Length",
      "content-type", "Content-Type", "contact", "Contact");
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
      boolean hasContentLength = false;
      if (problem == null) {
        try {
          hasContentLength = check(request, bytes);
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
      if (readBody && !hasContentLength) {
        bodyToEndOfDatagram(request, bytes);
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

  /** Checks the request; whether its head has a Content-Length. */
  static boolean check(SIPRequest request, byte[] bytes) throws ParseException {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    // Over UDP the bytes are the datagram; over TCP JAIN-SIP's pipelined parser hands over the
    // message rebuilt with bare LF line ends. Both are read alike.
    String message = LEADING_LINE_ENDS.matcher(text).replaceFirst("");
    Matcher blank = BLANK_LINE.matcher(message);
    String head = FOLDED.matcher(blank.find() ? message.substring(0, blank.start()) : message).replaceAll(" ");
    String[] lines = LINE_END.split(head);
    Matcher requestLine = REQUEST_LINE.matcher(lines[0]);
    if (!requestLine.matches()) {
      throw new ParseException("Malformed Request-Line", 0);
    }
    Set<String> seen = new HashSet<>();
    boolean contentLength = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      name = COMPACT.getOrDefault(name, name);
      if (SINGLE.contains(name) && !seen.add(name)) {
        throw new ParseException("Duplicate " + CANONICAL.get(name) + " header", 0);
      }
      contentLength |= name.equals("content-length");
      if (ADDRESSES.contains(name)) {
        checkAddresses(name, lines[i].substring(colon + 1).trim());
      }
    }
    String version = requestLine.group(3);
    if (!version.equalsIgnoreCase("SIP/2.0")) {
      request.getRequestLine().setSipVersion(version);
    }
    return contentLength;
  }

  /** RFC 3261 §18.3: without Content-Length, the body of a datagram is all after the blank line. */
  static void bodyToEndOfDatagram(SIPRequest request, byte[] bytes) {
    // ISO-8859-1 maps each byte to one char: string indices are byte offsets.
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    Matcher leading = LEADING_LINE_ENDS.matcher(text);
    Matcher blank = BLANK_LINE.matcher(text);
    if (blank.find(leading.lookingAt() ? leading.end() : 0) && blank.end() < bytes.length) {
      // Sets Content-Length as well.
      request.setMessageContent(Arrays.copyOfRange(bytes, blank.end(), bytes.length));
    }
  }

  private static void checkAddresses(String name, String value) throws ParseException {
    for (String address : name.equals("contact") ? split(value) : List.of(value)) {
      int open = angleBracket(address);
      if (open == UNBALANCED) {
        throw new ParseException("Unterminated quoted string in " + CANONICAL.get(name), 0);
      }
      if (open < 0) {
        if (address.contains("?")) {
          throw new ParseException("URI with headers outside <> in " + CANONICAL.get(name), 0);
        }
        continue;
      }
      int close = address.indexOf('>', open);
      if (!DISPLAY_NAME.matcher(address.substring(0, open).trim()).matches()
          || close < 0 || address.substring(open + 1, close).chars().anyMatch(c -> c == ' ' || c == '\t')) {
        throw new ParseException("Malformed name-addr in " + CANONICAL.get(name), 0);
      }
    }
  }

  private static final int UNBALANCED = -2;

  /** Index of the '<' opening the name-addr, outside a quoted display name; -1 for an addr-spec. */
  private static int angleBracket(String address) {
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
  private static List<String> split(String value) {
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
