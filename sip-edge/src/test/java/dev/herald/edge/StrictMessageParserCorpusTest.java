package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.header.RequestLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StrictMessageParser#check} scans the head once; the regular expressions it replaced are
 * kept here as the reference, and both must agree on every message of a corpus: the RFC 4475
 * torture messages and variants of a PUBLISH and a SUBSCRIBE that touch each rule.
 */
class StrictMessageParserCorpusTest {

  private static final String SUBSCRIBE = "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK.sub1;rport\r\n"
      + "Max-Forwards: 70\r\n"
      + "From: \"Alice A.\" <sip:alice@example.com>;tag=a1\r\n"
      + "To: Bob <sip:bob@example.com>\r\n"
      + "Call-ID: sub1@192.0.2.7\r\n"
      + "CSeq: 1 SUBSCRIBE\r\n"
      + "Contact: <sip:alice@192.0.2.7>, \"A, B\" <sip:b@192.0.2.8>;q=0.5\r\n"
      + "Event: presence\r\n"
      + "Expires: 600\r\n"
      + "Content-Length: 0\r\n\r\n";

  private static final String PUBLISH = "PUBLISH sip:bob@example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK.Jk2k9DPrk;rport\r\n"
      + "f: <sip:bob@example.com>;tag=vZ4uQq7ib\r\n"
      + "t: <sip:bob@example.com>\r\n"
      + "i: mAwj1DlHEd\r\n"
      + "CSeq: 20 PUBLISH\r\n"
      + "Event: presence\r\n"
      + "c: application/pidf+xml\r\n"
      + "\r\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:bob@example.com\"/>\r\n";

  private static final String[] TORTURE = {"badaspec", "badbranch", "baddate", "baddn", "badinv01", "badvers",
      "bcast", "bext01", "bigcode", "clerr", "cparam01", "cparam02", "dblreq", "esc01", "esc02", "escnull",
      "escruri", "insuf", "intmeth", "inv2543", "invut", "longreq", "ltgtruri", "lwsdisp", "lwsruri",
      "lwsstart", "mcl01", "mismatch01", "mismatch02", "mpart01", "multi01", "ncl", "noreason", "novelsc",
      "quotbal", "regaut01", "regbadct", "regescrt", "scalar02", "scalarlg", "sdp01", "semiuri", "transports",
      "trws", "unkscm", "unksm2", "unreason", "wsinv"};

  static Stream<String> corpus() {
    List<String> messages = new ArrayList<>();
    for (String name : TORTURE) {
      messages.add(resource(name + ".dat"));
    }
    for (String base : List.of(SUBSCRIBE, PUBLISH)) {
      messages.addAll(variants(base));
      messages.addAll(variants(base.replace("\r\n", "\n")));
    }
    return messages.stream();
  }

  private static List<String> variants(String base) {
    String nl = base.contains("\r\n") ? "\r\n" : "\n";
    String head = base.substring(0, base.indexOf(nl + nl));
    String rest = base.substring(head.length());
    List<String> variants = new ArrayList<>(List.of(base, "", nl, nl + nl + base, "\r\n\n" + base, head,
        head + nl, head + nl + " ", head + "\r", base.replace("SIP/2.0" + nl, "SIP/2.0 " + nl),
        base.replace(" SIP/2.0" + nl, "  SIP/2.0" + nl), base.replace(" SIP/2.0" + nl, "\tSIP/2.0" + nl),
        base.replace(" SIP/2.0" + nl, nl + " SIP/2.0" + nl), base.replace(" SIP/2.0" + nl, " SIP/7.0" + nl),
        base.replace(" SIP/2.0" + nl, " sip/2.0" + nl), base.replace(" sip:", " sip:\u000b"),
        head + nl + "\r" + nl + rest, head + "\r\r" + nl + nl + "body", head + nl + "\t" + nl + nl,
        base.replace("Event:", "Event:" + nl + "\t x"), base.replace("CSeq:", "CSEQ :"),
        base.replace("CSeq:", " cseq:"), base.replace("CSeq:", "CSeq" + nl + " :")));
    for (String line : head.split(nl)) {
      if (line.indexOf(':') > 0) {
        String name = line.substring(0, line.indexOf(':'));
        variants.add(head + nl + line + rest);
        variants.add(head + nl + name.toUpperCase(Locale.ROOT) + line.substring(name.length()) + rest);
        variants.add(base.replace(line + nl, ""));
        variants.add(base.replace(line + nl, line.replace(":", ":" + nl + "  ") + nl));
        variants.add(base.replace(line + nl, line.replace(":", "") + nl));
      }
    }
    for (String address : List.of("<sip:x@example.com>", "sip:x@example.com", "sip:x@example.com?a=b",
        "<sip:x@example.com?a=b>", "<sip:x@ example.com>", "<sip:x@\texample.com>", "<sip:x@example.com",
        "\"x\" <sip:x@example.com>", "\"x\"<sip:x@example.com>", "\"x <sip:x@example.com>", "\"x\\\" <sip:x@e>",
        "\"x\\\\\" <sip:x@e>", "\"x\"y <sip:x@e>", "a b\t c <sip:x@e>", "a  <sip:x@e>", "a,b <sip:x@e>",
        "a\"b <sip:x@e>", "a@b <sip:x@e>", "\u00e9 <sip:x@e>", "a_-.!%*+`'~9 <sip:x@e>", "\"\" <sip:x@e>",
        "<sip:a@e>, sip:b@e?x", "<sip:a@e>,<sip:b@e>", "\"a\\", "x\u000b y <sip:x@e>")) {
      for (String header : List.of("From: ", "To: ", "Contact: ", "m: ")) {
        variants.add(head + nl + header + address + rest);
        variants.add(base.replaceFirst("(?m)^(From|f|To|t): [^\r\n]*",
            Matcher.quoteReplacement(header.equals("m: ") ? "f: " + address : header + address)));
      }
    }
    return variants;
  }

  private static String resource(String name) {
    try (InputStream in = StrictMessageParserCorpusTest.class.getResourceAsStream("/rfc4475/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void theScanAgreesWithTheRegularExpressions(String message) throws ParseException {
    byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);

    assertThat(outcome(bytes, true)).isEqualTo(outcome(bytes, false));
  }

  /** What a check leaves: the error, or the version set, the Content-Length seen and the body. */
  private static String outcome(byte[] bytes, boolean scan) {
    SIPRequest request = new SIPRequest();
    RequestLine line = new RequestLine();
    line.setSipVersion("SIP/2.0");
    request.setRequestLine(line);
    try {
      if (scan) {
        int bodyStart = StrictMessageParser.check(request, bytes);
        String body = bodyStart < 0 ? "with Content-Length" : bodyOf(bytes, bodyStart);
        return request.getRequestLine().getSipVersion() + " " + body;
      }
      boolean contentLength = Reference.check(request, bytes);
      String body = contentLength ? "with Content-Length" : Reference.body(bytes);
      return request.getRequestLine().getSipVersion() + " " + body;
    } catch (ParseException e) {
      return "rejected: " + e.getMessage();
    }
  }

  private static String bodyOf(byte[] bytes, int bodyStart) {
    return bodyStart < bytes.length
        ? new String(bytes, bodyStart, bytes.length - bodyStart, StandardCharsets.ISO_8859_1) : "no body";
  }

  /** The check as the regular expressions did it; the address helpers they did not touch are shared. */
  private static final class Reference {
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

    static boolean check(SIPRequest request, byte[] bytes) throws ParseException {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
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

    static String body(byte[] bytes) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      Matcher leading = LEADING_LINE_ENDS.matcher(text);
      Matcher blank = BLANK_LINE.matcher(text);
      if (blank.find(leading.lookingAt() ? leading.end() : 0) && blank.end() < bytes.length) {
        return text.substring(blank.end());
      }
      return "no body";
    }

    private static void checkAddresses(String name, String value) throws ParseException {
      for (String address : name.equals("contact") ? StrictMessageParser.split(value) : List.of(value)) {
        int open = StrictMessageParser.angleBracket(address);
        if (open == StrictMessageParser.UNBALANCED) {
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
  }
}
