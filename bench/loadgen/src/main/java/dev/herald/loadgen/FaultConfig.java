package dev.herald.loadgen;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The faults mode: {@code watchers} SUBSCRIBE dialogs on each of {@code presentities}
 * presentities (set up at {@code subscribeRate} per second, a failed initial SUBSCRIBE tried
 * again up to {@code setupRetries} times, all within {@code setupTimeout}); then PUBLISHes at
 * {@code rate} per second for {@code duration}, with in-dialog re-SUBSCRIBEs at
 * {@code refreshShare} re-SUBSCRIBEs per PUBLISH among them; then up to {@code settle} for
 * retransmissions to end, the final check (up to {@code settle} again) and the end of the dialogs
 * and publications, unless {@code keep}. {@code timeline} is the CSV file of per-second counts,
 * {@code stateFile} where kept dialogs are written, {@code resume} the kept state this run takes
 * over instead of setting up new dialogs (then {@code presentities} and {@code watchers} are the
 * kept ones). Either file may be null.
 */
record FaultConfig(CommonConfig common, int presentities, int watchers, double rate, double refreshShare,
    Duration duration, Duration settle, double subscribeRate, int expires, Duration setupTimeout, int setupRetries,
    Path timeline, boolean keep, Path stateFile, FaultState resume) {

  FaultConfig {
    if (presentities < 1 || watchers < 1) {
      throw new IllegalArgumentException("at least one presentity and one watcher per presentity");
    }
    if ((long) presentities * watchers > 1_000_000) {
      throw new IllegalArgumentException("more than a million watchers");
    }
    if (!(rate > 0) || !(subscribeRate > 0)) {
      throw new IllegalArgumentException("rates must be positive");
    }
    if (!(refreshShare >= 0) || refreshShare > 1) {
      throw new IllegalArgumentException("refresh share must be within 0..1: " + refreshShare);
    }
    if (duration.isNegative() || settle.isNegative() || setupTimeout.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (LatencyConfig.publishes(rate, duration) > 10_000_000) {
      throw new IllegalArgumentException("more than 10 million PUBLISHes in one run");
    }
    if (expires < 1) {
      throw new IllegalArgumentException("expires must be positive");
    }
    if (setupRetries < 0) {
      throw new IllegalArgumentException("setup retries must not be negative");
    }
    if (stateFile != null && !keep) {
      throw new IllegalArgumentException("--state writes what --keep leaves; give --keep too");
    }
    if (resume != null && (resume.presentities() != presentities || resume.watchers() != watchers)) {
      throw new IllegalArgumentException("a resumed run has the kept run's presentities and watchers");
    }
  }

  int dialogs() {
    return presentities * watchers;
  }

  /** PUBLISHes of the load. */
  long publishes() {
    return LatencyConfig.publishes(rate, duration);
  }

  /** In-dialog re-SUBSCRIBEs of the load. */
  long refreshes() {
    return Math.round(publishes() * refreshShare);
  }
}
