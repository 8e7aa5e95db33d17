package dev.herald.loadgen;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rls mode: one list subscriber (RFC 4662) and a list's members that publish. It SUBSCRIBEs
 * to {@code list} with {@code Supported: eventlist} and waits for the 2xx and the first NOTIFY;
 * then PUBLISHes at a fixed rate, round robin over the {@code members} presentities
 * ({@code sip:<prefix><n>@<domain>}, n from 0; the list must hold them), each a real change (a
 * note with the PUBLISH's sequence number); reads every NOTIFY of the list dialog: its size, the
 * RLMI root's {@code fullState} and how many resources it names, and the notes it carries, the
 * first NOTIFY carrying a note timing its PUBLISH. At the end it ends the dialog and removes the
 * publications.
 *
 * <p>Everything here runs with the client's lock held: steps on the sender thread, answers and
 * NOTIFYs on the receiver thread.
 */
final class RlsRun implements SipClient.Handler {

  private static final Logger log = LoggerFactory.getLogger(RlsRun.class);
  private static final char DIALOG_KIND = 'l';

  /**
   * {@code members} presentities in {@code list}, PUBLISHed at {@code rate} per second for
   * {@code warmup + duration} (the warm-up not counted); {@code expires} asked for in SUBSCRIBE and
   * PUBLISH; {@code setupTimeout} for the list dialog's 2xx and first NOTIFY; {@code drain} after
   * the last PUBLISH for answers and NOTIFYs.
   */
  record Config(CommonConfig common, String list, int members, double rate, Duration duration, Duration warmup,
      int expires, Duration setupTimeout, Duration drain) {
    Config {
      if (list == null || !list.matches("sips?:[^\\s<>\"]+")) {
        throw new IllegalArgumentException("list must be a SIP URI: " + list);
      }
      if (members < 1) {
        throw new IllegalArgumentException("at least one member");
      }
      if (!(rate > 0)) {
        throw new IllegalArgumentException("rate must be positive");
      }
      if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
        throw new IllegalArgumentException("duration must be positive, warm-up not negative");
      }
      if (LatencyConfig.publishes(rate, warmup.plus(duration)) > 10_000_000) {
        throw new IllegalArgumentException("more than 10 million PUBLISHes in one run");
      }
      if (expires < 1 || setupTimeout.isNegative() || drain.isNegative()) {
        throw new IllegalArgumentException("expires must be positive, timeouts not negative");
      }
    }

    long warmupPublishes() {
      return LatencyConfig.publishes(rate, warmup);
    }

    long totalPublishes() {
      return LatencyConfig.publishes(rate, warmup.plus(duration));
    }
  }

  /** One NOTIFY of the list dialog, as received. */
  record Notify(long arrivedNanos, int bytes, int bodyBytes, RlmiSummary rlmi, boolean terminated) {}

  private final Config config;
  private final SipClient client;
  private final SipRequests requests;
  private final int members;
  private final long total;
  private final long warmup;

  // The list dialog.
  private final WatcherDialog dialog = new WatcherDialog(0, -1, () -> { });
  private final NotifyOrder order = new NotifyOrder(1);
  private int subscribeStatus;
  private boolean subscribeAnswered;
  private boolean tearingDown;
  private boolean unsubscribed;
  private long notifyUnknownDialog;

  // PUBLISHes, by sequence number.
  private final Publications publications;
  private final BitSet carried;
  private final LatencyRecorder publishRtt;
  private final LatencyRecorder carryDelay;
  private int pendingRemovals;
  private int removed;
  private long publishingStartedAt = -1;

  private final List<Notify> notifies = new ArrayList<>();

  RlsRun(Config config, SipClient client) {
    this.config = config;
    this.client = client;
    this.requests = client.requests();
    this.members = config.members();
    this.total = config.totalPublishes();
    this.warmup = config.warmupPublishes();
    this.publications = new Publications(members, total);
    this.carried = new BitSet((int) total);
    this.publishRtt = new LatencyRecorder((int) Math.min(total, 1 << 20));
    this.carryDelay = new LatencyRecorder((int) Math.min(total, 1 << 20));
  }

  /** Runs every phase and reports; the client must be started with this handler. */
  Report run() {
    log.info("run {}: subscribing to {} ({} members)", requests.runId(), config.list(), members);
    client.pace(1, 1, (i, now) -> {
      if (client.begin(RequestKind.SUBSCRIBE, 0, dialog.subscribing(), null, now) < 0) {
        dialog.failed();
      }
    }, () -> { });
    boolean ready = client.await(() -> dialog.state() != WatcherDialog.State.TRYING && (!dialog.active()
        || dialog.notified()), config.setupTimeout(), () -> log.info("waiting for the list subscription"));
    synchronized (client.lock) {
      ready = ready && dialog.active() && dialog.notified();
      log.info("list subscription: {}", ready ? "answered " + subscribeStatus + ", first NOTIFY received"
          : subscribeAnswered ? "answered " + subscribeStatus : "no answer or no first NOTIFY");
    }
    if (ready) {
      log.info("publishing {}/s over {} members for {} s + {} s warm-up ({} PUBLISHes)",
          LatencyReport.number(config.rate()), members, LatencyReport.seconds(config.duration()),
          LatencyReport.seconds(config.warmup()), total);
      client.pace(total, config.rate(), this::publish, this::progress);
      client.await(() -> publications.pending() == 0, config.drain(), this::progress);
      // Whatever the last PUBLISHes changed comes at most one notify interval later.
      client.await(() -> false, Duration.ofSeconds(Math.min(3, config.drain().toSeconds())), () -> { });
    }
    tearDown();
    synchronized (client.lock) {
      return report(ready);
    }
  }

  private void tearDown() {
    synchronized (client.lock) {
      tearingDown = true;
    }
    Duration wait = Duration.ofSeconds(5);
    client.pace(1, 1, (i, now) -> {
      if (dialog.active()) {
        client.begin(RequestKind.UNSUBSCRIBE, 0, dialog.nextCseq(), null, now);
      }
    }, () -> { });
    int[] published;
    synchronized (client.lock) {
      published = publications.published();
    }
    log.info("removing {} publications", published.length);
    client.pace(published.length, 200, (i, now) -> {
      int p = published[(int) i];
      if (client.begin(RequestKind.REMOVE, p, total + p, publications.etag(p), now) >= 0) {
        pendingRemovals++;
      }
    }, () -> { });
    client.await(() -> pendingRemovals == 0, wait, () -> { });
  }

  private void publish(long seq, long now) {
    if (seq == warmup) {
      publishingStartedAt = now;
    }
    publications.publish(client, seq, now);
  }

  @Override
  public void write(Transactions transactions, int slot, SipWriter out) {
    RequestKind kind = RequestKind.of(transactions, slot);
    long number = transactions.number(slot);
    long seq = transactions.seq(slot);
    switch (kind) {
      case SUBSCRIBE, UNSUBSCRIBE -> {
        byte[] tag = kind == RequestKind.SUBSCRIBE ? null : remoteTag();
        requests.listSubscribe(out, number, DIALOG_KIND, 0, config.list(), seq,
            kind == RequestKind.SUBSCRIBE ? config.expires() : 0, tag, tag == null ? 0 : tag.length);
      }
      default -> kind.write(transactions, slot, out, requests, null, config.expires());
    }
  }

  private byte[] remoteTag() {
    String tag = dialog.remoteTagText();
    return tag == null ? null : tag.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void onFinal(Transactions transactions, int slot, SipMessage response, long now) {
    int status = response.status;
    boolean ok = status >= 200 && status < 300;
    switch (RequestKind.of(transactions, slot)) {
      case SUBSCRIBE -> {
        subscribeAnswered = true;
        subscribeStatus = status;
        if (ok) {
          dialog.keepRemoteTagOf(response);
          dialog.activated();
        } else {
          dialog.failed();
        }
      }
      case UNSUBSCRIBE -> unsubscribed = ok;
      case PUBLISH, MODIFY -> published(transactions, slot, status, response, now);
      case REMOVE -> {
        pendingRemovals--;
        if (ok) {
          removed++;
        }
      }
      default -> { }
    }
  }

  private void published(Transactions transactions, int slot, int status, SipMessage response, long now) {
    long seq = transactions.seq(slot);
    publications.ended(transactions.ref(slot), seq, status, response, (String) transactions.extra(slot));
    if (response != null && seq >= warmup) {
      publishRtt.record(now - transactions.startedAt(slot));
    }
  }

  @Override
  public void onTimeout(Transactions transactions, int slot, long now) {
    switch (RequestKind.of(transactions, slot)) {
      case SUBSCRIBE -> dialog.failed();
      case PUBLISH, MODIFY -> published(transactions, slot, Publications.TIMED_OUT, null, now);
      case REMOVE -> pendingRemovals--;
      default -> { }
    }
  }

  @Override
  public int onNotify(SipMessage notify, SocketAddress from, long now) {
    if (requests.dialogOf(notify, DIALOG_KIND) != 0 || !dialog.matches(notify)) {
      notifyUnknownDialog++;
      return 481;
    }
    if (order.see(0, notify.cseq) == NotifyOrder.Seen.REPEAT) {
      return 200;
    }
    dialog.firstNotify();
    String body = new String(notify.data, notify.bodyStart, Math.max(0, notify.bodyEnd - notify.bodyStart),
        StandardCharsets.ISO_8859_1);
    notifies.add(new Notify(now, notify.length, notify.bodyEnd - notify.bodyStart, RlmiSummary.of(body),
        notify.subscriptionTerminated()));
    requests.markers(notify, marker -> {
      if (marker >= 0 && marker < total && !carried.get((int) marker)) {
        carried.set((int) marker);
        if (marker >= warmup && publications.sentAt(marker) != 0) {
          carryDelay.record(now - publications.sentAt(marker));
        }
      }
    });
    if (notify.subscriptionTerminated() && !tearingDown) {
      log.warn("the list subscription was terminated by the server");
      dialog.ended();
    }
    return 200;
  }

  private void progress() {
    log.info("PUBLISH sent {}, list NOTIFYs {}", client.transactions().started(), notifies.size());
  }

  /** What a run measured. */
  record Report(String runId, Config config, boolean ready, int subscribeStatus, Notify first,
      Window window, Publishes publishes, long notifiesTotal, long notifyUnknownDialog, boolean unsubscribed,
      int removed, SipClient.Counters transport) {

    /** The NOTIFYs that arrived while the counted PUBLISHes were sent (the measured seconds). */
    record Window(double seconds, int notifies, int full, int partial, int unreadable, long bodyP50, long bodyP99,
        long bytesP50, long bytesP99, long partialResourcesP50, long partialResourcesMax, long fullBodyMax) {
      double perSecond() {
        return seconds > 0 ? notifies / seconds : 0;
      }
    }

    /** Counted PUBLISHes: sent, 2xx, failed (non-2xx or no answer), skipped; how many a NOTIFY carried and when. */
    record Publishes(long sent, long ok, long failed, long timedOut, long skipped, long notSent,
        Map<Integer, Long> failures, long rttP50, long rttP99, long carried, long carryP50, long carryP99) {}

    String summary() {
      return String.format(Locale.ROOT,
          "rls %s: list NOTIFYs %.2f/s over %s s (%d: %d full, %d partial%s); body p50 %d B p99 %d B; "
              + "first NOTIFY %d B (%s); members per partial p50 %d max %d; PUBLISH sent %d, failed %d "
              + "(timed out %d), skipped %d, RTT p50 %s; carried by a NOTIFY %d, PUBLISH-to-NOTIFY p50 %s p99 %s",
          ready ? "ready" : "NOT READY (SUBSCRIBE " + subscribeStatus + ")", window.perSecond(),
          LatencyReport.number(window.seconds()), window.notifies(), window.full(), window.partial(),
          window.unreadable() > 0 ? ", " + window.unreadable() + " without RLMI" : "", window.bodyP50(),
          window.bodyP99(), first == null ? 0 : first.bodyBytes(), first == null || first.rlmi().fullState() == null
              ? "no RLMI" : (first.rlmi().fullState() ? "full" : "partial") + ", " + first.rlmi().resources()
              + " resources", window.partialResourcesP50(), window.partialResourcesMax(), publishes.sent(),
          publishes.failed(), publishes.timedOut(), publishes.skipped(), LatencyReport.ms(publishes.rttP50()),
          publishes.carried(), LatencyReport.ms(publishes.carryP50()), LatencyReport.ms(publishes.carryP99()));
    }

    String json() {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("mode", "rls");
      root.put("runId", runId);
      root.put("list", config.list());
      root.put("members", config.members());
      root.put("rate", config.rate());
      root.put("durationSeconds", window.seconds());
      root.put("ready", ready);
      root.put("subscribeStatus", subscribeStatus);
      Map<String, Object> firstNotify = new LinkedHashMap<>();
      if (first != null) {
        firstNotify.put("bytes", first.bytes());
        firstNotify.put("bodyBytes", first.bodyBytes());
        firstNotify.put("fullState", first.rlmi().fullState());
        firstNotify.put("resources", first.rlmi().resources());
        firstNotify.put("version", first.rlmi().version());
      }
      root.put("firstNotify", firstNotify);
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("notifies", window.notifies());
      w.put("perSecond", window.perSecond());
      w.put("full", window.full());
      w.put("partial", window.partial());
      w.put("withoutRlmi", window.unreadable());
      w.put("bodyBytesP50", window.bodyP50());
      w.put("bodyBytesP99", window.bodyP99());
      w.put("bytesP50", window.bytesP50());
      w.put("bytesP99", window.bytesP99());
      w.put("partialResourcesP50", window.partialResourcesP50());
      w.put("partialResourcesMax", window.partialResourcesMax());
      w.put("fullBodyBytesMax", window.fullBodyMax());
      root.put("notify", w);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("sent", publishes.sent());
      p.put("ok", publishes.ok());
      p.put("failed", publishes.failed());
      p.put("timedOut", publishes.timedOut());
      p.put("skipped", publishes.skipped());
      p.put("notSent", publishes.notSent());
      Map<String, Object> failures = new LinkedHashMap<>();
      publishes.failures().forEach((status, count) -> failures.put(String.valueOf(status), count));
      p.put("failures", failures);
      p.put("rttP50Ms", publishes.rttP50() / 1e6);
      p.put("rttP99Ms", publishes.rttP99() / 1e6);
      p.put("carried", publishes.carried());
      p.put("publishToNotifyP50Ms", publishes.carryP50() / 1e6);
      p.put("publishToNotifyP99Ms", publishes.carryP99() / 1e6);
      root.put("publish", p);
      root.put("notifiesTotal", notifiesTotal);
      root.put("notifyUnknownDialog", notifyUnknownDialog);
      root.put("unsubscribed", unsubscribed);
      root.put("publicationsRemoved", removed);
      root.put("notifiesFromElsewhere", transport.notifiesFromElsewhere());
      root.put("maxSenderLagMs", transport.maxLagNanos() / 1e6);
      root.put("sendsLaterThan10Ms", transport.lateSends());
      return JsonText.of(root);
    }
  }

  private Report report(boolean ready) {
    long start = publishingStartedAt;
    long end = start + config.duration().toNanos();
    LatencyRecorder bodies = new LatencyRecorder(notifies.size());
    LatencyRecorder sizes = new LatencyRecorder(notifies.size());
    LatencyRecorder partialResources = new LatencyRecorder(notifies.size());
    int counted = 0;
    int full = 0;
    int partial = 0;
    int unreadable = 0;
    long fullBodyMax = 0;
    for (Notify n : notifies) {
      if (start < 0 || n.arrivedNanos() < start || n.arrivedNanos() >= end) {
        continue;
      }
      counted++;
      bodies.record(n.bodyBytes());
      sizes.record(n.bytes());
      if (!n.rlmi().found()) {
        unreadable++;
      } else if (n.rlmi().fullState()) {
        full++;
        fullBodyMax = Math.max(fullBodyMax, n.bodyBytes());
      } else {
        partial++;
        partialResources.record(n.rlmi().resources());
      }
    }
    Publications.Tally tally = publications.tally(warmup);
    long carriedCount = 0;
    for (long seq = warmup; seq < total; seq++) {
      if (publications.ok(seq) && carried.get((int) seq)) {
        carriedCount++;
      }
    }
    Report.Window window = new Report.Window(config.duration().toNanos() / 1e9, counted, full, partial, unreadable,
        bodies.percentile(50), bodies.percentile(99), sizes.percentile(50), sizes.percentile(99),
        partialResources.percentile(50), partialResources.percentile(100), fullBodyMax);
    Report.Publishes publishes = new Report.Publishes(tally.sent(), tally.ok(), tally.sent() - tally.ok(),
        tally.timedOut() + tally.unanswered(), tally.skipped(), tally.notSent(), tally.failures(),
        publishRtt.percentile(50), publishRtt.percentile(99), carriedCount, carryDelay.percentile(50),
        carryDelay.percentile(99));
    return new Report(requests.runId(), config, ready, subscribeStatus, notifies.isEmpty() ? null : notifies.get(0),
        window, publishes, notifies.size(), notifyUnknownDialog, unsubscribed, removed, client.counters());
  }
}
