package dev.herald.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * Formats the tool's requests and answers by hand. Every identifier carries the run id, so that
 * nothing of an earlier run (a cached answer, a NOTIFY of an old dialog) is taken for this one,
 * and encodes a number the receiver parses back without a lookup:
 * <ul>
 *   <li>branch {@code z9hG4bK<branch id>.<transaction>}, the branch id being the run id and a salt
 *       of the process: a later process of the same run (a resumed faults run) numbers its
 *       transactions from 0 again, and a server that remembers the earlier branches would take
 *       its requests for retransmissions</li>
 *   <li>Call-ID {@code <run>-<kind><index>@<local host>}, kind {@code w} a watcher dialog,
 *       {@code s} a dialog of the rate mode, {@code l} a list subscription, {@code p} a PUBLISH</li>
 *   <li>From tag {@code <run>-<index>}</li>
 *   <li>PIDF note {@code seq-<run>-<sequence>}, the marker a NOTIFY is matched to its PUBLISH by</li>
 * </ul>
 */
final class SipRequests {

  static final String MAGIC_COOKIE = "z9hG4bK";
  static final String PIDF = "application/pidf+xml";

  private final String runId;
  private final String localHost;
  private final int localPort;
  private final String domain;
  private final String userPrefix;
  private final byte[] branchPrefix;
  private final byte[] markerPrefix;
  private final SipWriter body = new SipWriter(4096);

  SipRequests(String runId, String localHost, int localPort, String domain, String userPrefix) {
    this(runId, runId, localHost, localPort, domain, userPrefix);
  }

  SipRequests(String runId, String branchId, String localHost, int localPort, String domain, String userPrefix) {
    this.runId = runId;
    this.localHost = localHost.indexOf(':') >= 0 && !localHost.startsWith("[") ? "[" + localHost + "]" : localHost;
    this.localPort = localPort;
    this.domain = domain;
    this.userPrefix = userPrefix;
    this.branchPrefix = (MAGIC_COOKIE + branchId + ".").getBytes(StandardCharsets.US_ASCII);
    this.markerPrefix = ("seq-" + runId + "-").getBytes(StandardCharsets.US_ASCII);
  }

  String runId() {
    return runId;
  }

  /** The port this run's Contacts and Vias name. */
  int localPort() {
    return localPort;
  }

  /**
   * SUBSCRIBE for presence of presentity {@code user} from {@code watcher}'s dialog: a new one
   * when {@code remoteTag} is null, else a refresh or, with {@code expires} 0, its end.
   */
  void subscribe(SipWriter out, long transaction, char dialogKind, int watcher, int user, long cseq, int expires,
      byte[] remoteTag, int remoteTagLength) {
    subscribe(out, transaction, dialogKind, watcher, null, user, cseq, expires, remoteTag, remoteTagLength);
  }

  /**
   * SUBSCRIBE for presence of resource list {@code listUri} (RFC 4662) from {@code watcher}'s
   * dialog of {@code dialogKind}: {@code Supported: eventlist} and an Accept of PIDF, RLMI and
   * multipart/related; a new dialog when {@code remoteTag} is null, else a refresh or, with
   * {@code expires} 0, its end.
   */
  void listSubscribe(SipWriter out, long transaction, char dialogKind, int watcher, String listUri, long cseq,
      int expires, byte[] remoteTag, int remoteTagLength) {
    subscribe(out, transaction, dialogKind, watcher, listUri, -1, cseq, expires, remoteTag, remoteTagLength);
  }

  /** A SUBSCRIBE to {@code listUri} when it is not null (a list subscription), else to presentity {@code user}. */
  private void subscribe(SipWriter out, long transaction, char dialogKind, int watcher, String listUri, int user,
      long cseq, int expires, byte[] remoteTag, int remoteTagLength) {
    out.reset();
    out.text("SUBSCRIBE ");
    resourceUri(out, listUri, user);
    out.text(" SIP/2.0").crlf();
    via(out, transaction);
    out.text("Max-Forwards: 70").crlf();
    out.text("From: <sip:watcher-").number(watcher).text('@').text(domain).text(">;tag=");
    tag(out, watcher);
    out.crlf();
    out.text("To: <");
    resourceUri(out, listUri, user);
    out.text('>');
    if (remoteTag != null) {
      out.text(";tag=").bytes(remoteTag, 0, remoteTagLength);
    }
    out.crlf();
    callId(out, dialogKind, watcher);
    out.text("CSeq: ").number(cseq).text(" SUBSCRIBE").crlf();
    out.text("Contact: <sip:watcher-").number(watcher).text('@').text(localHost).text(':').number(localPort).text('>').crlf();
    out.text("Event: presence").crlf();
    if (listUri != null) {
      out.text("Supported: eventlist").crlf();
      out.text("Accept: ").text(PIDF).text(", application/rlmi+xml, multipart/related").crlf();
    } else {
      out.text("Accept: ").text(PIDF).crlf();
    }
    out.text("Expires: ").number(expires).crlf();
    out.text("User-Agent: herald-loadgen").crlf();
    out.text("Content-Length: 0").crlf().crlf();
  }

  private void resourceUri(SipWriter out, String listUri, int user) {
    if (listUri != null) {
      out.text(listUri);
    } else {
      userUri(out, user);
    }
  }

  /**
   * PUBLISH of presence for {@code user}: initial when {@code ifMatch} is null, else a
   * modification of that entity-tag; with {@code marker} &ge; 0 it carries a PIDF document whose
   * note is the marker, without (a refresh, or with {@code expires} 0 the removal) it has no body.
   */
  void publish(SipWriter out, long transaction, long sequence, int user, int expires, String ifMatch, long marker) {
    int bodyLength = 0;
    if (marker >= 0) {
      pidf(body, user, marker);
      bodyLength = body.length();
    }
    out.reset();
    out.text("PUBLISH ");
    userUri(out, user);
    out.text(" SIP/2.0").crlf();
    via(out, transaction);
    out.text("Max-Forwards: 70").crlf();
    out.text("From: <");
    userUri(out, user);
    out.text(">;tag=");
    tag(out, sequence);
    out.crlf();
    out.text("To: <");
    userUri(out, user);
    out.text('>').crlf();
    callId(out, 'p', sequence);
    out.text("CSeq: 1 PUBLISH").crlf();
    out.text("Event: presence").crlf();
    out.text("Expires: ").number(expires).crlf();
    if (ifMatch != null) {
      out.text("SIP-If-Match: ").text(ifMatch).crlf();
    }
    out.text("User-Agent: herald-loadgen").crlf();
    if (marker >= 0) {
      out.text("Content-Type: ").text(PIDF).crlf();
    }
    out.text("Content-Length: ").number(bodyLength).crlf().crlf();
    if (marker >= 0) {
      out.bytes(body);
    }
  }

  /** The PIDF document of a PUBLISH: one open tuple whose note is the marker. */
  void pidf(SipWriter out, int user, long marker) {
    out.reset();
    out.text("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"");
    userUri(out, user);
    out.text("\"><tuple id=\"t1\"><status><basic>open</basic></status><note>");
    out.bytes(markerPrefix, 0, markerPrefix.length).number(marker);
    out.text("</note></tuple></presence>");
  }

  /** An answer to a request (a NOTIFY): its Vias, From, To, Call-ID and CSeq copied, no body. */
  static void answer(SipWriter out, SipMessage request, int status, String reason) {
    out.reset();
    out.text("SIP/2.0 ").number(status).text(' ').text(reason).crlf();
    for (int i = 0; i < request.vias; i++) {
      line(out, request, request.viaLineStart[i], request.viaLineEnd[i]);
    }
    line(out, request, request.fromLineStart, request.fromLineEnd);
    line(out, request, request.toLineStart, request.toLineEnd);
    line(out, request, request.callIdLineStart, request.callIdLineEnd);
    line(out, request, request.cseqLineStart, request.cseqLineEnd);
    out.text("Content-Length: 0").crlf().crlf();
  }

  private static void line(SipWriter out, SipMessage message, int start, int end) {
    if (start >= 0) {
      out.bytes(message.data, start, end - start).crlf();
    }
  }

  /** The transaction number in a response's branch, or -1 when the branch is not one of this run. */
  long transactionOf(SipMessage response) {
    int start = response.branchStart;
    if (start < 0 || response.branchEnd - start <= branchPrefix.length) {
      return -1;
    }
    for (int i = 0; i < branchPrefix.length; i++) {
      if (response.data[start + i] != branchPrefix[i]) {
        return -1;
      }
    }
    return response.number(start + branchPrefix.length, response.branchEnd);
  }

  /**
   * The index of this run's dialog of {@code kind} that a request's Call-ID names, when its To
   * tag is the tag this run gave that dialog; else -1.
   */
  int dialogOf(SipMessage request, char kind) {
    int start = request.callIdStart;
    int end = request.callIdEnd;
    int at = start + runId.length();
    if (start < 0 || end - at < 3 || !request.startsWithIgnoreCase(start, end, runId)
        || request.data[at] != '-' || request.data[at + 1] != kind) {
      return -1;
    }
    int digits = at + 2;
    int digitsEnd = digits;
    while (digitsEnd < end && request.data[digitsEnd] >= '0' && request.data[digitsEnd] <= '9') {
      digitsEnd++;
    }
    long index = request.number(digits, digitsEnd);
    if (index < 0 || index > Integer.MAX_VALUE || !isTag(request, request.toTagStart, request.toTagEnd, index)) {
      return -1;
    }
    return (int) index;
  }

  /**
   * Calls {@code markers} with each marker of this run in a NOTIFY's body: a composed document
   * holds the note of every publication of the presentity.
   */
  void markers(SipMessage notify, java.util.function.LongConsumer markers) {
    byte[] data = notify.data;
    int end = notify.bodyEnd;
    int last = end - markerPrefix.length;
    outer:
    for (int i = notify.bodyStart; i >= 0 && i <= last; i++) {
      for (int j = 0; j < markerPrefix.length; j++) {
        if (data[i + j] != markerPrefix[j]) {
          continue outer;
        }
      }
      int digits = i + markerPrefix.length;
      int digitsEnd = digits;
      while (digitsEnd < end && data[digitsEnd] >= '0' && data[digitsEnd] <= '9') {
        digitsEnd++;
      }
      long marker = notify.number(digits, digitsEnd);
      if (marker >= 0) {
        markers.accept(marker);
      }
      i = digitsEnd - 1;
    }
  }

  /** The newest (highest) marker of this run in a NOTIFY's body, or -1 when it has none. */
  long newestMarker(SipMessage notify) {
    long[] newest = {-1};
    markers(notify, marker -> newest[0] = Math.max(newest[0], marker));
    return newest[0];
  }

  private boolean isTag(SipMessage message, int start, int end, long index) {
    if (start < 0 || end - start < runId.length() + 2 || !message.startsWithIgnoreCase(start, end, runId)
        || message.data[start + runId.length()] != '-') {
      return false;
    }
    return message.number(start + runId.length() + 1, end) == index;
  }

  private void via(SipWriter out, long transaction) {
    out.text("Via: SIP/2.0/UDP ").text(localHost).text(':').number(localPort)
        .text(";rport;branch=").bytes(branchPrefix, 0, branchPrefix.length).number(transaction).crlf();
  }

  private void callId(SipWriter out, char kind, long index) {
    out.text("Call-ID: ").text(runId).text('-').text(kind).number(index).text('@').text(localHost).crlf();
  }

  private void tag(SipWriter out, long index) {
    out.text(runId).text('-').number(index);
  }

  /** The user part of presentity {@code user}'s URI. */
  String userName(int user) {
    return userPrefix + user;
  }

  private void userUri(SipWriter out, int user) {
    out.text("sip:").text(userPrefix).number(user).text('@').text(domain);
  }
}
