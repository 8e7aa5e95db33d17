package dev.herald.processor.logic;

import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.packages.state.ResourceState;
import java.util.List;

/**
 * What applying one input did: the new state, the answer (if someone waits), the NOTIFYs, and
 * whether the presentity's document inputs changed (a new document, or only a new entity-tag or
 * expiry), so that herald.presence-state must say so. {@code document} is the composed document
 * when it was composed anyway, so that nobody composes it again.
 */
public record Effects(ResourceState state, Decision decision, List<NotifyCommand> notifies, boolean presenceChanged,
    byte[] document) {

  public Effects(ResourceState state, Decision decision, List<NotifyCommand> notifies, boolean presenceChanged) {
    this(state, decision, notifies, presenceChanged, null);
  }

  public static Effects answer(ResourceState state, Decision decision) {
    return new Effects(state, decision, List.of(), false);
  }

  public static Effects none(ResourceState state) {
    return new Effects(state, null, List.of(), false);
  }

  /** One expiry of a resource: what expired at {@code atMs}, and what that did. */
  public record Expiry(long atMs, Effects effects) {}
}
