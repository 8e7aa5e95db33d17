package dev.herald.edge;

import dev.herald.common.Hashes;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The id of a request's server transaction, so that a retransmission maps to the same id on
 * any edge (RFC 3261 §17.2.3).
 */
final class RequestIds {

  private static final String MAGIC_COOKIE = "z9hG4bK";

  private RequestIds() {}

  static String of(Request request) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    String method = request.getMethod();
    String branch = via == null ? null : via.getBranch();
    if (branch != null && branch.startsWith(MAGIC_COOKIE)) {
      // §17.2.3: branch, sent-by and method identify the transaction.
      return branch + "|" + method + "|" + via.getHost() + ":" + via.getPort();
    }
    // RFC 2543 clients: §17.2.3 falls back to the request's identifying fields.
    CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
    String text = String.join("\n",
        request.getRequestURI().toString(),
        tagOf((ToHeader) request.getHeader(ToHeader.NAME)),
        String.valueOf(((FromHeader) request.getHeader(FromHeader.NAME)).getTag()),
        ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
        cseq.getSeqNumber() + " " + method,
        via == null ? "" : via.toString());
    return "h-" + Hashes.sha256Hex(text);
  }

  /** A To-tag that is the same for every retransmission of a request. */
  static String tagFor(String requestId) {
    return Hashes.sha256Hex(requestId).substring(0, 16);
  }

  private static String tagOf(ToHeader to) {
    return to.getTag() == null ? "" : to.getTag();
  }
}
