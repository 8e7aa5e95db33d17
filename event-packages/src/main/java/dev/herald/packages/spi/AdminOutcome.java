package dev.herald.packages.spi;

import dev.herald.packages.spi.EventPackage.Refusal;
import dev.herald.packages.state.ResourceState;

/** What a package made of an operator's command ({@link EventPackage#admin}). */
public sealed interface AdminOutcome {

  /** The package takes no such command. */
  record Unknown() implements AdminOutcome {}

  record Refused(Refusal refusal) implements AdminOutcome {}

  /** The resource's state is now {@code state}; every watcher that hears of changes gets the full state. */
  record Changed(ResourceState state) implements AdminOutcome {}

  static AdminOutcome unknown() {
    return new Unknown();
  }
}
