package dev.herald.loadgen;

import dev.herald.loadgen.FaultDialog.Outcome;
import dev.herald.loadgen.WatcherDialog.State;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults mode: a bounded load to run a fault through, and the checks that nothing was lost.
 *
 * <ol>
 *   <li>Setup: {@code watchers} SUBSCRIBE dialogs per presentity, each waited for until its 2xx
 *       and first NOTIFY; a failed initial SUBSCRIBE is tried again (same Call-ID, CSeq + 1) a
 *       bounded number of times. A resumed run refreshes the kept dialogs instead.</li>
 *   <li>Load: PUBLISHes round robin over the presentities (initial, then modifying by
 *       SIP-If-Match; never a second one of a presentity before the first is answered, RFC 3903
 *       §4.1; a 412 falls back to an initial PUBLISH at once) and, among them, in-dialog
 *       re-SUBSCRIBEs round robin over the dialogs.</li>
 *   <li>Settle: until retransmissions end (Timer F) or {@code settle} passes.</li>
 *   <li>Final check: one last PUBLISH per presentity with a final note, and every dialog must
 *       get a NOTIFY carrying it within {@code settle}.</li>
 *   <li>End: every dialog ended and every publication removed, unless kept (and then written to
 *       the state file for a resumed run).</li>
 * </ol>
 *
 * <p>Counted all along: requests by kind and answer, NOTIFY CSeq order per dialog, the gaps in
 * service ({@link Gaps}), a per-second {@link Timeline} and PUBLISH-to-NOTIFY latency. Markers:
 * PUBLISH {@code s} of the load carries {@code base + s}, the final PUBLISH of presentity
 * {@code p} {@code base + publishes + p}; {@code base} is 0, or where the kept run stopped.
 *
 * <p>Everything here runs with the client's lock held, as in {@link LatencyRun}.
 */
final class FaultRun implements SipClient.Handler {

  private static final Logger log = LoggerFactory.getLogger(FaultRun.class);

  /** A transaction that ended by Timer F, for the places a status goes. */
  static final int LOST = -1;

  private static final long SECOND = 1_000_000_000L;
  private static final long MAX_RETRY_DELAY = 5 * SECOND;

  /** A dialog's initial SUBSCRIBE to send again at {@code due}. */
  private record Retry(long due, FaultDialog dialog) {}

  private final FaultConfig config;
  private final SipClient client;
  private final SipRequests requests;
  private final FaultState kept;
  private final int presentityCount;
  private final int perPresentity;
  private final int dialogCount;
  private final long publishes;
  private final long refreshes;
  private final long base;
  private final long finalBase;

  private final Timeline timeline;
  private final RequestTally tally = new RequestTally(RequestKind.reportNames());
  private final NotifyOrder order;
  private final Gaps serviceGaps;
  private final Gaps resourceGaps;
  private final Gaps notifyGaps;
  private final Gaps dialogNotifyGaps;
  private String phase = "";
  private long loadStart;
  private long loadEnd;
  private long finalStart;

  // Dialogs: index w watches presentity w / perPresentity.
  private final WatcherDialogs<FaultDialog> dialogs;
  private final PriorityQueue<Retry> retries = new PriorityQueue<>(Comparator.comparingLong(Retry::due));
  private int setupDialogs;
  private boolean setupOver;
  private int readyCount;
  private int setupRetried;
  private int setupFailed;
  private int refreshPointer;
  private long refreshesSent;
  private long refreshesSkipped;
  private int dialogsEndedByRefresh;
  private int dialogsTerminatedByServer;
  private int terminatedAfterUnsubscribe;
  private int finalSeenCount;

  // Presentities, by index.
  private final List<FaultPresentity> presentities;
  private int finalPending;

  // PUBLISHes of the load, by sequence number.
  private final long[] sentAt;
  private final long[] worstLatency;
  private final Deliveries delivered;
  private final LatencyRecorder latency;
  private long publishesSkipped;
  private long publishesNotSent;
  private long fallbacks;
  private long acceptedLost412;
  private long stale412;

  // NOTIFYs.
  private long notifies;
  private long notifyUnknownDialog;
  private final Map<String, Long> notifySources = new LinkedHashMap<>();
  private final Map<SocketAddress, Integer> sourceIndex = new HashMap<>();
  private int dialogsWithSeveralSources;

  // Resumed run.
  private int restartRefreshEnded;
  private int restartNoteMissing;
  private int restartEtagRefused;

  // The end.
  private boolean tearingDown;
  private int pendingTeardown;
  private String stateWritten;

  FaultRun(FaultConfig config, SipClient client, long startNanos) {
    this.config = config;
    this.client = client;
    this.requests = client.requests();
    this.kept = config.resume();
    this.presentityCount = config.presentities();
    this.perPresentity = config.watchers();
    this.dialogCount = config.dialogs();
    this.publishes = config.publishes();
    this.refreshes = config.refreshes();
    this.base = kept == null ? 0 : kept.nextMarker();
    this.finalBase = base + publishes;
    this.timeline = new Timeline(startNanos);
    this.order = new NotifyOrder(dialogCount);
    double perPresentitySeconds = presentityCount / config.rate();
    this.serviceGaps = new Gaps(1, SECOND + (long) (2 * SECOND / config.rate()), SECOND);
    this.resourceGaps = new Gaps(presentityCount, SECOND + (long) (2 * perPresentitySeconds * SECOND), SECOND);
    this.notifyGaps = new Gaps(1, Long.MAX_VALUE, SECOND);
    this.dialogNotifyGaps = new Gaps(dialogCount, Long.MAX_VALUE, SECOND);
    this.dialogs = new WatcherDialogs<>(dialogCount, perPresentity, FaultDialog::new);
    List<FaultPresentity> all = new ArrayList<>(presentityCount);
    for (int p = 0; p < presentityCount; p++) {
      all.add(new FaultPresentity(p));
    }
    this.presentities = List.copyOf(all);
    this.sentAt = new long[(int) publishes];
    this.worstLatency = new long[(int) publishes];
    Arrays.fill(worstLatency, -1);
    this.delivered = new Deliveries(publishes, perPresentity);
    this.latency = new LatencyRecorder((int) Math.min(publishes * perPresentity, 1 << 22));
    if (kept != null) {
      for (FaultPresentity p : presentities) {
        p.resume(kept.etags()[p.index], kept.markers()[p.index]);
      }
      for (FaultDialog d : dialogs.all()) {
        if (kept.live(d.index)) {
          d.resume(kept.remoteTags()[d.index], kept.cseqs()[d.index]);
          order.startAt(d.index, kept.notifyCseqs()[d.index]);
        }
      }
    }
  }

  /** Runs every phase and reports; the client must be started with this handler. */
  FaultReport run() {
    setup();
    synchronized (client.lock) {
      markReady();
    }
    load();
    finalCheck();
    end();
    synchronized (client.lock) {
      long now = System.nanoTime();
      phase("done", now);
      serviceGaps.finish(now);
      resourceGaps.finish(now);
      notifyGaps.finish(now);
      dialogNotifyGaps.finish(now);
      return report(now);
    }
  }

  // ---- phases

  private void setup() {
    List<FaultDialog> targets;
    synchronized (client.lock) {
      phase(kept == null ? "setup" : "resume", System.nanoTime());
      targets = dialogs.all().stream().filter(d -> kept == null || kept.live(d.index)).toList();
      setupDialogs = targets.size();
    }
    log.info("run {}: {} {} dialogs on {} presentities at {}/s", requests.runId(),
        kept == null ? "setting up" : "refreshing the kept", targets.size(), presentityCount,
        LatencyReport.number(config.subscribeRate()));
    client.pace(targets.size(), config.subscribeRate(), (i, now) -> startDialog(targets.get((int) i), now),
        this::progressSetup);
    client.await(() -> {
      sendDueRetries(System.nanoTime());
      return dialogs.settled() == setupDialogs;
    }, config.setupTimeout(), this::progressSetup);
  }

  private void load() {
    long count = publishes + refreshes;
    double rate = config.rate() * (1 + config.refreshShare());
    synchronized (client.lock) {
      retries.clear();
      loadStart = System.nanoTime();
      phase("load", loadStart);
    }
    log.info("load: {} PUBLISHes and {} re-SUBSCRIBEs at {}/s over {} s", publishes, refreshes,
        LatencyReport.number(rate), LatencyReport.seconds(config.duration()));
    long[] published = {0};
    client.pace(count, rate, (i, now) -> {
      if (refreshes > 0 && (i + 1) * refreshes / count > i * refreshes / count) {
        refresh(now);
      } else {
        publish(published[0]++, now);
      }
    }, this::progressLoad);
    synchronized (client.lock) {
      loadEnd = System.nanoTime();
      phase("settle", loadEnd);
    }
    client.await(() -> client.transactions().outstanding() == 0, config.settle(), this::progressLoad);
  }

  private void finalCheck() {
    synchronized (client.lock) {
      finalStart = System.nanoTime();
      phase("final", finalStart);
    }
    log.info("final check: one last PUBLISH per presentity, a NOTIFY with it to every dialog");
    client.pace(presentityCount, config.subscribeRate(), (i, now) -> publishFinal(presentities.get((int) i), now),
        this::progressFinal);
    long[] lastCheck = {System.nanoTime() - SECOND};
    boolean[] done = {false};
    client.await(() -> {
      long now = System.nanoTime();
      if (finalPending == 0 && now - lastCheck[0] > 20_000_000L) {
        lastCheck[0] = now;
        done[0] = finalAwaited() == 0;
      }
      return done[0];
    }, config.settle(), this::progressFinal);
  }

  private void end() {
    if (config.keep()) {
      synchronized (client.lock) {
        phase("kept", System.nanoTime());
        if (config.stateFile() != null) {
          try {
            keptState().write(config.stateFile());
            stateWritten = config.stateFile().toString();
          } catch (IOException e) {
            log.warn("cannot write the state file {}: {}", config.stateFile(), e.toString());
          }
        }
      }
      return;
    }
    List<FaultDialog> active;
    synchronized (client.lock) {
      phase("teardown", System.nanoTime());
      tearingDown = true;
      active = dialogs.all().stream().filter(FaultDialog::endable).toList();
    }
    log.info("ending {} subscriptions", active.size());
    client.pace(active.size(), config.subscribeRate(), (i, now) -> unsubscribe(active.get((int) i), now), () -> { });
    client.await(() -> pendingTeardown == 0, config.settle(), () -> { });
    List<FaultPresentity> published;
    synchronized (client.lock) {
      published = presentities.stream().filter(p -> p.etag() != null && !p.publishing()).toList();
    }
    log.info("removing {} publications", published.size());
    client.pace(published.size(), config.subscribeRate(), (i, now) -> remove(published.get((int) i), now),
        () -> { });
    client.await(() -> pendingTeardown == 0, config.settle(), () -> { });
  }

  // ---- sending

  /** Starts a transaction; counts it and opens the gaps it may leave. False when the table is full. */
  private boolean send(RequestKind kind, int ref, long seq, Object extra, FaultPresentity p, long now) {
    if (client.begin(kind, ref, seq, extra, now) < 0) {
      return false;
    }
    tally.sent(kind.ordinal());
    timeline.add(Timeline.SENT, now);
    p.requestSent();
    serviceGaps.demand(0, now);
    resourceGaps.demand(p.index, now);
    return true;
  }

  private void startDialog(FaultDialog d, long now) {
    long cseq = d.attempt();
    // A kept dialog is taken over by a refresh inside it.
    if (!send(kept == null ? RequestKind.SUBSCRIBE : RequestKind.RESUBSCRIBE, d.index, cseq, null, presentityOf(d),
        now)) {
      d.failed();
      setupFailed++;
    } else if (kept != null) {
      d.inDialogSent();
    }
  }

  private void sendDueRetries(long now) {
    while (!retries.isEmpty() && retries.peek().due() <= now) {
      FaultDialog d = retries.poll().dialog();
      if (kept == null) {
        d.forgetRemote();
        order.reset(d.index);
      }
      setupRetried++;
      startDialog(d, now);
    }
  }

  private void publish(long seq, long now) {
    FaultPresentity p = presentities.get((int) (seq % presentityCount));
    sentAt[(int) seq] = now;
    if (p.publishing()) {
      // RFC 3903 §4.1: not before the presentity's previous PUBLISH has its final response.
      publishesSkipped++;
      return;
    }
    if (!sendPublish(p, base + seq, now)) {
      publishesNotSent++;
    }
  }

  /** Sends a PUBLISH: initial, or modifying the entity-tag held; from now on its watchers await a NOTIFY. */
  private boolean sendPublish(FaultPresentity p, long marker, long now) {
    String ifMatch = p.etag();
    if (!send(RequestKind.publish(ifMatch), p.index, marker, ifMatch, p, now)) {
      return false;
    }
    p.publishSent();
    for (FaultDialog d : dialogs.watching(p.index)) {
      if (d.ready() && d.active()) {
        dialogNotifyGaps.demand(d.index, now);
      }
    }
    return true;
  }

  private void publishFinal(FaultPresentity p, long now) {
    if (!p.publishing() && sendPublish(p, finalBase + p.index, now)) {
      p.finalSent();
      finalPending++;
    } else {
      p.finalNotSent();
    }
  }

  private void refresh(long now) {
    FaultDialog d = dialogs.get(refreshPointer);
    refreshPointer = (refreshPointer + 1) % dialogCount;
    if (!d.refreshable()) {
      // Not a live dialog, or its last in-dialog request is still under way: CSeq order first.
      refreshesSkipped++;
      return;
    }
    if (send(RequestKind.RESUBSCRIBE, d.index, d.nextCseq(), null, presentityOf(d), now)) {
      d.inDialogSent();
      refreshesSent++;
    } else {
      d.cseqNotUsed();
      refreshesSkipped++;
    }
  }

  private void unsubscribe(FaultDialog d, long now) {
    if (d.endable() && send(RequestKind.UNSUBSCRIBE, d.index, d.nextCseq(), null, presentityOf(d), now)) {
      d.inDialogSent();
      pendingTeardown++;
    }
  }

  private void remove(FaultPresentity p, long now) {
    if (send(RequestKind.REMOVE, p.index, finalBase + presentityCount + p.index, p.etag(), p, now)) {
      p.publishSent();
      pendingTeardown++;
    }
  }

  @Override
  public void write(Transactions transactions, int slot, SipWriter out) {
    RequestKind.of(transactions, slot).write(transactions, slot, out, requests, dialogs, config.expires());
  }

  @Override
  public void onRetransmit(Transactions transactions, int slot, long now) {
    timeline.add(Timeline.RETRANSMITTED, now);
  }

  // ---- answers

  @Override
  public void onFinal(Transactions transactions, int slot, SipMessage response, long now) {
    answered(transactions, slot, response.status, response, now);
  }

  @Override
  public void onTimeout(Transactions transactions, int slot, long now) {
    answered(transactions, slot, LOST, null, now);
  }

  private void answered(Transactions transactions, int slot, int status, SipMessage response, long now) {
    RequestKind kind = RequestKind.of(transactions, slot);
    int ref = transactions.ref(slot);
    FaultDialog dialog = kind.ofDialog() ? dialogs.get(ref) : null;
    FaultPresentity p = dialog == null ? presentities.get(ref) : presentityOf(dialog);
    boolean ok = status >= 200 && status < 300;
    p.requestEnded();
    if (status == LOST) {
      tally.lost(kind.ordinal());
      timeline.add(Timeline.LOST, now);
    } else {
      tally.answered(kind.ordinal(), status);
      timeline.add(ok ? Timeline.OK : Timeline.FAILED, now);
    }
    if (ok) {
      serviceGaps.served(0, now, client.transactions().outstanding() > 0);
      resourceGaps.served(p.index, now, p.awaiting());
    } else {
      serviceGaps.failed(0, now, client.transactions().outstanding() > 0);
      resourceGaps.failed(p.index, now, p.awaiting());
    }
    if (dialog != null) {
      dialog.requestEnded();
    }
    switch (kind) {
      case SUBSCRIBE -> setupAnswered(dialog, status, response, now);
      case RESUBSCRIBE -> {
        if (dialog.state() == State.TRYING) {
          setupAnswered(dialog, status, response, now);
        } else if (!ok && endsDialog(status) && dialog.endedByRefresh()) {
          dialogsEndedByRefresh++;
        }
      }
      case PUBLISH, MODIFY -> published(p, transactions.seq(slot), (String) transactions.extra(slot), status,
          response, now);
      case UNSUBSCRIBE -> {
        pendingTeardown--;
        dialog.closed();
      }
      case REMOVE -> {
        pendingTeardown--;
        p.removed(ok);
      }
    }
  }

  /** The answer to a dialog's initial SUBSCRIBE, or to a kept dialog's first refresh. */
  private void setupAnswered(FaultDialog d, int status, SipMessage response, long now) {
    if (status >= 200 && status < 300) {
      if (kept == null && d.takeRemoteTagOf(response)) {
        // A NOTIFY of another dialog (of a failed attempt) came first: this is the dialog.
        order.reset(d.index);
      }
      d.activated();
      dialogs.granted(response);
    } else if (kept != null && endsDialog(status)) {
      // The kept dialog is gone: the restart lost it.
      d.failed();
      restartRefreshEnded++;
    } else if (d.attempts() <= config.setupRetries() && !setupOver) {
      retries.add(new Retry(now + retryDelay(response), d));
    } else {
      d.failed();
      if (!setupOver) {
        setupFailed++;
      }
    }
  }

  /** RFC 6665 §4.1.2.2: the answers to a refresh after which the subscription is over. */
  static boolean endsDialog(int status) {
    return status == 404 || status == 405 || status == 410 || status == 416 || (status >= 480 && status <= 485)
        || status == 489 || status == 501 || status == 604;
  }

  /** Retry-After of a 503 (at most 5 s), else 1 s. */
  private static long retryDelay(SipMessage response) {
    if (response != null && response.hasRetryAfter()) {
      int end = response.retryAfterStart;
      while (end < response.retryAfterEnd && Character.isDigit(response.data[end])) {
        end++;
      }
      long seconds = response.number(response.retryAfterStart, end);
      if (seconds >= 0) {
        return Math.min(MAX_RETRY_DELAY, seconds * SECOND);
      }
    }
    return SECOND;
  }

  private void published(FaultPresentity p, long marker, String ifMatch, int status, SipMessage response, long now) {
    boolean isFinal = marker >= finalBase;
    if (status >= 200 && status < 300) {
      p.accepted(response, marker, isFinal);
      if (isFinal) {
        finalPending--;
      }
      if (anyAwaits(p, marker)) {
        notifyGaps.demand(0, now);
      }
      return;
    }
    if (status == 412 && ifMatch != null) {
      // RFC 3903 §6: the publication is gone. Lost while we held a fresh entity-tag, it was accepted.
      switch (p.preconditionFailed(isFinal)) {
        case KEPT -> restartEtagRefused++;
        case FRESH -> acceptedLost412++;
        case STALE -> stale412++;
      }
      fallbacks++;
      if (sendPublish(p, marker, now)) {
        return;
      }
      publishesNotSent++;
    } else {
      p.failed(status, isFinal);
    }
    if (isFinal) {
      finalPending--;
    }
  }

  /** Whether a watcher of {@code p} still awaits the NOTIFY of {@code marker}. */
  private boolean anyAwaits(FaultPresentity p, long marker) {
    for (FaultDialog d : dialogs.watching(p.index)) {
      if (d.awaits(marker)) {
        return true;
      }
    }
    return false;
  }

  // ---- NOTIFYs

  @Override
  public int onNotify(SipMessage notify, SocketAddress from, long now) {
    FaultDialog d = dialogs.of(requests, notify);
    if (d == null || d.state() == State.UNUSED) {
      notifyUnknownDialog++;
      return 481;
    }
    notifies++;
    timeline.add(Timeline.NOTIFIES, now);
    source(d, from);
    if (order.see(d.index, notify.cseq) == NotifyOrder.Seen.REPEAT) {
      return 200;
    }
    FaultPresentity p = presentityOf(d);
    long marker = requests.newestMarker(notify);
    if (d.state() != State.FAILED && d.firstNotify() && p.restartLostNote(marker)) {
      // The document after the restart lacks what the kept run last published.
      restartNoteMissing++;
    }
    if (notify.subscriptionTerminated()) {
      terminated(d);
    }
    dialogNotifyGaps.served(d.index, now, false);
    notifyGaps.served(0, now, false);
    d.sawMarker(marker);
    if (marker >= finalBase + p.index && d.finalNotified()) {
      finalSeenCount++;
    }
    if (d.ready() && marker >= base && marker < finalBase) {
      long seq = marker - base;
      if (seq % presentityCount == p.index && delivered.mark(seq, d.index % perPresentity)) {
        long took = now - sentAt[(int) seq];
        latency.record(took);
        worstLatency[(int) seq] = Math.max(worstLatency[(int) seq], took);
      }
    }
    return 200;
  }

  /** A NOTIFY ended the subscription: the server ended it, or it confirms the run's un-SUBSCRIBE. */
  private void terminated(FaultDialog d) {
    if (d.state().open()) {
      if (tearingDown) {
        terminatedAfterUnsubscribe++;
        d.ended();
      } else {
        dialogsTerminatedByServer++;
        d.terminatedByServer();
      }
    } else if (d.state() == State.CLOSED) {
      terminatedAfterUnsubscribe++;
    }
  }

  private void source(FaultDialog d, SocketAddress from) {
    Integer index = sourceIndex.computeIfAbsent(from, f -> sourceIndex.size());
    notifySources.merge(address(from), 1L, Long::sum);
    if (d.cameFrom(index)) {
      // Another notifier took over this dialog.
      dialogsWithSeveralSources++;
    }
  }

  private static String address(SocketAddress from) {
    if (from instanceof InetSocketAddress inet) {
      return new Endpoint(inet.getAddress().getHostAddress(), inet.getPort()).toString();
    }
    return String.valueOf(from);
  }

  // ---- bookkeeping

  private FaultPresentity presentityOf(FaultDialog d) {
    return presentities.get(d.presentity);
  }

  private void markReady() {
    setupOver = true;
    for (FaultDialog d : dialogs.all()) {
      if (d.state() == State.TRYING || (d.active() && !d.notified())) {
        // No 2xx, or no first NOTIFY, within the setup time: not part of the run.
        setupFailed++;
      }
      if (d.markReady()) {
        readyCount++;
      }
    }
    log.info("{} of {} dialogs ready ({} retried, {} failed)", readyCount, setupDialogs, setupRetried, setupFailed);
    long runSeconds = config.duration().plus(config.settle().multipliedBy(3)).toSeconds();
    long minGrantedExpires = dialogs.minGrantedExpires();
    if (minGrantedExpires >= 0 && minGrantedExpires < runSeconds) {
      log.warn("subscriptions granted only {} s for a run of up to {} s: refreshes may not reach every dialog in time",
          minGrantedExpires, runSeconds);
    }
  }

  /** Ready dialogs still waiting for the final NOTIFY that can still get it. */
  private int finalAwaited() {
    int awaited = 0;
    for (FaultDialog d : dialogs.all()) {
      if (d.awaitsFinal() && presentityOf(d).finalAccepted(finalBase)) {
        awaited++;
      }
    }
    return awaited;
  }

  private void phase(String name, long now) {
    phase = name;
    timeline.phase(name, now);
  }

  private FaultState keptState() {
    FaultState state = FaultState.empty(requests.runId(), config.common().domain(), config.common().userPrefix(),
        requests.localPort(), presentityCount, perPresentity, finalBase + 2L * presentityCount);
    for (FaultPresentity p : presentities) {
      state.etags()[p.index] = p.etag();
      state.markers()[p.index] = p.latestOkMarker();
    }
    for (FaultDialog d : dialogs.all()) {
      String remoteTag = d.remoteTagText();
      if (d.active() && remoteTag != null) {
        state.remoteTags()[d.index] = remoteTag;
        state.cseqs()[d.index] = d.cseq();
        state.notifyCseqs()[d.index] = order.highest(d.index);
      }
    }
    return state;
  }

  private void progressSetup() {
    log.info("dialogs: {} of {} settled, {} retries waiting", dialogs.settled(), setupDialogs, retries.size());
  }

  private void progressLoad() {
    RequestTally.Counts all = tally.total();
    log.info("[{}] sent {}, 2xx {}, failed {}, lost {}, outstanding {}; NOTIFYs {}", phase, all.sent(), all.ok(),
        all.failed(), all.lost(), client.transactions().outstanding(), notifies);
  }

  private void progressFinal() {
    log.info("final: {} PUBLISHes unanswered, {} of {} dialogs got the final NOTIFY", finalPending, finalSeenCount,
        readyCount);
  }

  // ---- report

  private FaultReport report(long now) {
    long t0 = timeline.startNanos();
    return new FaultReport(requests.runId(), config, System.currentTimeMillis() - (now - t0) / 1_000_000L,
        new FaultReport.Phases(offset(loadStart), offset(loadEnd), offset(finalStart), offset(now)),
        tally.byKind(), tally.total(),
        new FaultReport.Setup(setupDialogs, readyCount, setupRetried, setupFailed, dialogs.minGrantedExpires()),
        new FaultReport.Load(publishes, publishesSkipped, publishesNotSent, fallbacks, acceptedLost412, stale412,
            refreshes, refreshesSent, refreshesSkipped, dialogsEndedByRefresh),
        notifyFigures(),
        FaultReport.gap(serviceGaps.summary(), t0, null),
        FaultReport.gap(resourceGaps.summary(), t0, p -> requests.userName(p)),
        FaultReport.gap(notifyGaps.summary(), t0, null),
        FaultReport.gap(dialogNotifyGaps.summary(), t0, w -> "watcher-" + w + " of " + requests.userName(w / perPresentity)),
        finalFigures(),
        kept == null ? null : new FaultReport.Restart(kept.liveDialogs(), restartRefreshEnded, restartNoteMissing,
            restartEtagRefused, (int) presentities.stream().filter(FaultPresentity::restartLost).count()),
        new FaultReport.End(config.keep(), stateWritten, config.timeline() == null ? null : config.timeline().toString()),
        client.counters());
  }

  private long offset(long nanos) {
    return nanos == 0 ? -1 : nanos - timeline.startNanos();
  }

  private FaultReport.Notifies notifyFigures() {
    // Latency of the PUBLISHes sent after the longest gap of a presentity ended: how service came back.
    Gaps.Gap gap = resourceGaps.summary().longest();
    LatencyRecorder after = new LatencyRecorder(1024);
    boolean afterGap = gap != null && gap.lengthNanos() >= SECOND;
    if (afterGap) {
      long end = gap.startNanos() + gap.lengthNanos();
      for (int s = 0; s < publishes; s++) {
        if (sentAt[s] - end >= 0 && worstLatency[s] >= 0) {
          after.record(worstLatency[s]);
        }
      }
    }
    return new FaultReport.Notifies(notifies, order.repeats(), order.violations(), order.dialogsViolated(),
        dialogsTerminatedByServer, terminatedAfterUnsubscribe, notifyUnknownDialog, new LinkedHashMap<>(notifySources),
        dialogsWithSeveralSources, latency.count(), latency.percentile(50), latency.percentile(99), latency.max(),
        afterGap ? after.count() : -1, after.percentile(50), after.percentile(99), after.max());
  }

  private FaultReport.Final finalFigures() {
    Map<String, Integer> finals = new LinkedHashMap<>();
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    int publicationsLost = 0;
    for (FaultPresentity p : presentities) {
      finals.merge(p.finalPublish().reportName, 1, Integer::sum);
      boolean accepted = p.finalAccepted(finalBase);
      int lasted = 0;
      int gotFinal = 0;
      for (FaultDialog d : dialogs.watching(p.index)) {
        if (!d.ready()) {
          continue;
        }
        Outcome outcome = d.outcome(accepted);
        outcomes.merge(outcome, 1, Integer::sum);
        lasted += outcome.lasted() ? 1 : 0;
        gotFinal += outcome == Outcome.GOT_FINAL ? 1 : 0;
      }
      if (p.finalPublish().lostPublication() || (lasted > 0 && gotFinal == 0)) {
        publicationsLost++;
      }
    }
    int terminated = outcomes.getOrDefault(Outcome.TERMINATED, 0);
    int endedByRefresh = outcomes.getOrDefault(Outcome.ENDED_BY_REFRESH, 0);
    int noFinalNotify = outcomes.getOrDefault(Outcome.NO_FINAL_NOTIFY, 0);
    int gotFinal = outcomes.getOrDefault(Outcome.GOT_FINAL, 0);
    int unchecked = outcomes.getOrDefault(Outcome.UNCHECKED, 0);
    return new FaultReport.Final(presentityCount, finals, publicationsLost, readyCount,
        terminated + endedByRefresh + gotFinal + noFinalNotify, gotFinal, unchecked,
        terminated + endedByRefresh + noFinalNotify, terminated, endedByRefresh, noFinalNotify);
  }

  /** The CSV of the per-second counts. */
  String timelineCsv() {
    synchronized (client.lock) {
      return timeline.csv();
    }
  }
}
