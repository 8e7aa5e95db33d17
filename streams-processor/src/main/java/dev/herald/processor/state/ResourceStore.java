package dev.herald.processor.state;

import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The resources of one stream task, kept so that a request costs the same on a resource with one
 * watcher as on one with thousands: each subscription under a key of its own
 * ({@code resource NUL subscription id}, so one range finds a resource's subscriptions), the rest of
 * the resource (publications, bindings, entity-tag counter) under the resource's key, and the last
 * resources used decoded in memory. Saving writes only what changed, so a SUBSCRIBE writes one
 * subscription, not the resource's every watcher.
 *
 * <p>It also keeps in memory how many subscriptions each resource has, counted when it opens. A range
 * read in RocksDB steps over every key deleted after its start that compaction has not yet dropped,
 * up to the next live key: looking for the subscriptions of a resource that has none, or reading on
 * past its last one, would step over those of every resource that came and went since. With the
 * count it reads only ranges that hold something, and stops at their last entry.
 *
 * <p>The task is the stores' only writer, so what it keeps in memory is what they hold. A state
 * written before subscriptions had keys of their own (inside the resource's record) is read as it
 * is and moved to their keys when it is first read.
 */
public final class ResourceStore {

  /** Separates a resource from a subscription id in a key; no resource key contains it. */
  static final char SEPARATOR = '\u0000';

  private final KeyValueStore<String, ResourceState> heads;
  private final KeyValueStore<String, Subscription> subscriptions;
  private final Map<String, ResourceState> recent;
  private final Map<String, Integer> subscriptionCounts = new HashMap<>();

  private ResourceStore(KeyValueStore<String, ResourceState> heads, KeyValueStore<String, Subscription> subscriptions,
      int remembered) {
    if (remembered < 1) {
      throw new IllegalArgumentException("remembered must be at least 1, not " + remembered);
    }
    this.heads = Objects.requireNonNull(heads, "heads");
    this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
    this.recent = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ResourceState> eldest) {
        return size() > remembered;
      }
    };
  }

  /**
   * Opens the stores of a task: reads each of them through once, handing every kept resource with its
   * whole state to {@code eachResource} (in no particular order), and counting subscriptions.
   *
   * @param heads each resource's state without its subscriptions
   * @param subscriptions each subscription, under {@link #subscriptionKey}
   * @param remembered how many resources stay decoded in memory (at least 1)
   */
  public static ResourceStore open(KeyValueStore<String, ResourceState> heads,
      KeyValueStore<String, Subscription> subscriptions, int remembered, BiConsumer<String, ResourceState> eachResource) {
    ResourceStore store = new ResourceStore(heads, subscriptions, remembered);
    try (KeyValueIterator<String, ResourceState> allHeads = heads.all();
         KeyValueIterator<String, Subscription> allSubscriptions = subscriptions.all()) {
      store.subscriptionCounts.putAll(wholeStates(allHeads, allSubscriptions, eachResource));
    }
    return store;
  }

  /**
   * Joins heads and subscriptions as the two stores (or their changelogs) hold them: hands every
   * resource with its whole state to {@code eachResource}, a resource with subscriptions but no head
   * as well, and returns how many subscriptions each resource has.
   */
  public static Map<String, Integer> wholeStates(Iterator<KeyValue<String, ResourceState>> heads,
      Iterator<KeyValue<String, Subscription>> subscriptions, BiConsumer<String, ResourceState> eachResource) {
    Map<String, List<Subscription>> byResource = new HashMap<>();
    subscriptions.forEachRemaining(entry ->
        byResource.computeIfAbsent(resourceOf(entry.key), r -> new ArrayList<>()).add(entry.value));
    Map<String, Integer> counts = new HashMap<>();
    byResource.forEach((resource, own) -> counts.put(resource, own.size()));
    heads.forEachRemaining(entry -> {
      List<Subscription> own = byResource.remove(entry.key);
      eachResource.accept(entry.key, entry.value.withStoredSubscriptions(own != null ? own : List.of()));
    });
    byResource.forEach((resource, own) -> eachResource.accept(resource,
        ResourceState.empty(resource).withStoredSubscriptions(own)));
    return counts;
  }

  public static String subscriptionKey(String resource, String subscriptionId) {
    return resource + SEPARATOR + subscriptionId;
  }

  /** The resource a {@link #subscriptionKey} belongs to. */
  public static String resourceOf(String subscriptionKey) {
    int end = subscriptionKey.indexOf(SEPARATOR);
    return end < 0 ? subscriptionKey : subscriptionKey.substring(0, end);
  }

  /** The resource's state, empty if nothing is kept of it. */
  public ResourceState load(String resource) {
    ResourceState state = get(resource);
    return state != null ? state : ResourceState.empty(resource);
  }

  /** The resource's state, or null if nothing is kept of it. */
  public ResourceState get(String resource) {
    ResourceState known = recent.get(resource);
    if (known != null) {
      return known;
    }
    ResourceState head = heads.get(resource);
    List<Subscription> own = subscriptionsOf(subscriptions, resource, subscriptionCounts.getOrDefault(resource, 0));
    if (head == null && own.isEmpty()) {
      return null;
    }
    ResourceState state = (head != null ? head : ResourceState.empty(resource)).withStoredSubscriptions(own);
    if (head != null && !head.subscriptions().isEmpty()) {
      // Written before subscriptions had keys of their own: they move to them now.
      head.subscriptions().forEach(s -> subscriptions.put(subscriptionKey(resource, s.id()), s));
      subscriptionCounts.merge(resource, head.subscriptions().size(), Integer::sum);
      if (keepsHead(state)) {
        heads.put(resource, state.head());
      } else {
        heads.delete(resource);
      }
    }
    recent.put(resource, state);
    return state;
  }

  /** The resource's state as the two stores hold it, or null if they hold nothing of it; for readers. */
  public static ResourceState read(ReadOnlyKeyValueStore<String, ResourceState> heads,
      ReadOnlyKeyValueStore<String, Subscription> subscriptions, String resource) {
    ResourceState head = heads.get(resource);
    List<Subscription> own = subscriptionsOf(subscriptions, resource, Integer.MAX_VALUE);
    if (head == null && own.isEmpty()) {
      return null;
    }
    return (head != null ? head : ResourceState.empty(resource)).withStoredSubscriptions(own);
  }

  /** At most {@code count} subscriptions of {@code resource}: none read for a count of 0. */
  private static List<Subscription> subscriptionsOf(ReadOnlyKeyValueStore<String, Subscription> subscriptions,
      String resource, int count) {
    List<Subscription> own = new ArrayList<>(Math.min(count, 16));
    if (count == 0) {
      return own;
    }
    try (KeyValueIterator<String, Subscription> found = subscriptions.range(
        resource + SEPARATOR, resource + (char) (SEPARATOR + 1))) {
      while (own.size() < count && found.hasNext()) {
        own.add(found.next().value);
      }
    }
    return own;
  }

  /**
   * Stores {@code after} in place of {@code before} (what {@link #load} gave, or a state saved
   * since), writing only the parts that changed.
   */
  public void save(ResourceState before, ResourceState after) {
    String resource = after.resource();
    Map<String, Subscription> earlier = new HashMap<>();
    before.subscriptions().forEach(s -> earlier.put(s.id(), s));
    for (Subscription subscription : after.subscriptions()) {
      Subscription was = earlier.remove(subscription.id());
      if (was != subscription && !subscription.equals(was)) {
        subscriptions.put(subscriptionKey(resource, subscription.id()), subscription);
      }
    }
    earlier.keySet().forEach(id -> subscriptions.delete(subscriptionKey(resource, id)));
    if (after.subscriptions().isEmpty()) {
      subscriptionCounts.remove(resource);
    } else {
      subscriptionCounts.put(resource, after.subscriptions().size());
    }
    if (!keepsHead(after)) {
      if (keepsHead(before)) {
        heads.delete(resource);
      }
    } else if (!keepsHead(before) || !after.head().equals(before.head())) {
      heads.put(resource, after.head());
    }
    if (after.isEmpty()) {
      recent.remove(resource);
    } else {
      recent.put(resource, after);
    }
  }

  /**
   * Whether the resource needs a record under its own key: it has publications or bindings, or an
   * entity-tag counter to keep while anything of it lives (RFC 3903 §6: entity-tags stay unique).
   */
  private static boolean keepsHead(ResourceState state) {
    return !state.isEmpty()
        && (!state.publications().isEmpty() || !state.bindings().isEmpty() || state.entityTagCounter() != 0);
  }

  /** Forgets the states it keeps decoded; the counts stay, they are what the stores hold. */
  public void forget() {
    recent.clear();
  }
}
