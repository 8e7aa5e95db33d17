package dev.herald.processor.logic;

import dev.herald.avro.NotifyCommand;
import dev.herald.packages.spi.ChangeCause;
import dev.herald.packages.spi.Content;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The event packages of the processor, by the package part of a resource key, and what every part asks of them. */
final class Packages {

  private final Map<String, EventPackage<?>> byName;

  Packages(List<EventPackage<?>> packages) {
    this.byName = packages.stream().collect(Collectors.toUnmodifiableMap(EventPackage::name, p -> p));
  }

  /** The package of {@code resource}, if Herald has it. */
  Optional<EventPackage<?>> of(String resource) {
    return Optional.ofNullable(byName.get(ResourceKeys.packageOf(resource)));
  }

  EventPackage<?> of(ResourceState state) {
    return of(state.resource()).orElseThrow(() -> new IllegalStateException("no package for " + state.resource()));
  }

  /** What {@code subscription} may see now. */
  Content content(ResourceState state, Subscription subscription, long nowMs) {
    return contentIn(of(state), state, subscription, nowMs);
  }

  /** A subscription ended for {@code cause}: what its package makes of it for the others. */
  ResourceState ended(ResourceState state, Subscription subscription, ChangeCause cause, long nowMs,
      List<NotifyCommand> out) {
    return of(state).ended(state, subscription, cause, nowMs, out);
  }

  /** The composed document of the resource, as herald.presence-state carries it. */
  byte[] document(ResourceState state) {
    return documentIn(of(state), state);
  }

  /** Whom rules judge: the authenticated identity, else the From URI, normalised. */
  static String identityOf(String asserted, String fromUri) {
    String raw = asserted != null ? asserted : fromUri;
    return ResourceKeys.normaliseUri(raw).orElse(raw);
  }

  private static <V> Content contentIn(EventPackage<V> pkg, ResourceState state, Subscription subscription,
      long nowMs) {
    return pkg.content(state, pkg.view(state), subscription, nowMs);
  }

  private static <V> byte[] documentIn(EventPackage<V> pkg, ResourceState state) {
    return pkg.document(pkg.view(state));
  }
}
