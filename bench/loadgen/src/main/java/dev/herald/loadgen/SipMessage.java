package dev.herald.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * A received SIP message, parsed just enough for the load generator: the start line and a few
 * headers, kept as offsets into the datagram's bytes. One instance is reused for every datagram;
 * nothing is allocated while parsing. Ranges are [start, end) and start is -1 when absent.
 */
final class SipMessage {

  static final int MAX_VIAS = 8;

  byte[] data;
  int length;

  boolean request;
  int methodStart;
  int methodEnd;
  int status;

  int branchStart;
  int branchEnd;
  int callIdStart;
  int callIdEnd;
  long cseq;
  int cseqMethodStart;
  int cseqMethodEnd;
  int fromTagStart;
  int fromTagEnd;
  int toTagStart;
  int toTagEnd;
  int etagStart;
  int etagEnd;
  int subscriptionStateStart;
  int subscriptionStateEnd;
  int retryAfterStart;
  int retryAfterEnd;
  long expires;
  int contentLength;
  int bodyStart;
  int bodyEnd;

  /** Whole header lines (name to end of value), copied into an answer: every Via, From, To, Call-ID, CSeq. */
  final int[] viaLineStart = new int[MAX_VIAS];
  final int[] viaLineEnd = new int[MAX_VIAS];
  int vias;
  int fromLineStart;
  int fromLineEnd;
  int toLineStart;
  int toLineEnd;
  int callIdLineStart;
  int callIdLineEnd;
  int cseqLineStart;
  int cseqLineEnd;

  /** Parses {@code length} bytes of {@code data}; false when it is not a SIP message this tool can use. */
  boolean parse(byte[] data, int length) {
    this.data = data;
    this.length = length;
    clear();
    int lineEnd = lineEnd(0);
    if (lineEnd < 0) {
      return false;
    }
    if (!startLine(0, lineEnd)) {
      return false;
    }
    int pos = next(lineEnd);
    while (pos < length) {
      int end = lineEnd(pos);
      if (end < 0) {
        return false;
      }
      if (end == pos) {
        bodyStart = next(end);
        int available = length - bodyStart;
        bodyEnd = bodyStart + (contentLength >= 0 && contentLength <= available ? contentLength : available);
        return callIdStart >= 0 && cseq >= 0;
      }
      // A folded line (RFC 3261 §7.3.1) continues the previous header; its value is not needed here.
      if (data[pos] != ' ' && data[pos] != '\t') {
        header(pos, end);
      }
      pos = next(end);
    }
    // No empty line: a message without a body whose sender left out the final CRLF.
    bodyStart = length;
    bodyEnd = length;
    return callIdStart >= 0 && cseq >= 0;
  }

  boolean isResponse() {
    return !request;
  }

  boolean isMethod(String method) {
    return request && equalsIgnoreCase(methodStart, methodEnd, method);
  }

  boolean cseqMethodIs(String method) {
    return equalsIgnoreCase(cseqMethodStart, cseqMethodEnd, method);
  }

  boolean subscriptionTerminated() {
    return subscriptionStateStart >= 0
        && startsWithIgnoreCase(subscriptionStateStart, subscriptionStateEnd, "terminated");
  }

  boolean hasRetryAfter() {
    return retryAfterStart >= 0;
  }

  /** A range as text; allocates, for what is kept (an entity-tag) and for tests. */
  String text(int start, int end) {
    return start < 0 ? null : new String(data, start, end - start, StandardCharsets.US_ASCII);
  }

  String etag() {
    return text(etagStart, etagEnd);
  }

  String body() {
    return text(bodyStart, bodyEnd);
  }

  boolean equalsIgnoreCase(int start, int end, String text) {
    if (start < 0 || end - start != text.length()) {
      return false;
    }
    return startsWithIgnoreCase(start, end, text);
  }

  boolean startsWithIgnoreCase(int start, int end, String text) {
    if (start < 0 || end - start < text.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (lower(data[start + i]) != lower((byte) text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the range holds exactly {@code other[0..count)}. */
  boolean rangeEquals(int start, int end, byte[] other, int count) {
    if (start < 0 || end - start != count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (data[start + i] != other[i]) {
        return false;
      }
    }
    return true;
  }

  /** The decimal number in the range, or -1 when it is not one. */
  long number(int start, int end) {
    if (start < 0 || start >= end || end - start > 18) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      int d = data[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private void clear() {
    request = false;
    methodStart = methodEnd = -1;
    status = -1;
    branchStart = branchEnd = -1;
    callIdStart = callIdEnd = -1;
    cseq = -1;
    cseqMethodStart = cseqMethodEnd = -1;
    fromTagStart = fromTagEnd = -1;
    toTagStart = toTagEnd = -1;
    etagStart = etagEnd = -1;
    subscriptionStateStart = subscriptionStateEnd = -1;
    retryAfterStart = retryAfterEnd = -1;
    expires = -1;
    contentLength = -1;
    bodyStart = bodyEnd = -1;
    vias = 0;
    fromLineStart = fromLineEnd = -1;
    toLineStart = toLineEnd = -1;
    callIdLineStart = callIdLineEnd = -1;
    cseqLineStart = cseqLineEnd = -1;
  }

  private boolean startLine(int start, int end) {
    if (startsWithIgnoreCase(start, end, "SIP/2.0 ")) {
      int code = start + 8;
      if (end - code < 3) {
        return false;
      }
      status = (int) number(code, code + 3);
      return status >= 100 && status <= 699;
    }
    int space = indexOf(start, end, (byte) ' ');
    if (space <= start) {
      return false;
    }
    request = true;
    methodStart = start;
    methodEnd = space;
    return true;
  }

  private void header(int start, int end) {
    int colon = indexOf(start, end, (byte) ':');
    if (colon < 0) {
      return;
    }
    int nameEnd = colon;
    while (nameEnd > start && isSpace(data[nameEnd - 1])) {
      nameEnd--;
    }
    int value = colon + 1;
    while (value < end && isSpace(data[value])) {
      value++;
    }
    int valueEnd = end;
    while (valueEnd > value && isSpace(data[valueEnd - 1])) {
      valueEnd--;
    }
    if (is(start, nameEnd, "via", "v")) {
      if (vias < MAX_VIAS) {
        viaLineStart[vias] = start;
        viaLineEnd[vias] = end;
        vias++;
      }
      if (branchStart < 0) {
        branch(value, valueEnd);
      }
    } else if (is(start, nameEnd, "call-id", "i")) {
      callIdStart = value;
      callIdEnd = valueEnd;
      callIdLineStart = start;
      callIdLineEnd = end;
    } else if (is(start, nameEnd, "cseq", null)) {
      cseqLineStart = start;
      cseqLineEnd = end;
      int space = value;
      while (space < valueEnd && !isSpace(data[space])) {
        space++;
      }
      cseq = number(value, space);
      int method = space;
      while (method < valueEnd && isSpace(data[method])) {
        method++;
      }
      cseqMethodStart = method;
      cseqMethodEnd = valueEnd;
    } else if (is(start, nameEnd, "from", "f")) {
      fromLineStart = start;
      fromLineEnd = end;
      int[] tag = tag(value, valueEnd);
      fromTagStart = tag[0];
      fromTagEnd = tag[1];
    } else if (is(start, nameEnd, "to", "t")) {
      toLineStart = start;
      toLineEnd = end;
      int[] tag = tag(value, valueEnd);
      toTagStart = tag[0];
      toTagEnd = tag[1];
    } else if (is(start, nameEnd, "content-length", "l")) {
      long n = number(value, valueEnd);
      contentLength = n < 0 || n > Integer.MAX_VALUE ? -1 : (int) n;
    } else if (is(start, nameEnd, "sip-etag", null)) {
      etagStart = value;
      etagEnd = valueEnd;
    } else if (is(start, nameEnd, "subscription-state", null)) {
      subscriptionStateStart = value;
      subscriptionStateEnd = valueEnd;
    } else if (is(start, nameEnd, "retry-after", null)) {
      retryAfterStart = value;
      retryAfterEnd = valueEnd;
    } else if (is(start, nameEnd, "expires", null)) {
      expires = number(value, valueEnd);
    }
  }

  // Scratch for tag(): the message is parsed by one thread at a time.
  private final int[] tagRange = new int[2];

  /** The tag parameter of a From or To value, after the name-addr's closing '>' if there is one. */
  private int[] tag(int start, int end) {
    tagRange[0] = -1;
    tagRange[1] = -1;
    int from = start;
    int angle = indexOf(start, end, (byte) '>');
    if (angle >= 0) {
      from = angle + 1;
    }
    int at = param(from, end, "tag");
    if (at >= 0) {
      tagRange[0] = at;
      tagRange[1] = tokenEnd(at, end);
    }
    return tagRange;
  }

  private void branch(int start, int end) {
    int at = param(start, end, "branch");
    if (at >= 0) {
      branchStart = at;
      branchEnd = tokenEnd(at, end);
    }
  }

  /** Start of the value of ";name=" within the range, or -1. */
  private int param(int start, int end, String name) {
    for (int i = start; i < end; i++) {
      if (data[i] != ';') {
        continue;
      }
      int p = i + 1;
      while (p < end && isSpace(data[p])) {
        p++;
      }
      if (!startsWithIgnoreCase(p, end, name)) {
        continue;
      }
      p += name.length();
      while (p < end && isSpace(data[p])) {
        p++;
      }
      if (p < end && data[p] == '=') {
        p++;
        while (p < end && isSpace(data[p])) {
          p++;
        }
        return p;
      }
    }
    return -1;
  }

  private int tokenEnd(int start, int end) {
    int i = start;
    while (i < end && data[i] != ';' && data[i] != ',' && !isSpace(data[i])) {
      i++;
    }
    return i;
  }

  private boolean is(int start, int end, String name, String compact) {
    return equalsIgnoreCase(start, end, name) || (compact != null && equalsIgnoreCase(start, end, compact));
  }

  /** Index of the line's CR (or lone LF) from {@code start}, or -1 when the data ends first. */
  private int lineEnd(int start) {
    for (int i = start; i < length; i++) {
      if (data[i] == '\n') {
        return i > start && data[i - 1] == '\r' ? i - 1 : i;
      }
    }
    return -1;
  }

  private int next(int lineEnd) {
    return data[lineEnd] == '\r' ? lineEnd + 2 : lineEnd + 1;
  }

  private int indexOf(int start, int end, byte b) {
    for (int i = start; i < end; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }
}
