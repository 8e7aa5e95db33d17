package dev.herald.loadgen;

import dev.herald.loadgen.WatcherDialog.State;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latency mode. Sets up {@code watchers} SUBSCRIBE dialogs on each presentity and waits for
 * their 2xx and first NOTIFY; then PUBLISHes at a fixed rate, round robin over the presentities
 * (the first PUBLISH of each initial, the next ones modifying it with SIP-If-Match), each with
 * a PIDF note that marks it; times every NOTIFY from the PUBLISH its newest marker names; at
 * the end ends the dialogs (Expires: 0) and removes the publications.
 *
 * <p>Everything here runs with the client's lock held: steps on the sender thread, answers and
 * NOTIFYs on the receiver thread.
 */
final class LatencyRun implements SipClient.Handler {

  private static final Logger log = LoggerFactory.getLogger(LatencyRun.class);

  private final LatencyConfig config;
  private final SipClient client;
  private final SipRequests requests;
  private final int presentities;
  private final int perPresentity;
  private final int watchers;
  private final long total;
  private final long warmup;

  // Watchers: index w watches presentity w / perPresentity.
  private final WatcherDialogs<WatcherDialog> dialogs;
  private final NotifyOrder order;
  private int ready2xx;
  private int rejected;
  private int setupTimeouts;
  private final TreeMap<Integer, Integer> rejections = new TreeMap<>();

  // Presentities.
  private final int[] readyWatchers;

  // PUBLISHes, by sequence number.
  private final Publications publications;
  private final Deliveries delivered;
  private final LatencyRecorder publishRtt;
  private final LatencyRecorder subscribeRtt;
  private final LatencyRecorder notifyLatency;
  private long expectedSoFar;
  private long receivedSoFar;
  private long answeredPublishes;

  // NOTIFYs.
  private long notifyUnknownDialog;
  private long notifyWrongPresentity;
  private long endedByServer;

  // The end.
  private boolean tearingDown;
  private int pendingTeardown;
  private int unsubscribed;
  private int unsubscribeFailed;
  private int terminatedAfterUnsubscribe;
  private int removed;
  private int removeFailed;

  LatencyRun(LatencyConfig config, SipClient client) {
    this.config = config;
    this.client = client;
    this.requests = client.requests();
    this.presentities = config.presentities();
    this.perPresentity = config.watchers();
    this.watchers = config.totalWatchers();
    this.total = config.totalPublishes();
    this.warmup = config.warmupPublishes();
    this.dialogs = new WatcherDialogs<>(watchers, perPresentity, WatcherDialog::new);
    this.order = new NotifyOrder(watchers);
    this.readyWatchers = new int[presentities];
    this.publications = new Publications(presentities, total);
    this.delivered = new Deliveries(total, perPresentity);
    this.publishRtt = new LatencyRecorder((int) Math.min(total, 1 << 20));
    this.subscribeRtt = new LatencyRecorder(Math.max(1, watchers));
    this.notifyLatency = new LatencyRecorder((int) Math.min(total * perPresentity, 1 << 22));
  }

  /** Runs every phase and reports; the client must be started with this handler. */
  LatencyReport run() {
    log.info("run {}: {} watchers on {} presentities, subscribing at {}/s", requests.runId(), watchers, presentities,
        LatencyReport.number(config.subscribeRate()));
    client.pace(watchers, config.subscribeRate(), this::subscribe, this::progressSetup);
    client.await(() -> dialogs.settled() == watchers, config.setupTimeout(), this::progressSetup);
    int readyCount;
    synchronized (client.lock) {
      readyCount = markReady();
      log.info("{} of {} watchers ready ({} rejected, {} timed out, {} without a first NOTIFY)", readyCount, watchers,
          rejected, setupTimeouts, watchers - dialogs.settled());
      long runSeconds = config.warmup().plus(config.duration()).toSeconds();
      long minGrantedExpires = dialogs.minGrantedExpires();
      if (minGrantedExpires >= 0 && minGrantedExpires < runSeconds + 30) {
        log.warn("subscriptions granted only {} s for a run of {} s: some may expire during it", minGrantedExpires,
            runSeconds);
      }
    }
    if (readyCount > 0) {
      log.info("publishing {}/s for {} s + {} s warm-up ({} PUBLISHes)", LatencyReport.number(config.rate()),
          LatencyReport.seconds(config.duration()), LatencyReport.seconds(config.warmup()), total);
      client.pace(total, config.rate(), this::publish, this::progressPublish);
      client.await(() -> publications.pending() == 0 && receivedSoFar >= expectedSoFar, config.drain(),
          this::progressPublish);
    }
    tearDown();
    LatencyReport report;
    synchronized (client.lock) {
      report = report(readyCount);
    }
    if (report.publishes().skipped() > 0) {
      log.warn("{} PUBLISHes not sent: the previous PUBLISH of their presentity was still unanswered (RFC 3903 §4.1)."
          + " Each presentity is published every {} s; the server answered slower than that.",
          report.publishes().skipped(), LatencyReport.number(presentities / config.rate()));
    }
    return report;
  }

  private void tearDown() {
    List<WatcherDialog> active;
    synchronized (client.lock) {
      tearingDown = true;
      active = dialogs.all().stream().filter(WatcherDialog::active).toList();
    }
    Duration wait = config.drain().compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : config.drain();
    log.info("ending {} subscriptions", active.size());
    client.pace(active.size(), config.subscribeRate(), (i, now) -> unsubscribe(active.get((int) i), now), () -> { });
    client.await(() -> pendingTeardown == 0 && terminatedAfterUnsubscribe >= unsubscribed, wait, () -> { });
    int[] published;
    synchronized (client.lock) {
      published = publications.published();
    }
    log.info("removing {} publications", published.length);
    client.pace(published.length, config.subscribeRate(), (i, now) -> remove(published[(int) i], now), () -> { });
    client.await(() -> pendingTeardown == 0, wait, () -> { });
  }

  private void subscribe(long index, long now) {
    WatcherDialog d = dialogs.get((int) index);
    if (client.begin(RequestKind.SUBSCRIBE, d.index, d.subscribing(), null, now) < 0) {
      d.failed();
    }
  }

  private void publish(long seq, long now) {
    publications.publish(client, seq, now);
  }

  private void unsubscribe(WatcherDialog d, long now) {
    if (d.active() && client.begin(RequestKind.UNSUBSCRIBE, d.index, d.nextCseq(), null, now) >= 0) {
      pendingTeardown++;
    }
  }

  private void remove(int p, long now) {
    if (client.begin(RequestKind.REMOVE, p, total + p, publications.etag(p), now) >= 0) {
      pendingTeardown++;
    }
  }

  @Override
  public void write(Transactions transactions, int slot, SipWriter out) {
    RequestKind.of(transactions, slot).write(transactions, slot, out, requests, dialogs, config.expires());
  }

  @Override
  public void onFinal(Transactions transactions, int slot, SipMessage response, long now) {
    int status = response.status;
    boolean ok = status >= 200 && status < 300;
    switch (RequestKind.of(transactions, slot)) {
      case SUBSCRIBE -> {
        WatcherDialog d = dialogs.get(transactions.ref(slot));
        if (ok) {
          subscribeRtt.record(now - transactions.startedAt(slot));
          d.keepRemoteTagOf(response);
          d.activated();
          dialogs.granted(response);
        } else {
          d.failed();
          rejected++;
          rejections.merge(status, 1, Integer::sum);
        }
      }
      case PUBLISH, MODIFY -> published(transactions, slot, status, response, now);
      case UNSUBSCRIBE -> {
        pendingTeardown--;
        if (ok) {
          unsubscribed++;
        } else {
          unsubscribeFailed++;
        }
      }
      case REMOVE -> {
        pendingTeardown--;
        if (ok) {
          removed++;
        } else {
          removeFailed++;
        }
      }
      default -> { }
    }
  }

  private void published(Transactions transactions, int slot, int status, SipMessage response, long now) {
    int p = transactions.ref(slot);
    long seq = transactions.seq(slot);
    publications.ended(p, seq, status, response, (String) transactions.extra(slot));
    if (response == null) {
      return;
    }
    answeredPublishes++;
    if (seq >= warmup) {
      publishRtt.record(now - transactions.startedAt(slot));
    }
    if (status >= 200 && status < 300) {
      expectedSoFar += readyWatchers[p];
    }
  }

  @Override
  public void onTimeout(Transactions transactions, int slot, long now) {
    switch (RequestKind.of(transactions, slot)) {
      case SUBSCRIBE -> {
        dialogs.get(transactions.ref(slot)).failed();
        setupTimeouts++;
      }
      case PUBLISH, MODIFY -> published(transactions, slot, Publications.TIMED_OUT, null, now);
      case UNSUBSCRIBE -> {
        pendingTeardown--;
        unsubscribeFailed++;
      }
      case REMOVE -> {
        pendingTeardown--;
        removeFailed++;
      }
      default -> { }
    }
  }

  @Override
  public int onNotify(SipMessage notify, SocketAddress from, long now) {
    WatcherDialog d = dialogs.of(requests, notify);
    if (d == null) {
      // A dialog of another run (or none): RFC 6665 §4.1.3, so the server ends it.
      notifyUnknownDialog++;
      return 481;
    }
    if (order.see(d.index, notify.cseq) == NotifyOrder.Seen.REPEAT) {
      // A retransmission: our 200 was lost or late. Nothing new in it.
      return 200;
    }
    d.firstNotify();
    if (notify.subscriptionTerminated() && d.state() != State.ENDED) {
      if (tearingDown) {
        terminatedAfterUnsubscribe++;
      } else if (d.active()) {
        endedByServer++;
      }
      d.ended();
    }
    if (d.ready()) {
      delivered(d.index, notify, now);
    }
    return 200;
  }

  /** Credits the NOTIFY to the PUBLISH whose marker is the newest in it: the one that changed the document. */
  private void delivered(int w, SipMessage notify, long now) {
    long seq = requests.newestMarker(notify);
    if (seq < 0 || seq >= total) {
      return;
    }
    if (seq % presentities != w / perPresentity) {
      notifyWrongPresentity++;
      return;
    }
    if (!delivered.mark(seq, w % perPresentity)) {
      return;
    }
    receivedSoFar++;
    if (seq >= warmup) {
      notifyLatency.record(now - publications.sentAt(seq));
    }
  }

  private int markReady() {
    int count = 0;
    for (WatcherDialog d : dialogs.all()) {
      if (d.markReady()) {
        readyWatchers[d.presentity]++;
        count++;
      }
      if (d.active()) {
        ready2xx++;
      }
    }
    return count;
  }

  private void progressSetup() {
    log.info("subscriptions: {} of {} settled", dialogs.settled(), watchers);
  }

  private void progressPublish() {
    log.info("PUBLISH sent {}, answered {}, NOTIFYs {} of {} expected so far", client.transactions().started(),
        answeredPublishes, receivedSoFar, expectedSoFar);
  }

  private LatencyReport report(int readyCount) {
    Publications.Tally tally = publications.tally(warmup);
    long expected = 0;
    long received = 0;
    for (long seq = warmup; seq < total; seq++) {
      if (publications.ok(seq)) {
        expected += readyWatchers[(int) (seq % presentities)];
        received += delivered.count(seq);
      }
    }
    return new LatencyReport(requests.runId(), config,
        new LatencyReport.Setup(watchers, ready2xx, readyCount, rejected, setupTimeouts, new TreeMap<>(rejections),
            new LatencyReport.RoundTrip(subscribeRtt.percentile(50), subscribeRtt.percentile(99)),
            dialogs.minGrantedExpires()),
        new LatencyReport.Publishes(tally.sent(), tally.ok(), tally.sent() - tally.ok(), tally.timedOut(),
            tally.unanswered(), tally.notSent(), tally.skipped(), tally.failures(),
            publishRtt.percentile(50), publishRtt.percentile(99), publishRtt.max()),
        new LatencyReport.Notifies(expected, received, expected - received, notifyLatency.percentile(50),
            notifyLatency.percentile(90), notifyLatency.percentile(99), notifyLatency.max(), order.repeats(),
            order.violations(), notifyUnknownDialog, notifyWrongPresentity, endedByServer),
        new LatencyReport.Teardown(unsubscribed, unsubscribeFailed, removed, removeFailed),
        client.counters());
  }
}
