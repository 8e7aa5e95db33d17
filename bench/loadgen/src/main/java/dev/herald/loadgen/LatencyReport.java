package dev.herald.loadgen;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a latency run measured; times in nanoseconds, -1 when nothing was measured. Counts leave out the warm-up. */
record LatencyReport(String runId, LatencyConfig config, Setup setup, Publishes publishes, Notifies notifies,
    Teardown teardown, SipClient.Counters transport) {

  /**
   * The SUBSCRIBE dialogs: answered 2xx, ready (2xx and a first NOTIFY), rejected by status, timed out,
   * and the round trip of those answered 2xx.
   */
  record Setup(int watchers, int accepted, int ready, int rejected, int timedOut, Map<Integer, Integer> rejections,
      RoundTrip rtt, long minGrantedExpires) {}

  /** Percentiles of a round trip, from sending a request to its final response. */
  record RoundTrip(long p50, long p99) {}

  /**
   * Counted PUBLISHes: failed = sent - ok (non-2xx, Timer F, no answer by the end); round trip
   * of those answered. Not sent: {@code notSent} for want of a transaction slot, {@code skipped}
   * because the presentity's previous PUBLISH was still unanswered when it was due.
   */
  record Publishes(long sent, long ok, long failed, long timedOut, long unanswered, long notSent, long skipped,
      Map<Integer, Long> failures, long rttP50, long rttP99, long rttMax) {}

  /**
   * NOTIFYs caused by counted 2xx PUBLISHes, one per ready watcher of the presentity, and the
   * time from each PUBLISH's sending to its NOTIFY's arrival.
   */
  record Notifies(long expected, long received, long missing, long p50, long p90, long p99, long max,
      long duplicates, long reordered, long unknownDialog, long wrongPresentity, long endedByServer) {}

  record Teardown(int unsubscribed, int unsubscribeFailed, int publicationsRemoved, int removeFailed) {}

  String summary() {
    return String.format(Locale.ROOT,
        "latency run=%s presentities=%d watchers=%d rate=%s/s duration=%ss | subscriptions ready=%d/%d"
            + " rtt p50=%s p99=%s"
            + " | PUBLISH sent=%d ok=%d failed=%d skipped=%d rtt p50=%s p99=%s"
            + " | NOTIFY expected=%d received=%d missing=%d notifiesFromElsewhere=%d"
            + " | PUBLISH->NOTIFY p50=%s p90=%s p99=%s max=%s",
        runId, config.presentities(), config.watchers(), number(config.rate()), seconds(config.duration()),
        setup.ready(), setup.watchers(), ms(setup.rtt().p50()), ms(setup.rtt().p99()),
        publishes.sent(), publishes.ok(), publishes.failed(), publishes.skipped(), ms(publishes.rttP50()), ms(publishes.rttP99()),
        notifies.expected(), notifies.received(), notifies.missing(), transport.notifiesFromElsewhere(),
        ms(notifies.p50()), ms(notifies.p90()), ms(notifies.p99()), ms(notifies.max()));
  }

  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mode", "latency");
    root.put("runId", runId);
    root.put("target", config.common().target().toString());
    root.put("presentities", config.presentities());
    root.put("watchersPerPresentity", config.watchers());
    root.put("rate", config.rate());
    root.put("durationSeconds", config.duration().toMillis() / 1000.0);
    root.put("warmupSeconds", config.warmup().toMillis() / 1000.0);
    root.put("expires", config.expires());
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("watchers", setup.watchers());
    s.put("accepted", setup.accepted());
    s.put("ready", setup.ready());
    s.put("rejected", setup.rejected());
    s.put("timedOut", setup.timedOut());
    s.put("rttP50Ms", millis(setup.rtt().p50()));
    s.put("rttP99Ms", millis(setup.rtt().p99()));
    s.put("rejections", keyed(setup.rejections()));
    s.put("minGrantedExpires", setup.minGrantedExpires() < 0 ? null : setup.minGrantedExpires());
    root.put("subscriptions", s);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("sent", publishes.sent());
    p.put("ok", publishes.ok());
    p.put("failed", publishes.failed());
    p.put("timedOut", publishes.timedOut());
    p.put("unanswered", publishes.unanswered());
    p.put("notSent", publishes.notSent());
    p.put("skipped", publishes.skipped());
    p.put("failures", keyed(publishes.failures()));
    p.put("rttP50Ms", millis(publishes.rttP50()));
    p.put("rttP99Ms", millis(publishes.rttP99()));
    p.put("rttMaxMs", millis(publishes.rttMax()));
    root.put("publish", p);
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("expected", notifies.expected());
    n.put("received", notifies.received());
    n.put("missing", notifies.missing());
    n.put("p50Ms", millis(notifies.p50()));
    n.put("p90Ms", millis(notifies.p90()));
    n.put("p99Ms", millis(notifies.p99()));
    n.put("maxMs", millis(notifies.max()));
    n.put("duplicates", notifies.duplicates());
    n.put("reordered", notifies.reordered());
    n.put("unknownDialog", notifies.unknownDialog());
    n.put("wrongPresentity", notifies.wrongPresentity());
    n.put("endedByServer", notifies.endedByServer());
    n.put("notifiesFromElsewhere", transport.notifiesFromElsewhere());
    root.put("notify", n);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("unsubscribed", teardown.unsubscribed());
    t.put("unsubscribeFailed", teardown.unsubscribeFailed());
    t.put("publicationsRemoved", teardown.publicationsRemoved());
    t.put("removeFailed", teardown.removeFailed());
    root.put("teardown", t);
    root.put("transport", transport(transport));
    return JsonText.of(root);
  }

  static Map<String, Object> transport(SipClient.Counters c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("retransmissions", c.retransmissions());
    m.put("strayResponses", c.strayResponses());
    m.put("malformed", c.malformed());
    m.put("otherRequests", c.otherRequests());
    m.put("sendErrors", c.sendErrors());
    m.put("maxSenderLagMs", millis(c.maxLagNanos()));
    m.put("sendsLaterThan10Ms", c.lateSends());
    return m;
  }

  static Map<String, Object> keyed(Map<Integer, ? extends Number> byStatus) {
    Map<String, Object> m = new LinkedHashMap<>();
    byStatus.forEach((status, count) -> m.put(Integer.toString(status), count));
    return m;
  }

  static Double millis(long nanos) {
    return nanos < 0 ? null : nanos / 1e6;
  }

  static String ms(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2fms", nanos / 1e6);
  }

  static String seconds(java.time.Duration duration) {
    return number(duration.toMillis() / 1000.0);
  }

  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
