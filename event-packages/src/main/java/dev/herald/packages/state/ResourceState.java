package dev.herald.packages.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

/** Everything Herald holds about one resource: its publications, subscriptions and registered bindings. */
public record ResourceState(String resource, List<Publication> publications, List<Subscription> subscriptions,
    long entityTagCounter, List<Binding> bindings) {

  public ResourceState {
    publications = List.copyOf(publications);
    subscriptions = List.copyOf(subscriptions);
    bindings = List.copyOf(bindings);
  }

  /** The resource's state without its subscriptions: what the store keeps under the resource's own key. */
  public ResourceState head() {
    return subscriptions.isEmpty() ? this
        : new ResourceState(resource, publications, List.of(), entityTagCounter, bindings);
  }

  /** {@code head} with {@code more} subscriptions, all of them in {@link Subscription#ORDER}. */
  public ResourceState withStoredSubscriptions(List<Subscription> more) {
    if (more.isEmpty() && subscriptions.isEmpty()) {
      return this;
    }
    List<Subscription> all = new ArrayList<>(subscriptions);
    all.addAll(more);
    all.sort(Subscription.ORDER);
    return new ResourceState(resource, publications, all, entityTagCounter, bindings);
  }

  public static ResourceState empty(String resource) {
    return new ResourceState(resource, List.of(), List.of(), 0, List.of());
  }

  public boolean isEmpty() {
    return publications.isEmpty() && subscriptions.isEmpty() && bindings.isEmpty();
  }

  /** The earliest time something of this resource expires, if anything does. */
  public OptionalLong nextExpiryMs() {
    return LongStream.of(
        publications.stream().mapToLong(Publication::expiresAtMs).min().orElse(Long.MAX_VALUE),
        subscriptions.stream().mapToLong(Subscription::expiresAtMs).min().orElse(Long.MAX_VALUE),
        bindings.stream().mapToLong(Binding::expiresAtMs).min().orElse(Long.MAX_VALUE))
        .filter(t -> t != Long.MAX_VALUE).min();
  }

  public ResourceState withBindings(List<Binding> newBindings) {
    return new ResourceState(resource, publications, subscriptions, entityTagCounter, newBindings);
  }

  public Optional<Publication> publication(String entityTag) {
    return publications.stream().filter(p -> p.entityTag().equals(entityTag)).findFirst();
  }

  public Optional<Subscription> subscription(String id) {
    return subscriptions.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** A new entity-tag, unique within the resource (RFC 3903 §6 step 7). */
  public ResourceState nextEntityTag() {
    return new ResourceState(resource, publications, subscriptions, entityTagCounter + 1, bindings);
  }

  public ResourceState withPublication(Publication publication) {
    List<Publication> updated = new ArrayList<>(publications);
    updated.removeIf(p -> p.entityTag().equals(publication.entityTag()));
    updated.add(publication);
    return new ResourceState(resource, updated, subscriptions, entityTagCounter, bindings);
  }

  /** Replaces the publication {@code oldTag} in place, keeping the publication order. */
  public ResourceState replacingPublication(String oldTag, Publication publication) {
    List<Publication> updated = publications.stream()
        .map(p -> p.entityTag().equals(oldTag) ? publication : p).toList();
    return new ResourceState(resource, updated, subscriptions, entityTagCounter, bindings);
  }

  public ResourceState withoutPublication(String entityTag) {
    return new ResourceState(resource,
        publications.stream().filter(p -> !p.entityTag().equals(entityTag)).toList(), subscriptions, entityTagCounter,
        bindings);
  }

  /**
   * The state with {@code subscription} in place of the one with its id, or added in
   * {@link Subscription#ORDER}: the order the store reads them back in.
   */
  public ResourceState withSubscription(Subscription subscription) {
    List<Subscription> updated = new ArrayList<>(subscriptions.size() + 1);
    if (subscription(subscription.id()).isPresent()) {
      subscriptions.forEach(s -> updated.add(s.id().equals(subscription.id()) ? subscription : s));
    } else {
      int at = 0;
      while (at < subscriptions.size() && Subscription.ORDER.compare(subscriptions.get(at), subscription) < 0) {
        at++;
      }
      updated.addAll(subscriptions);
      updated.add(at, subscription);
    }
    return new ResourceState(resource, publications, updated, entityTagCounter, bindings);
  }

  public ResourceState withoutSubscription(String id) {
    return new ResourceState(resource, publications,
        subscriptions.stream().filter(s -> !s.id().equals(id)).toList(), entityTagCounter, bindings);
  }

  public ResourceState mapSubscriptions(UnaryOperator<Subscription> change) {
    return new ResourceState(resource, publications, subscriptions.stream().map(change).toList(), entityTagCounter,
        bindings);
  }
}
