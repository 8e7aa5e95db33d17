package dev.herald.loadgen;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a rate run measured. {@code failed} is every scheduled request without a 2xx: 503s,
 * other non-2xx, Timer F, no answer by the end, and those the tool could not send. Response
 * times (nanoseconds, -1 when none) are of every final answer. {@code dialogsNotified} is -1
 * for PUBLISH.
 */
record RateReport(String runId, RateConfig config, long scheduled, long sent, long notSent, long ok,
    long unavailable, long unavailableWithRetryAfter, long otherFailures, long timedOut, long unanswered,
    Map<Integer, Long> failures, long p50, long p99, long max, long dialogsNotified, long notifyUnknownDialog,
    SipClient.Counters transport) {

  long failed() {
    return scheduled - ok;
  }

  double failureRatio() {
    return scheduled == 0 ? 0 : (double) failed() / scheduled;
  }

  String summary() {
    return String.format(Locale.ROOT,
        "rate run=%s method=%s rate=%s/s duration=%ss | sent=%d ok=%d 503=%d (retry-after %d) other=%d"
            + " timeouts=%d unanswered=%d | failed=%d (%.3f%%) | response p50=%s p99=%s max=%s%s"
            + " | notifiesFromElsewhere=%d",
        runId, config.method(), LatencyReport.number(config.rate()), LatencyReport.seconds(config.duration()), sent, ok,
        unavailable, unavailableWithRetryAfter, otherFailures, timedOut, unanswered, failed(),
        failureRatio() * 100, LatencyReport.ms(p50), LatencyReport.ms(p99), LatencyReport.ms(max),
        dialogsNotified >= 0 ? " | dialogs notified=" + dialogsNotified : "", transport.notifiesFromElsewhere());
  }

  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mode", "rate");
    root.put("runId", runId);
    root.put("target", config.common().target().toString());
    root.put("method", config.method().name());
    root.put("rate", config.rate());
    root.put("durationSeconds", config.duration().toMillis() / 1000.0);
    root.put("users", config.users());
    root.put("scheduled", scheduled);
    root.put("sent", sent);
    root.put("notSent", notSent);
    root.put("ok", ok);
    root.put("unavailable503", unavailable);
    root.put("unavailable503WithRetryAfter", unavailableWithRetryAfter);
    root.put("otherFailures", otherFailures);
    root.put("timedOut", timedOut);
    root.put("unanswered", unanswered);
    root.put("failed", failed());
    root.put("failedPercent", failureRatio() * 100);
    root.put("failures", LatencyReport.keyed(failures));
    root.put("responseP50Ms", LatencyReport.millis(p50));
    root.put("responseP99Ms", LatencyReport.millis(p99));
    root.put("responseMaxMs", LatencyReport.millis(max));
    root.put("dialogsNotified", dialogsNotified < 0 ? null : dialogsNotified);
    root.put("notifyUnknownDialog", notifyUnknownDialog);
    root.put("notifiesFromElsewhere", transport.notifiesFromElsewhere());
    root.put("transport", LatencyReport.transport(transport));
    return JsonText.of(root);
  }
}
