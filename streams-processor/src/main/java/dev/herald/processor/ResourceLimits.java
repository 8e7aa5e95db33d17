package dev.herald.processor;

/**
 * How much one resource may hold, so one client cannot make every change of a resource costly
 * for everyone: each publication is composed on every change of its presentity, each watcher is
 * notified of it.
 *
 * @param maxPublications publications one resource keeps at once; an initial PUBLISH beyond them is
 *     refused
 * @param maxWatchers subscriptions one resource keeps at once; a new SUBSCRIBE beyond them is refused
 */
public record ResourceLimits(int maxPublications, int maxWatchers) {

  public ResourceLimits {
    if (maxPublications < 1) {
      throw new IllegalArgumentException("max publications per resource must be at least 1, was " + maxPublications);
    }
    if (maxWatchers < 1) {
      throw new IllegalArgumentException("max watchers per resource must be at least 1, was " + maxWatchers);
    }
  }

  /** A presentity with a few dozen devices, a resource watched by a large office's lamps. */
  public static ResourceLimits defaults() {
    return new ResourceLimits(64, 10_000);
  }
}
