package dev.herald.loadgen;

import java.net.SocketAddress;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate mode: open-loop requests at a fixed rate, each a new transaction, either an initial
 * PUBLISH or a SUBSCRIBE opening a new dialog (its NOTIFYs answered 200), for users taken in
 * turn from a pool. Counts the answers by class; a 503 is a failure, counted apart and with
 * whether it said Retry-After. Runs with the client's lock held, like {@link LatencyRun}.
 */
final class RateRun implements SipClient.Handler {

  private static final Logger log = LoggerFactory.getLogger(RateRun.class);

  private final RateConfig config;
  private final SipClient client;
  private final SipRequests requests;
  private final long total;
  private final boolean subscribing;
  private final long[] notifiedDialogs;
  private final LatencyRecorder responseTimes;
  private final TreeMap<Integer, Long> failures = new TreeMap<>();

  private long sent;
  private long notSent;
  private long ok;
  private long unavailable;
  private long unavailableWithRetryAfter;
  private long otherFailures;
  private long timedOut;
  private long answered;
  private long dialogsNotified;
  private long notifyUnknownDialog;

  RateRun(RateConfig config, SipClient client) {
    this.config = config;
    this.client = client;
    this.requests = client.requests();
    this.total = config.totalRequests();
    this.subscribing = config.method() == RateConfig.Method.SUBSCRIBE;
    this.notifiedDialogs = new long[subscribing ? (int) ((total + 63) / 64) : 0];
    this.responseTimes = new LatencyRecorder((int) Math.min(total, 1 << 22));
  }

  RateReport run() {
    log.info("run {}: {} {} at {}/s for {} s over {} users", requests.runId(), total, config.method(),
        LatencyReport.number(config.rate()), LatencyReport.seconds(config.duration()), config.users());
    client.pace(total, config.rate(), this::send, this::progress);
    client.await(() -> client.transactions().outstanding() == 0 && (!subscribing || dialogsNotified >= ok),
        config.drain(), this::progress);
    synchronized (client.lock) {
      long unanswered = sent - answered - timedOut;
      return new RateReport(requests.runId(), config, total, sent, notSent, ok, unavailable,
          unavailableWithRetryAfter, otherFailures, timedOut, unanswered, new TreeMap<>(failures),
          responseTimes.percentile(50), responseTimes.percentile(99), responseTimes.max(),
          subscribing ? dialogsNotified : -1, notifyUnknownDialog, client.counters());
    }
  }

  private void send(long index, long now) {
    int user = (int) (index % config.users());
    if (client.begin(subscribing ? 2 : 1, user, index, null, now) < 0) {
      notSent++;
    } else {
      sent++;
    }
  }

  @Override
  public void write(Transactions transactions, int slot, SipWriter out) {
    long number = transactions.number(slot);
    long seq = transactions.seq(slot);
    int user = transactions.ref(slot);
    if (subscribing) {
      requests.subscribe(out, number, 's', (int) seq, user, 1, config.expires(), null, 0);
    } else {
      requests.publish(out, number, seq, user, config.expires(), null, seq);
    }
  }

  @Override
  public void onFinal(Transactions transactions, int slot, SipMessage response, long now) {
    answered++;
    responseTimes.record(now - transactions.startedAt(slot));
    int status = response.status;
    if (status >= 200 && status < 300) {
      ok++;
      return;
    }
    failures.merge(status, 1L, Long::sum);
    if (status == 503) {
      unavailable++;
      if (response.hasRetryAfter()) {
        unavailableWithRetryAfter++;
      }
    } else {
      otherFailures++;
    }
  }

  @Override
  public void onTimeout(Transactions transactions, int slot, long now) {
    timedOut++;
  }

  @Override
  public int onNotify(SipMessage notify, SocketAddress from, long now) {
    int d = requests.dialogOf(notify, 's');
    if (!subscribing || d < 0 || d >= total) {
      notifyUnknownDialog++;
      return 481;
    }
    long mask = 1L << (d & 63);
    if ((notifiedDialogs[d >>> 6] & mask) == 0) {
      notifiedDialogs[d >>> 6] |= mask;
      dialogsNotified++;
    }
    return 200;
  }

  private void progress() {
    log.info("sent {}, answered {} (2xx {}, 503 {}, other {}), timed out {}", sent, answered, ok, unavailable,
        otherFailures, timedOut);
  }
}
