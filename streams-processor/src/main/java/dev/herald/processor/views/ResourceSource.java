package dev.herald.processor.views;

import dev.herald.packages.state.ResourceState;
import java.util.OptionalInt;
import java.util.function.BiConsumer;

/** The resources one processor instance holds: its stores ({@link LocalStores}). */
public interface ResourceSource {

  /** {@code resource}'s state, or null if this instance holds nothing of it; from the task of {@code partition} if given. */
  ResourceState resource(String resource, OptionalInt partition);

  /** Hands every resource this instance holds, whole, to {@code each}. */
  void eachResource(BiConsumer<String, ResourceState> each);
}
