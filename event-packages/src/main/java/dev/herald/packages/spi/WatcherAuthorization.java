package dev.herald.packages.spi;

import dev.herald.avro.PresenceRules;
import dev.herald.avro.SubHandling;

/**
 * Decides a watcher's sub-handling (RFC 5025 §3.2.1) from the presentity's rules and the
 * operator's default policy.
 */
@FunctionalInterface
public interface WatcherAuthorization {

  /** Every watcher allowed: for hosts without rules, and for tests. */
  WatcherAuthorization ALLOW_ALL = (rules, watcher, presentity) -> SubHandling.ALLOW;

  SubHandling handling(PresenceRules rules, String watcherIdentity, String presentityUri);
}
