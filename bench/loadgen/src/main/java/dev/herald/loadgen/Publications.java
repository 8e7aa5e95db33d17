package dev.herald.loadgen;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * The PUBLISHes of a run that publishes round robin over {@code presentities}, PUBLISH
 * {@code seq} to presentity {@code seq % presentities}: per presentity its entity-tag and whether
 * a PUBLISH is under way; per PUBLISH when it was due and how it ended. The first PUBLISH of a
 * presentity is initial, the next ones modify it with SIP-If-Match. RFC 3903 §4.1: a PUBLISH due
 * while its presentity's previous one is unanswered is skipped. Not thread-safe.
 */
final class Publications {

  /**
   * Status of a PUBLISH that got no final answer: not yet, Timer F, not sent for want of a
   * transaction slot, not sent because the presentity's previous PUBLISH was still unanswered.
   */
  static final short PENDING = 0;
  static final short TIMED_OUT = 1;
  static final short NOT_SENT = 2;
  static final short SKIPPED = 3;

  /** The PUBLISHes from a sequence number on, by how they ended. */
  record Tally(long sent, long ok, long timedOut, long unanswered, long notSent, long skipped,
      TreeMap<Integer, Long> failures) {}

  private final int presentities;
  private final String[] etags;
  private final long[] etagSeq;
  private final boolean[] publishing;
  private final long[] sentAt;
  private final short[] status;
  private int pending;

  Publications(int presentities, long total) {
    this.presentities = presentities;
    this.etags = new String[presentities];
    this.etagSeq = new long[presentities];
    Arrays.fill(etagSeq, -1);
    this.publishing = new boolean[presentities];
    this.sentAt = new long[(int) total];
    this.status = new short[(int) total];
  }

  /** PUBLISH {@code seq} is due: starts its transaction on {@code client}, unless it is skipped or no slot is free. */
  void publish(SipClient client, long seq, long now) {
    int p = (int) (seq % presentities);
    sentAt[(int) seq] = now;
    if (publishing[p]) {
      // RFC 3903 §4.1: no new PUBLISH for the same resource and event before the previous one
      // has its final response (or timed out). Sending it anyway would only earn a 412, its
      // SIP-If-Match being replaced by the PUBLISH still under way.
      status[(int) seq] = SKIPPED;
    } else if (client.begin(RequestKind.publish(etags[p]), p, seq, etags[p], now) < 0) {
      status[(int) seq] = NOT_SENT;
    } else {
      publishing[p] = true;
      pending++;
    }
  }

  /**
   * PUBLISH {@code seq} to presentity {@code p}, sent with SIP-If-Match {@code ifMatch}, ended
   * with {@code status} ({@link #TIMED_OUT} and no response for Timer F): a 2xx keeps its
   * entity-tag, a 412 to the current one forgets it (RFC 3903 §6: start again).
   */
  void ended(int p, long seq, int status, SipMessage response, String ifMatch) {
    pending--;
    publishing[p] = false;
    this.status[(int) seq] = (short) status;
    if (response == null) {
      return;
    }
    if (status >= 200 && status < 300) {
      if (response.etagStart >= 0 && seq > etagSeq[p]) {
        etags[p] = response.etag();
        etagSeq[p] = seq;
      }
    } else if (status == 412 && ifMatch != null && ifMatch == etags[p]) {
      etags[p] = null;
    }
  }

  /** PUBLISHes under way. */
  int pending() {
    return pending;
  }

  long sentAt(long seq) {
    return sentAt[(int) seq];
  }

  /** Whether PUBLISH {@code seq} got a 2xx. */
  boolean ok(long seq) {
    return status[(int) seq] >= 200 && status[(int) seq] < 300;
  }

  /** The entity-tag of presentity {@code p}'s publication, null when it has none. */
  String etag(int p) {
    return etags[p];
  }

  /** The presentities with a publication. */
  int[] published() {
    return java.util.stream.IntStream.range(0, presentities).filter(p -> etags[p] != null).toArray();
  }

  /** The PUBLISHes from {@code from} on, by how they ended. */
  Tally tally(long from) {
    long sent = 0;
    long ok = 0;
    long timedOut = 0;
    long unanswered = 0;
    long notSent = 0;
    long skipped = 0;
    TreeMap<Integer, Long> failures = new TreeMap<>();
    for (long seq = from; seq < status.length; seq++) {
      int s = status[(int) seq];
      if (s == NOT_SENT) {
        notSent++;
        continue;
      }
      if (s == SKIPPED) {
        skipped++;
        continue;
      }
      sent++;
      if (s >= 200 && s < 300) {
        ok++;
      } else if (s == TIMED_OUT) {
        timedOut++;
      } else if (s == PENDING) {
        unanswered++;
      } else {
        failures.merge(s, 1L, Long::sum);
      }
    }
    return new Tally(sent, ok, timedOut, unanswered, notSent, skipped, failures);
  }
}
