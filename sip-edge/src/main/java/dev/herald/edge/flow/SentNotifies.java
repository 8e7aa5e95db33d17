package dev.herald.edge.flow;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;

/**
 * The highest CSeq an edge has sent in each dialog, to drop a NOTIFY that comes after a newer one.
 * A dialog's NOTIFYs reach an edge on two paths (after an answer, and on its partition of
 * herald.edge-notifications) and, after a failover, from a dead edge's partition too. The
 * processor numbers them in the order it made them, each with the whole state the package sends
 * (RFC 6665 §4.2.2), so one that arrives after a higher CSeq is out of date, and the subscriber
 * would refuse it anyway (RFC 3261 §12.2.2). An equal CSeq is the same NOTIFY again (a decision
 * read twice, a partition read again after a failover).
 */
final class SentNotifies {

  private final ConcurrentMap<String, Long> highest;

  /** Remembers a dialog for {@code memory} after its last NOTIFY, at most {@code dialogs} of them. */
  SentNotifies(Duration memory, long dialogs) {
    this.highest = Caffeine.newBuilder().expireAfterAccess(memory).maximumSize(dialogs).<String, Long>build().asMap();
  }

  /** Whether the NOTIFY {@code cseq} of {@code dialog} is newer than all sent; if so it counts as sent. */
  boolean claim(String dialog, long cseq) {
    boolean[] newer = {false};
    highest.compute(dialog, (key, sent) -> {
      newer[0] = sent == null || cseq > sent;
      return newer[0] ? cseq : sent;
    });
    return newer[0];
  }
}
