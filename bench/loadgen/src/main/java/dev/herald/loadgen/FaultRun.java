package dev.herald.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /** Transaction kinds, which are also the kinds counted. */
  static final int SUBSCRIBE = 0;
  static final int RESUBSCRIBE = 1;
  static final int PUBLISH = 2;
  static final int MODIFY = 3;
  static final int UNSUBSCRIBE = 4;
  static final int REMOVE = 5;
  static final String[] KINDS = {"subscribe", "resubscribe", "publish", "publishModify", "unsubscribe", "remove"};

  /** A transaction that ended by Timer F, for the places a status goes. */
  static final int LOST = -1;

  private static final long SECOND = 1_000_000_000L;
  private static final long MAX_RETRY_DELAY = 5 * SECOND;

  // Dialog states.
  private static final byte UNUSED = WatcherDialogs.UNUSED;
  private static final byte TRYING = WatcherDialogs.TRYING;
  private static final byte ACTIVE = WatcherDialogs.ACTIVE;
  private static final byte FAILED = WatcherDialogs.FAILED;
  private static final byte ENDED = WatcherDialogs.ENDED;
  private static final byte CLOSED = WatcherDialogs.CLOSED;

  // Why a dialog ended before the run ended it.
  private static final byte END_TERMINATED = 1;
  private static final byte END_REFRESH = 2;

  // How a presentity's final PUBLISH went.
  static final byte FINAL_NONE = 0;
  static final byte FINAL_PENDING = 1;
  static final byte FINAL_OK = 2;
  static final byte FINAL_412 = 3;
  static final byte FINAL_LOST = 4;
  static final byte FINAL_REFUSED = 5;
  static final byte FINAL_NOT_SENT = 6;

  private final FaultConfig config;
  private final SipClient client;
  private final SipRequests requests;
  private final FaultState kept;
  private final int presentities;
  private final int perPresentity;
  private final int dialogCount;
  private final long publishes;
  private final long refreshes;
  private final long base;
  private final long finalBase;

  private final Timeline timeline;
  private final RequestTally tally = new RequestTally(KINDS);
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
  private final WatcherDialogs dialogs;
  private final byte[] dialog;
  private final byte[][] remoteTags;
  private final long[] cseq;
  private final boolean[] notified;
  private final boolean[] inDialogPending;
  private final int[] attempts;
  private final boolean[] ready;
  private final long[] newestMarker;
  private final boolean[] finalSeen;
  private final int[] firstSource;
  private final boolean[] severalSources;
  private final byte[] endCause;
  private final PriorityQueue<long[]> retries = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
  private int setupDialogs;
  private boolean setupOver;
  private int readyCount;
  private int setupRetried;
  private int setupFailed;
  private long minGrantedExpires = Long.MAX_VALUE;
  private int refreshPointer;
  private long refreshesSent;
  private long refreshesSkipped;
  private int dialogsEndedByRefresh;
  private int dialogsTerminatedByServer;
  private int terminatedAfterUnsubscribe;
  private int finalSeenCount;

  // Presentities.
  private final String[] etags;
  private final boolean[] etagFresh;
  private final boolean[] etagKept;
  private final boolean[] publishing;
  private final int[] outstandingFor;
  private final long[] latestOkMarker;
  private final long[] keptMarker;
  private final byte[] finalStatus;
  private final boolean[] restartLost;
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
    this.presentities = config.presentities();
    this.perPresentity = config.watchers();
    this.dialogCount = config.dialogs();
    this.publishes = config.publishes();
    this.refreshes = config.refreshes();
    this.base = kept == null ? 0 : kept.nextMarker();
    this.finalBase = base + publishes;
    this.timeline = new Timeline(startNanos);
    this.order = new NotifyOrder(dialogCount);
    double perPresentitySeconds = presentities / config.rate();
    this.serviceGaps = new Gaps(1, SECOND + (long) (2 * SECOND / config.rate()), SECOND);
    this.resourceGaps = new Gaps(presentities, SECOND + (long) (2 * perPresentitySeconds * SECOND), SECOND);
    this.notifyGaps = new Gaps(1, Long.MAX_VALUE, SECOND);
    this.dialogNotifyGaps = new Gaps(dialogCount, Long.MAX_VALUE, SECOND);
    this.dialogs = new WatcherDialogs(dialogCount, perPresentity);
    this.dialog = dialogs.state;
    this.remoteTags = dialogs.remoteTags;
    this.cseq = dialogs.cseq;
    this.notified = dialogs.notified;
    this.inDialogPending = new boolean[dialogCount];
    this.attempts = new int[dialogCount];
    this.ready = new boolean[dialogCount];
    this.newestMarker = new long[dialogCount];
    Arrays.fill(newestMarker, -1);
    this.finalSeen = new boolean[dialogCount];
    this.firstSource = new int[dialogCount];
    Arrays.fill(firstSource, -1);
    this.severalSources = new boolean[dialogCount];
    this.endCause = new byte[dialogCount];
    this.etags = new String[presentities];
    this.etagFresh = new boolean[presentities];
    this.etagKept = new boolean[presentities];
    this.publishing = new boolean[presentities];
    this.outstandingFor = new int[presentities];
    this.latestOkMarker = new long[presentities];
    Arrays.fill(latestOkMarker, -1);
    this.keptMarker = new long[presentities];
    Arrays.fill(keptMarker, -1);
    this.finalStatus = new byte[presentities];
    this.restartLost = new boolean[presentities];
    this.sentAt = new long[(int) publishes];
    this.worstLatency = new long[(int) publishes];
    Arrays.fill(worstLatency, -1);
    this.delivered = new Deliveries(publishes, perPresentity);
    this.latency = new LatencyRecorder((int) Math.min(publishes * perPresentity, 1 << 22));
    if (kept != null) {
      for (int p = 0; p < presentities; p++) {
        etags[p] = kept.etags()[p];
        etagKept[p] = etags[p] != null;
        keptMarker[p] = kept.markers()[p];
        latestOkMarker[p] = kept.markers()[p];
      }
      for (int w = 0; w < dialogCount; w++) {
        if (kept.live(w)) {
          remoteTags[w] = kept.remoteTags()[w].getBytes(StandardCharsets.US_ASCII);
          cseq[w] = kept.cseqs()[w];
          order.startAt(w, kept.notifyCseqs()[w]);
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
    int[] targets;
    synchronized (client.lock) {
      phase(kept == null ? "setup" : "resume", System.nanoTime());
      targets = java.util.stream.IntStream.range(0, dialogCount).filter(w -> kept == null || kept.live(w)).toArray();
      setupDialogs = targets.length;
    }
    log.info("run {}: {} {} dialogs on {} presentities at {}/s", requests.runId(),
        kept == null ? "setting up" : "refreshing the kept", targets.length, presentities,
        LatencyReport.number(config.subscribeRate()));
    client.pace(targets.length, config.subscribeRate(), (i, now) -> startDialog(targets[(int) i], now),
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
    client.pace(presentities, config.subscribeRate(), this::publishFinal, this::progressFinal);
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
    int[] active;
    synchronized (client.lock) {
      phase("teardown", System.nanoTime());
      tearingDown = true;
      active = java.util.stream.IntStream.range(0, dialogCount)
          .filter(w -> dialog[w] == ACTIVE && !inDialogPending[w]).toArray();
    }
    log.info("ending {} subscriptions", active.length);
    client.pace(active.length, config.subscribeRate(), (i, now) -> unsubscribe(active[(int) i], now), () -> { });
    client.await(() -> pendingTeardown == 0, config.settle(), () -> { });
    int[] published;
    synchronized (client.lock) {
      published = java.util.stream.IntStream.range(0, presentities)
          .filter(p -> etags[p] != null && !publishing[p]).toArray();
    }
    log.info("removing {} publications", published.length);
    client.pace(published.length, config.subscribeRate(), (i, now) -> remove(published[(int) i], now), () -> { });
    client.await(() -> pendingTeardown == 0, config.settle(), () -> { });
  }

  // ---- sending

  /** Starts a transaction; counts it and opens the gaps it may leave. False when the table is full. */
  private boolean send(int kind, int ref, long seq, Object extra, int p, long now) {
    if (client.begin(kind, ref, seq, extra, now) < 0) {
      return false;
    }
    tally.sent(kind);
    timeline.add(Timeline.SENT, now);
    outstandingFor[p]++;
    serviceGaps.demand(0, now);
    resourceGaps.demand(p, now);
    return true;
  }

  private void startDialog(int w, long now) {
    dialog[w] = TRYING;
    attempts[w]++;
    cseq[w]++;
    // A kept dialog is taken over by a refresh inside it.
    boolean sent = send(kept == null ? SUBSCRIBE : RESUBSCRIBE, w, cseq[w], null, w / perPresentity, now);
    inDialogPending[w] = sent && kept != null;
    if (!sent) {
      dialog[w] = FAILED;
      setupFailed++;
      dialogs.settle(w);
    }
  }

  private void sendDueRetries(long now) {
    while (!retries.isEmpty() && retries.peek()[0] <= now) {
      int w = (int) retries.poll()[1];
      if (kept == null) {
        // A new attempt at the dialog: whatever answered the last one is not it.
        remoteTags[w] = null;
        notified[w] = false;
        order.reset(w);
      }
      setupRetried++;
      startDialog(w, now);
    }
  }

  private void publish(long seq, long now) {
    int p = (int) (seq % presentities);
    sentAt[(int) seq] = now;
    if (publishing[p]) {
      // RFC 3903 §4.1: not before the presentity's previous PUBLISH has its final response.
      publishesSkipped++;
      return;
    }
    if (!sendPublish(p, base + seq, now)) {
      publishesNotSent++;
    }
  }

  /** Sends a PUBLISH: initial, or modifying the entity-tag held; from now on its watchers await a NOTIFY. */
  private boolean sendPublish(int p, long marker, long now) {
    String ifMatch = etags[p];
    boolean sent = send(ifMatch == null ? PUBLISH : MODIFY, p, marker, ifMatch, p, now);
    publishing[p] = sent;
    if (sent) {
      for (int w = p * perPresentity; w < (p + 1) * perPresentity; w++) {
        if (ready[w] && dialog[w] == ACTIVE) {
          dialogNotifyGaps.demand(w, now);
        }
      }
    }
    return sent;
  }

  private void publishFinal(long index, long now) {
    int p = (int) index;
    if (publishing[p]) {
      finalStatus[p] = FINAL_NOT_SENT;
      return;
    }
    if (sendPublish(p, finalBase + p, now)) {
      finalStatus[p] = FINAL_PENDING;
      finalPending++;
    } else {
      finalStatus[p] = FINAL_NOT_SENT;
    }
  }

  private void refresh(long now) {
    int w = refreshPointer;
    refreshPointer = (refreshPointer + 1) % dialogCount;
    if (!ready[w] || dialog[w] != ACTIVE || inDialogPending[w]) {
      // Not a live dialog, or its last in-dialog request is still under way: CSeq order first.
      refreshesSkipped++;
      return;
    }
    cseq[w]++;
    if (send(RESUBSCRIBE, w, cseq[w], null, w / perPresentity, now)) {
      inDialogPending[w] = true;
      refreshesSent++;
    } else {
      cseq[w]--;
      refreshesSkipped++;
    }
  }

  private void unsubscribe(int w, long now) {
    if (dialog[w] != ACTIVE || inDialogPending[w]) {
      return;
    }
    cseq[w]++;
    if (send(UNSUBSCRIBE, w, cseq[w], null, w / perPresentity, now)) {
      inDialogPending[w] = true;
      pendingTeardown++;
    }
  }

  private void remove(int p, long now) {
    if (send(REMOVE, p, finalBase + presentities + p, etags[p], p, now)) {
      publishing[p] = true;
      pendingTeardown++;
    }
  }

  @Override
  public void write(Transactions transactions, int slot, SipWriter out) {
    long number = transactions.number(slot);
    int ref = transactions.ref(slot);
    long seq = transactions.seq(slot);
    switch (transactions.kind(slot)) {
      case SUBSCRIBE -> dialogs.subscribe(requests, out, number, ref, seq, config.expires(), false);
      case RESUBSCRIBE -> dialogs.subscribe(requests, out, number, ref, seq, config.expires(), true);
      case UNSUBSCRIBE -> dialogs.subscribe(requests, out, number, ref, seq, 0, true);
      case PUBLISH, MODIFY -> requests.publish(out, number, seq, ref, config.expires(), (String) transactions.extra(slot),
          seq);
      case REMOVE -> requests.publish(out, number, seq, ref, 0, (String) transactions.extra(slot), -1);
      default -> throw new IllegalStateException("kind " + transactions.kind(slot));
    }
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
    int kind = transactions.kind(slot);
    int ref = transactions.ref(slot);
    boolean dialogKind = kind == SUBSCRIBE || kind == RESUBSCRIBE || kind == UNSUBSCRIBE;
    int p = dialogKind ? ref / perPresentity : ref;
    boolean ok = status >= 200 && status < 300;
    outstandingFor[p]--;
    if (status == LOST) {
      tally.lost(kind);
      timeline.add(Timeline.LOST, now);
    } else {
      tally.answered(kind, status);
      timeline.add(ok ? Timeline.OK : Timeline.FAILED, now);
    }
    if (ok) {
      serviceGaps.served(0, now, client.transactions().outstanding() > 0);
      resourceGaps.served(p, now, outstandingFor[p] > 0);
    } else {
      serviceGaps.failed(0, now, client.transactions().outstanding() > 0);
      resourceGaps.failed(p, now, outstandingFor[p] > 0);
    }
    if (dialogKind) {
      inDialogPending[ref] = false;
    }
    switch (kind) {
      case SUBSCRIBE -> setupAnswered(ref, status, response, now);
      case RESUBSCRIBE -> {
        if (dialog[ref] == TRYING) {
          setupAnswered(ref, status, response, now);
        } else if (!ok && endsDialog(status) && dialog[ref] == ACTIVE) {
          dialog[ref] = ENDED;
          endCause[ref] = END_REFRESH;
          dialogsEndedByRefresh++;
        }
      }
      case PUBLISH, MODIFY -> published(p, transactions.seq(slot), (String) transactions.extra(slot), status,
          response, now);
      case UNSUBSCRIBE -> {
        pendingTeardown--;
        dialog[ref] = CLOSED;
      }
      case REMOVE -> {
        pendingTeardown--;
        publishing[p] = false;
        if (ok) {
          etags[p] = null;
        }
      }
      default -> { }
    }
  }

  /** The answer to a dialog's initial SUBSCRIBE, or to a kept dialog's first refresh. */
  private void setupAnswered(int w, int status, SipMessage response, long now) {
    if (status >= 200 && status < 300) {
      dialog[w] = ACTIVE;
      if (kept == null && response.toTagStart >= 0) {
        byte[] tag = Arrays.copyOfRange(response.data, response.toTagStart, response.toTagEnd);
        if (remoteTags[w] != null && !Arrays.equals(tag, remoteTags[w])) {
          // A NOTIFY of another dialog (of a failed attempt) came first: this is the dialog.
          notified[w] = false;
          order.reset(w);
        }
        remoteTags[w] = tag;
      }
      if (response.expires >= 0) {
        minGrantedExpires = Math.min(minGrantedExpires, response.expires);
      }
    } else if (kept != null && endsDialog(status)) {
      // The kept dialog is gone: the restart lost it.
      dialog[w] = FAILED;
      restartRefreshEnded++;
    } else if (attempts[w] <= config.setupRetries() && !setupOver) {
      retries.add(new long[] {now + retryDelay(response), w});
      return;
    } else {
      dialog[w] = FAILED;
      if (!setupOver) {
        setupFailed++;
      }
    }
    dialogs.settle(w);
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

  private void published(int p, long marker, String ifMatch, int status, SipMessage response, long now) {
    publishing[p] = false;
    boolean isFinal = marker >= finalBase;
    boolean usedKept = ifMatch != null && etagKept[p];
    etagKept[p] = false;
    if (status >= 200 && status < 300) {
      if (response.etagStart >= 0) {
        etags[p] = response.etag();
      }
      etagFresh[p] = true;
      latestOkMarker[p] = Math.max(latestOkMarker[p], marker);
      if (isFinal && finalStatus[p] == FINAL_PENDING) {
        finalStatus[p] = FINAL_OK;
      }
      if (isFinal) {
        finalPending--;
      }
      boolean undelivered = false;
      for (int w = p * perPresentity; w < (p + 1) * perPresentity; w++) {
        undelivered |= ready[w] && dialog[w] == ACTIVE && newestMarker[w] < marker;
      }
      if (undelivered) {
        notifyGaps.demand(0, now);
      }
      return;
    }
    if (status == 412 && ifMatch != null) {
      // RFC 3903 §6: the publication is gone. Lost while we held a fresh entity-tag, it was accepted.
      if (usedKept) {
        restartEtagRefused++;
        restartLost[p] = true;
      } else if (etagFresh[p]) {
        acceptedLost412++;
      } else {
        stale412++;
      }
      etags[p] = null;
      etagFresh[p] = false;
      if (isFinal) {
        finalStatus[p] = FINAL_412;
      }
      fallbacks++;
      if (sendPublish(p, marker, now)) {
        return;
      }
      publishesNotSent++;
    } else {
      // A PUBLISH without answer may have been applied: the entity-tag we hold may be stale.
      etagFresh[p] = false;
      if (isFinal && finalStatus[p] == FINAL_PENDING) {
        finalStatus[p] = status == LOST ? FINAL_LOST : FINAL_REFUSED;
      }
    }
    if (isFinal) {
      finalPending--;
    }
  }

  // ---- NOTIFYs

  @Override
  public int onNotify(SipMessage notify, SocketAddress from, long now) {
    int w = dialogs.of(requests, notify);
    if (w < 0 || dialog[w] == UNUSED) {
      notifyUnknownDialog++;
      return 481;
    }
    notifies++;
    timeline.add(Timeline.NOTIFIES, now);
    source(w, from);
    if (order.see(w, notify.cseq) == NotifyOrder.Seen.REPEAT) {
      return 200;
    }
    int p = w / perPresentity;
    long marker = requests.newestMarker(notify);
    if (!notified[w] && dialog[w] != FAILED) {
      notified[w] = true;
      if (kept != null && keptMarker[p] >= 0 && marker < keptMarker[p]) {
        // The document after the restart lacks what the kept run last published.
        restartNoteMissing++;
        restartLost[p] = true;
      }
      dialogs.settle(w);
    }
    if (notify.subscriptionTerminated() && (dialog[w] == ACTIVE || dialog[w] == TRYING)) {
      if (tearingDown) {
        terminatedAfterUnsubscribe++;
      } else {
        dialogsTerminatedByServer++;
        endCause[w] = END_TERMINATED;
      }
      dialog[w] = ENDED;
      dialogs.settle(w);
    } else if (notify.subscriptionTerminated() && dialog[w] == CLOSED) {
      terminatedAfterUnsubscribe++;
    }
    dialogNotifyGaps.served(w, now, false);
    notifyGaps.served(0, now, false);
    if (marker > newestMarker[w]) {
      newestMarker[w] = marker;
    }
    if (ready[w] && !finalSeen[w] && marker >= finalBase + p) {
      finalSeen[w] = true;
      finalSeenCount++;
    }
    if (ready[w] && marker >= base && marker < finalBase) {
      long seq = marker - base;
      if (seq % presentities == p && delivered.mark(seq, w % perPresentity)) {
        long took = now - sentAt[(int) seq];
        latency.record(took);
        worstLatency[(int) seq] = Math.max(worstLatency[(int) seq], took);
      }
    }
    return 200;
  }

  private void source(int w, SocketAddress from) {
    Integer index = sourceIndex.computeIfAbsent(from, f -> sourceIndex.size());
    notifySources.merge(address(from), 1L, Long::sum);
    if (firstSource[w] < 0) {
      firstSource[w] = index;
    } else if (firstSource[w] != index && !severalSources[w]) {
      // Another notifier took over this dialog.
      severalSources[w] = true;
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

  private void markReady() {
    setupOver = true;
    for (int w = 0; w < dialogCount; w++) {
      if (dialog[w] == TRYING || (dialog[w] == ACTIVE && !notified[w])) {
        // No 2xx, or no first NOTIFY, within the setup time: not part of the run.
        setupFailed++;
      }
      if (dialog[w] == ACTIVE && notified[w]) {
        ready[w] = true;
        readyCount++;
      }
    }
    log.info("{} of {} dialogs ready ({} retried, {} failed)", readyCount, setupDialogs, setupRetried, setupFailed);
    long runSeconds = config.duration().plus(config.settle().multipliedBy(3)).toSeconds();
    if (minGrantedExpires != Long.MAX_VALUE && minGrantedExpires < runSeconds) {
      log.warn("subscriptions granted only {} s for a run of up to {} s: refreshes may not reach every dialog in time",
          minGrantedExpires, runSeconds);
    }
  }

  /** Ready dialogs still waiting for the final NOTIFY that can still get it. */
  private int finalAwaited() {
    int awaited = 0;
    for (int w = 0; w < dialogCount; w++) {
      if (ready[w] && !finalSeen[w] && dialog[w] == ACTIVE && finalChecked(w / perPresentity)) {
        awaited++;
      }
    }
    return awaited;
  }

  /** Whether presentity {@code p}'s final PUBLISH was accepted, so that its watchers are checked. */
  private boolean finalChecked(int p) {
    return finalStatus[p] == FINAL_OK || (finalStatus[p] == FINAL_412 && latestOkMarker[p] >= finalBase);
  }

  private void phase(String name, long now) {
    phase = name;
    timeline.phase(name, now);
  }

  private FaultState keptState() {
    FaultState state = FaultState.empty(requests.runId(), config.common().domain(), config.common().userPrefix(),
        requests.localPort(), presentities, perPresentity, finalBase + 2L * presentities);
    for (int p = 0; p < presentities; p++) {
      state.etags()[p] = etags[p];
      state.markers()[p] = latestOkMarker[p];
    }
    for (int w = 0; w < dialogCount; w++) {
      if (dialog[w] == ACTIVE && remoteTags[w] != null) {
        state.remoteTags()[w] = new String(remoteTags[w], StandardCharsets.US_ASCII);
        state.cseqs()[w] = cseq[w];
        state.notifyCseqs()[w] = order.highest(w);
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
        new FaultReport.Setup(setupDialogs, readyCount, setupRetried, setupFailed,
            minGrantedExpires == Long.MAX_VALUE ? -1 : minGrantedExpires),
        new FaultReport.Load(publishes, publishesSkipped, publishesNotSent, fallbacks, acceptedLost412, stale412,
            refreshes, refreshesSent, refreshesSkipped, dialogsEndedByRefresh),
        notifyFigures(),
        FaultReport.gap(serviceGaps.summary(), t0, null),
        FaultReport.gap(resourceGaps.summary(), t0, p -> requests.userName(p)),
        FaultReport.gap(notifyGaps.summary(), t0, null),
        FaultReport.gap(dialogNotifyGaps.summary(), t0, w -> "watcher-" + w + " of " + requests.userName(w / perPresentity)),
        finalFigures(),
        kept == null ? null : new FaultReport.Restart(kept.liveDialogs(), restartRefreshEnded, restartNoteMissing,
            restartEtagRefused, (int) java.util.stream.IntStream.range(0, presentities).filter(p -> restartLost[p]).count()),
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
    String[] names = {"none", "pending", "ok", "412", "lost", "refused", "notSent"};
    Map<String, Integer> finals = new LinkedHashMap<>();
    int checked = 0;
    int gotFinal = 0;
    int unchecked = 0;
    int terminated = 0;
    int endedByRefresh = 0;
    int noFinalNotify = 0;
    int publicationsLost = 0;
    for (int p = 0; p < presentities; p++) {
      finals.merge(names[finalStatus[p]], 1, Integer::sum);
      int live = 0;
      int withNote = 0;
      for (int w = p * perPresentity; w < (p + 1) * perPresentity; w++) {
        if (!ready[w]) {
          continue;
        }
        if (endCause[w] == END_TERMINATED) {
          checked++;
          terminated++;
        } else if (endCause[w] == END_REFRESH) {
          checked++;
          endedByRefresh++;
        } else if (finalSeen[w]) {
          checked++;
          gotFinal++;
          live++;
          withNote++;
        } else if (finalChecked(p)) {
          checked++;
          live++;
          noFinalNotify++;
        } else {
          unchecked++;
        }
      }
      if (finalStatus[p] == FINAL_412 || finalStatus[p] == FINAL_LOST || (live > 0 && withNote == 0)) {
        publicationsLost++;
      }
    }
    return new FaultReport.Final(presentities, finals, publicationsLost, readyCount, checked, gotFinal, unchecked,
        terminated + endedByRefresh + noFinalNotify, terminated, endedByRefresh, noFinalNotify);
  }

  /** The CSV of the per-second counts. */
  String timelineCsv() {
    synchronized (client.lock) {
      return timeline.csv();
    }
  }
}
