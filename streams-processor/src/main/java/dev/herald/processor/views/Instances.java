package dev.herald.processor.views;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The processor instances of one application, each named by its admin port's {@code host:port}
 * (its Kafka Streams {@code application.server}), and which of them holds a resource.
 */
public interface Instances {

  /** Where a resource lives: the instance, and the partition of its task. */
  record Owner(String instance, OptionalInt partition) {}

  /** This instance. */
  String self();

  /** The instance that holds {@code resource} now; empty while that is not known (a rebalance). */
  Optional<Owner> ownerOf(String resource);

  /** Every instance that holds resources now, this one among them. */
  List<String> all();
}
