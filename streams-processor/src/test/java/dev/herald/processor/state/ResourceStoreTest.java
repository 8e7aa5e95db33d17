package dev.herald.processor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceStoreTest {

  private static final String ALICE = "presence|sip:alice@example.com";
  private static final String ALICE_LONGER = "presence|sip:alice@example.com.au";

  private KeyValueStore<String, ResourceState> heads;
  private KeyValueStore<String, Subscription> subscriptions;
  private ResourceStore store;

  @BeforeEach
  void stores() {
    MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    heads = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("resources"), Serdes.String(),
        StateCodec.serde()).withLoggingDisabled().build();
    subscriptions = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("subscriptions"), Serdes.String(),
        StateCodec.subscriptionSerde()).withLoggingDisabled().build();
    heads.init(context.getStateStoreContext(), heads);
    subscriptions.init(context.getStateStoreContext(), subscriptions);
    store = ResourceStore.open(heads, subscriptions, 10, (resource, state) -> { });
  }

  @Test
  void eachSubscriptionHasAKeyOfItsOwnAndTheRestOfTheResourceTheResourcesKey() {
    ResourceState state = ResourceState.empty(ALICE).nextEntityTag()
        .withPublication(publication("a1")).withSubscription(subscription("w1", 1)).withSubscription(subscription("w2", 2));

    store.save(ResourceState.empty(ALICE), state);

    assertThat(keys(subscriptions)).containsExactly(ResourceStore.subscriptionKey(ALICE, "w1"),
        ResourceStore.subscriptionKey(ALICE, "w2"));
    assertThat(heads.get(ALICE).subscriptions()).isEmpty();
    assertThat(heads.get(ALICE).publications()).extracting(Publication::entityTag).containsExactly("a1");
    assertThat(ResourceStore.read(heads, subscriptions, ALICE)).isEqualTo(state);
  }

  @Test
  void aResourceWhoseKeyStartsWithAnothersReadsOnlyItsOwnSubscriptions() {
    store.save(ResourceState.empty(ALICE), ResourceState.empty(ALICE).withSubscription(subscription("w1", 1)));
    store.save(ResourceState.empty(ALICE_LONGER),
        ResourceState.empty(ALICE_LONGER).withSubscription(subscription("w9", 1)));

    assertThat(ResourceStore.read(heads, subscriptions, ALICE).subscriptions()).extracting(Subscription::id)
        .containsExactly("w1");
    assertThat(ResourceStore.read(heads, subscriptions, ALICE_LONGER).subscriptions()).extracting(Subscription::id)
        .containsExactly("w9");
  }

  @Test
  void subscriptionsReadBackOldestFirstAsTheStateInMemoryHoldsThem() {
    ResourceState state = ResourceState.empty(ALICE)
        .withSubscription(subscription("zz-newer", 5)).withSubscription(subscription("aa-older", 1))
        .withSubscription(subscription("mm-older", 1));

    assertThat(state.subscriptions()).extracting(Subscription::id).containsExactly("aa-older", "mm-older", "zz-newer");
    store.save(ResourceState.empty(ALICE), state);
    store.forget();

    assertThat(store.load(ALICE).subscriptions()).isEqualTo(state.subscriptions());
  }

  @Test
  void aSaveWritesOnlyTheSubscriptionsThatChanged() {
    ResourceState before = ResourceState.empty(ALICE).withSubscription(subscription("w1", 1))
        .withSubscription(subscription("w2", 2));
    store.save(ResourceState.empty(ALICE), before);
    Subscription w2 = before.subscription("w2").orElseThrow();
    // Whatever is in the store for w1 is left alone: put a marker there to see it is not rewritten.
    Subscription marker = subscription("w1", 1).notified();
    subscriptions.put(ResourceStore.subscriptionKey(ALICE, "w1"), marker);

    store.save(before, before.withSubscription(w2.notified()));

    assertThat(subscriptions.get(ResourceStore.subscriptionKey(ALICE, "w1"))).isEqualTo(marker);
    assertThat(subscriptions.get(ResourceStore.subscriptionKey(ALICE, "w2")).notifyCseq()).isEqualTo(1);
  }

  @Test
  void theResourceKeyHoldsPublicationsAndTheEntityTagCounterAndNothingOnceAllIsGone() {
    ResourceState watched = ResourceState.empty(ALICE).withSubscription(subscription("w1", 1));
    store.save(ResourceState.empty(ALICE), watched);
    assertThat(heads.get(ALICE)).as("nothing but a subscription: no record under the resource").isNull();

    ResourceState published = watched.nextEntityTag().withPublication(publication("a1"));
    store.save(watched, published);
    ResourceState unwatched = published.withoutSubscription("w1");
    store.save(published, unwatched);
    assertThat(keys(subscriptions)).isEmpty();
    assertThat(heads.get(ALICE).entityTagCounter()).isEqualTo(1);

    ResourceState gone = unwatched.withoutPublication("a1");
    store.save(unwatched, gone);
    assertThat(gone.isEmpty()).isTrue();
    assertThat(heads.get(ALICE)).as("nothing left, nothing kept").isNull();
    assertThat(store.get(ALICE)).isNull();
  }

  @Test
  void aStateWrittenWithItsSubscriptionsInsideIsReadWholeAndMovedToKeysOfTheirOwn() {
    ResourceState old = ResourceState.empty(ALICE).nextEntityTag().withPublication(publication("a1"))
        .withSubscription(subscription("w1", 1)).withSubscription(subscription("w2", 2));
    heads.put(ALICE, old);

    ResourceState read = store.load(ALICE);

    assertThat(read).isEqualTo(old);
    assertThat(heads.get(ALICE).subscriptions()).isEmpty();
    assertThat(keys(subscriptions)).containsExactly(ResourceStore.subscriptionKey(ALICE, "w1"),
        ResourceStore.subscriptionKey(ALICE, "w2"));

    store.save(read, read.withoutSubscription("w1"));
    store.forget();
    assertThat(store.load(ALICE).subscriptions()).extracting(Subscription::id).containsExactly("w2");
  }

  @Test
  void openingVisitsEveryResourceWithItsWholeStateThoseWithOnlySubscriptionsToo() {
    ResourceState published = ResourceState.empty(ALICE).nextEntityTag().withPublication(publication("a1"))
        .withSubscription(subscription("w1", 1));
    ResourceState watched = ResourceState.empty(ALICE_LONGER).withSubscription(subscription("w9", 3));
    store.save(ResourceState.empty(ALICE), published);
    store.save(ResourceState.empty(ALICE_LONGER), watched);

    Map<String, ResourceState> visited = new HashMap<>();
    ResourceStore reopened = ResourceStore.open(heads, subscriptions, 10, visited::put);

    assertThat(visited).containsOnlyKeys(ALICE, ALICE_LONGER);
    assertThat(visited.get(ALICE)).isEqualTo(published);
    assertThat(visited.get(ALICE_LONGER)).isEqualTo(watched);
    assertThat(reopened.get(ALICE)).as("counted when opened, so read").isEqualTo(published);
  }

  @Test
  void aResourceWithoutSubscriptionsIsNotLookedForInTheSubscriptionsAndAReadStopsAtItsLast() {
    ResourceState watched = ResourceState.empty(ALICE).withSubscription(subscription("w1", 1));
    store.save(ResourceState.empty(ALICE), watched);
    // Entries the store does not know of, where a range would find them: one of a resource it holds
    // no subscription of, one past the last of ALICE's.
    subscriptions.put(ResourceStore.subscriptionKey(ALICE_LONGER, "stray"), subscription("stray", 1));
    subscriptions.put(ResourceStore.subscriptionKey(ALICE, "zz-stray"), subscription("zz-stray", 9));
    store.forget();

    assertThat(store.get(ALICE_LONGER)).isNull();
    assertThat(store.load(ALICE).subscriptions()).extracting(Subscription::id).containsExactly("w1");
  }

  @Test
  void whatIsRememberedIsWhatTheStoresHold() {
    ResourceState state = ResourceState.empty(ALICE).withSubscription(subscription("w1", 1));
    store.save(ResourceState.empty(ALICE), state);
    subscriptions.delete(ResourceStore.subscriptionKey(ALICE, "w1"));

    assertThat(store.load(ALICE)).as("remembered").isEqualTo(state);
    store.forget();
    assertThat(store.get(ALICE)).as("read again after forgetting").isNull();
  }

  @Test
  void atLeastOneResourceIsRemembered() {
    assertThatThrownBy(() -> ResourceStore.open(heads, subscriptions, 0, (resource, state) -> { }))
        .hasMessageContaining("remembered must be at least 1, not 0");
  }

  private static List<String> keys(KeyValueStore<String, ?> store) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, ?> all = store.all()) {
      all.forEachRemaining((KeyValue<String, ?> entry) -> keys.add(entry.key));
    }
    return keys;
  }

  private static Publication publication(String tag) {
    return new Publication(tag, 3_600_000, "application/pidf+xml",
        "<presence/>".getBytes(StandardCharsets.UTF_8), 0);
  }

  private static Subscription subscription(String id, long createdAtMs) {
    return Subscription.builder().id(id).event("presence").callId("call-" + id)
        .watcherUri("sip:" + id + "@example.com").watcherTag("tag-" + id)
        .resourceUri("sip:alice@example.com").localTag("local").remoteCseq(1)
        .remoteTarget("sip:" + id + "@192.0.2.20:5062").expiresAtMs(600_000)
        .flow(Flow.legacy("udp", "192.0.2.20", 5062)).watcherIdentity("sip:" + id + "@example.com")
        .createdAtMs(createdAtMs).build();
  }
}
