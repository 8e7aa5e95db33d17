package dev.herald.loadgen;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a faults run measured. Times are nanoseconds, -1 when nothing was measured; the offsets
 * of phases and gaps are from the run's start ({@code startedAtEpochMs} on the wall clock), so a
 * script that noted when it killed a process can place the fault in them.
 */
record FaultReport(String runId, FaultConfig config, long startedAtEpochMs, Phases phases,
    Map<String, RequestTally.Counts> byKind, RequestTally.Counts total, Setup setup, Load load, Notifies notifies,
    Gap service, Gap resource, Gap notifyGap, Gap dialogNotify, Final fin, Restart restart, End end,
    SipClient.Counters transport) {

  /** Offsets of the load's start and end, the final check's start and the end of the run. */
  record Phases(long loadStart, long loadEnd, long finalStart, long end) {}

  /** The dialogs set up (or, resumed, refreshed): ready with 2xx and first NOTIFY, attempts retried, failed. */
  record Setup(int dialogs, int ready, int retried, int failed, long minGrantedExpires) {}

  /**
   * The load: PUBLISHes scheduled, skipped (the presentity's previous one unanswered), not sent
   * (no transaction slot), 412s that fell back to an initial PUBLISH, of which on an entity-tag a
   * 2xx had just given (an accepted publication lost) or on a stale one (after a PUBLISH without
   * answer); re-SUBSCRIBEs scheduled, sent, skipped, and dialogs a refresh's answer ended.
   */
  record Load(long publishes, long skipped, long notSent, long fallbacks, long acceptedLost412, long stale412,
      long refreshes, long refreshesSent, long refreshesSkipped, int dialogsEndedByRefresh) {}

  /**
   * NOTIFYs of the run's dialogs: received, repeats (same CSeq again), CSeq violations (lower than
   * one already received) and the dialogs with any, terminations, NOTIFYs of unknown dialogs
   * (answered 481), by source address, dialogs whose NOTIFYs came from several sources;
   * PUBLISH-to-NOTIFY latency, and the same for PUBLISHes sent after the longest gap of a
   * presentity (count -1 when there was no gap of a second).
   */
  record Notifies(long received, long repeats, long cseqViolations, int dialogsWithViolations,
      int terminatedByServer, int terminatedAfterUnsubscribe, long unknownDialog, Map<String, Long> sources,
      int dialogsWithSeveralSources, long latencyCount, long p50, long p99, long max, long afterGapCount,
      long afterGapP50, long afterGapP99, long afterGapMax) {}

  /**
   * The longest gap of one kind (length, offset, where: a presentity, a dialog), whether a
   * delivery ended it; the longest that one ended; how many no delivery ended; how many lasted a
   * second or more, in how many places.
   */
  record Gap(long longest, long start, String where, boolean recovered, long longestRecovered, long recoveredStart,
      String recoveredWhere, long unrecovered, long atLeastOneSecond, int placesAtLeastOneSecond) {}

  /**
   * The final check: presentities and how their final PUBLISH went, publications lost; dialogs
   * ready, checked (their presentity's final PUBLISH accepted, or ended), got the final NOTIFY,
   * unchecked, subscriptions lost (terminated, ended by a refresh's answer, no final NOTIFY).
   */
  record Final(int presentities, Map<String, Integer> finalPublish, int publicationsLost, int dialogs, int checked,
      int gotFinal, int unchecked, int subscriptionsLost, int terminated, int endedByRefresh, int noFinalNotify) {}

  /**
   * A resumed run: dialogs kept; of them ended by the refresh's answer (481), first NOTIFY
   * without the kept note; kept entity-tags refused with 412; publications lost (either).
   */
  record Restart(int keptDialogs, int refreshEnded, int noteMissing, int etagRefused, int publicationsLost) {}

  record End(boolean kept, String stateFile, String timelineFile) {}

  String summary() {
    StringBuilder out = new StringBuilder();
    line(out, "faults run=%s target=%s presentities=%d watchers=%d rate=%s/s duration=%ss settle=%ss%s", runId,
        config.common().target(), config.presentities(), config.watchers(), LatencyReport.number(config.rate()),
        LatencyReport.seconds(config.duration()), LatencyReport.seconds(config.settle()),
        config.resume() == null ? "" : " (resumed)");
    line(out, "requests: sent %d, 2xx %d, non-2xx %d%s, lost %d, pending %d", total.sent(), total.ok(),
        total.failed(), statuses(total), total.lost(), total.pending());
    byKind.forEach((kind, c) -> {
      if (c.sent() > 0) {
        line(out, "  %-13s sent %d, 2xx %d, non-2xx %d%s, lost %d", kind, c.sent(), c.ok(), c.failed(), statuses(c),
            c.lost());
      }
    });
    line(out, "setup: %d dialogs, %d ready, %d retried, %d failed", setup.dialogs(), setup.ready(), setup.retried(),
        setup.failed());
    line(out, "load: %d PUBLISHes (skipped %d, not sent %d, 412 fallbacks %d: accepted lost %d, stale %d);"
            + " %d re-SUBSCRIBEs (sent %d, skipped %d, dialogs ended %d)", load.publishes(), load.skipped(),
        load.notSent(), load.fallbacks(), load.acceptedLost412(), load.stale412(), load.refreshes(),
        load.refreshesSent(), load.refreshesSkipped(), load.dialogsEndedByRefresh());
    line(out, "NOTIFY: received %d, repeats %d, CSeq violations %d (in %d dialogs), terminated by server %d,"
            + " unknown dialog %d; from %s (dialogs from several %d, notifiesFromElsewhere %d)",
        notifies.received(), notifies.repeats(), notifies.cseqViolations(), notifies.dialogsWithViolations(),
        notifies.terminatedByServer(), notifies.unknownDialog(),
        notifies.sources().isEmpty() ? "-" : notifies.sources().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
        notifies.dialogsWithSeveralSources(), transport.notifiesFromElsewhere());
    line(out, "PUBLISH->NOTIFY: p50 %s p99 %s max %s over %d%s", LatencyReport.ms(notifies.p50()),
        LatencyReport.ms(notifies.p99()), LatencyReport.ms(notifies.max()), notifies.latencyCount(),
        notifies.afterGapCount() < 0 ? "" : String.format(Locale.ROOT, "; sent after the longest gap: p50 %s p99 %s max %s",
            LatencyReport.ms(notifies.afterGapP50()), LatencyReport.ms(notifies.afterGapP99()),
            LatencyReport.ms(notifies.afterGapMax())));
    gapLine(out, "gap without a 2xx, whole service", service);
    gapLine(out, "gap without a 2xx, per presentity", resource);
    gapLine(out, "gap without a NOTIFY while PUBLISHes got 2xx", notifyGap);
    gapLine(out, "NOTIFYs resume within (per dialog)", dialogNotify);
    line(out, "final check: publications lost %d of %d (final PUBLISH %s); subscriptions lost %d of %d checked"
            + " (terminated %d, ended by a refresh %d, no final NOTIFY %d), %d got the final NOTIFY, %d unchecked",
        fin.publicationsLost(), fin.presentities(), fin.finalPublish(), fin.subscriptionsLost(), fin.checked(),
        fin.terminated(), fin.endedByRefresh(), fin.noFinalNotify(), fin.gotFinal(), fin.unchecked());
    if (restart != null) {
      line(out, "restart: %d dialogs kept, %d ended by the refresh's answer, %d first NOTIFYs without the kept note,"
              + " %d kept entity-tags refused; publications lost %d", restart.keptDialogs(), restart.refreshEnded(),
          restart.noteMissing(), restart.etagRefused(), restart.publicationsLost());
    }
    line(out, "end: %s%s", end.kept() ? "dialogs and publications kept" : "dialogs ended, publications removed",
        end.stateFile() == null ? "" : ", state in " + end.stateFile());
    return out.toString().stripTrailing();
  }

  private static void gapLine(StringBuilder out, String what, Gap gap) {
    if (gap.longest() < 0) {
      line(out, "%s: none", what);
      return;
    }
    line(out, "%s: longest %s at %s%s%s; longest recovered %s; %d of 1 s or more (in %d places), %d unrecovered",
        what, LatencyReport.ms(gap.longest()), LatencyReport.ms(gap.start()),
        gap.where() == null ? "" : " (" + gap.where() + ")", gap.recovered() ? "" : " unrecovered",
        LatencyReport.ms(gap.longestRecovered()), gap.atLeastOneSecond(), gap.placesAtLeastOneSecond(),
        gap.unrecovered());
  }

  private static String statuses(RequestTally.Counts c) {
    return c.failures().isEmpty() ? "" : c.failures().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ", " (", ")"));
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mode", "faults");
    root.put("runId", runId);
    root.put("target", config.common().target().toString());
    root.put("startedAtEpochMs", startedAtEpochMs);
    root.put("presentities", config.presentities());
    root.put("watchersPerPresentity", config.watchers());
    root.put("rate", config.rate());
    root.put("refreshShare", config.refreshShare());
    root.put("durationSeconds", config.duration().toMillis() / 1000.0);
    root.put("settleSeconds", config.settle().toMillis() / 1000.0);
    root.put("expires", config.expires());
    root.put("resumed", config.resume() != null);
    Map<String, Object> ph = new LinkedHashMap<>();
    ph.put("loadStartMs", LatencyReport.millis(phases.loadStart()));
    ph.put("loadEndMs", LatencyReport.millis(phases.loadEnd()));
    ph.put("finalStartMs", LatencyReport.millis(phases.finalStart()));
    ph.put("endMs", LatencyReport.millis(phases.end()));
    root.put("phases", ph);
    root.put("requests", counts(total));
    Map<String, Object> kinds = new LinkedHashMap<>();
    byKind.forEach((kind, c) -> kinds.put(kind, counts(c)));
    root.put("byKind", kinds);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("dialogs", setup.dialogs());
    s.put("ready", setup.ready());
    s.put("retried", setup.retried());
    s.put("failed", setup.failed());
    s.put("minGrantedExpires", setup.minGrantedExpires() < 0 ? null : setup.minGrantedExpires());
    root.put("setup", s);
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("publishes", load.publishes());
    l.put("skipped", load.skipped());
    l.put("notSent", load.notSent());
    l.put("fallbacksAfter412", load.fallbacks());
    l.put("acceptedPublicationLost412", load.acceptedLost412());
    l.put("staleEtag412", load.stale412());
    l.put("refreshes", load.refreshes());
    l.put("refreshesSent", load.refreshesSent());
    l.put("refreshesSkipped", load.refreshesSkipped());
    l.put("dialogsEndedByRefresh", load.dialogsEndedByRefresh());
    root.put("load", l);
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("received", notifies.received());
    n.put("repeats", notifies.repeats());
    n.put("cseqViolations", notifies.cseqViolations());
    n.put("dialogsWithCseqViolations", notifies.dialogsWithViolations());
    n.put("terminatedByServer", notifies.terminatedByServer());
    n.put("terminatedAfterUnsubscribe", notifies.terminatedAfterUnsubscribe());
    n.put("unknownDialog", notifies.unknownDialog());
    n.put("sources", new LinkedHashMap<String, Object>(notifies.sources()));
    n.put("dialogsWithSeveralSources", notifies.dialogsWithSeveralSources());
    n.put("notifiesFromElsewhere", transport.notifiesFromElsewhere());
    n.put("latency", latency(notifies.latencyCount(), notifies.p50(), notifies.p99(), notifies.max()));
    n.put("latencyAfterLongestGap", notifies.afterGapCount() < 0 ? null
        : latency(notifies.afterGapCount(), notifies.afterGapP50(), notifies.afterGapP99(), notifies.afterGapMax()));
    root.put("notify", n);
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("service", gap(service));
    g.put("perPresentity", gap(resource));
    g.put("notify", gap(notifyGap));
    g.put("notifyPerDialog", gap(dialogNotify));
    root.put("gaps", g);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("presentities", fin.presentities());
    f.put("finalPublish", new LinkedHashMap<String, Object>(fin.finalPublish()));
    f.put("publicationsLost", fin.publicationsLost());
    f.put("dialogs", fin.dialogs());
    f.put("checked", fin.checked());
    f.put("gotFinalNotify", fin.gotFinal());
    f.put("unchecked", fin.unchecked());
    f.put("subscriptionsLost", fin.subscriptionsLost());
    f.put("terminated", fin.terminated());
    f.put("endedByRefresh", fin.endedByRefresh());
    f.put("noFinalNotify", fin.noFinalNotify());
    root.put("final", f);
    if (restart != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("keptDialogs", restart.keptDialogs());
      r.put("refreshEnded", restart.refreshEnded());
      r.put("noteMissing", restart.noteMissing());
      r.put("etagRefused", restart.etagRefused());
      r.put("publicationsLost", restart.publicationsLost());
      root.put("restart", r);
    } else {
      root.put("restart", null);
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("kept", end.kept());
    e.put("stateFile", end.stateFile());
    e.put("timelineFile", end.timelineFile());
    root.put("end", e);
    root.put("transport", LatencyReport.transport(transport));
    return JsonText.of(root);
  }

  static Map<String, Object> counts(RequestTally.Counts c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", c.sent());
    m.put("answered", c.answered());
    m.put("ok", c.ok());
    m.put("failed", c.failed());
    m.put("failures", LatencyReport.keyed(c.failures()));
    m.put("lost", c.lost());
    m.put("pending", c.pending());
    return m;
  }

  private static Map<String, Object> latency(long count, long p50, long p99, long max) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("p50Ms", LatencyReport.millis(p50));
    m.put("p99Ms", LatencyReport.millis(p99));
    m.put("maxMs", LatencyReport.millis(max));
    return m;
  }

  static Map<String, Object> gap(Gap gap) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("longestMs", LatencyReport.millis(gap.longest()));
    m.put("startMs", LatencyReport.millis(gap.start()));
    m.put("where", gap.where());
    m.put("recovered", gap.longest() < 0 ? null : gap.recovered());
    m.put("longestRecoveredMs", LatencyReport.millis(gap.longestRecovered()));
    m.put("longestRecoveredStartMs", LatencyReport.millis(gap.recoveredStart()));
    m.put("longestRecoveredWhere", gap.recoveredWhere());
    m.put("unrecovered", gap.unrecovered());
    m.put("atLeastOneSecond", gap.atLeastOneSecond());
    m.put("placesAtLeastOneSecond", gap.placesAtLeastOneSecond());
    return m;
  }

  /** A gap summary as report figures: offsets from {@code startNanos}, places named by {@code where}. */
  static Gap gap(Gaps.Summary s, long startNanos, java.util.function.IntFunction<String> where) {
    Gaps.Gap longest = s.longest();
    Gaps.Gap recovered = s.longestRecovered();
    return new Gap(longest == null ? -1 : longest.lengthNanos(),
        longest == null ? -1 : longest.startNanos() - startNanos,
        longest == null || where == null ? null : where.apply(longest.slot()),
        longest != null && longest.recovered(),
        recovered == null ? -1 : recovered.lengthNanos(),
        recovered == null ? -1 : recovered.startNanos() - startNanos,
        recovered == null || where == null ? null : where.apply(recovered.slot()),
        s.unrecovered(), s.atLeastThreshold(), s.slotsAtLeastThreshold());
  }
}
