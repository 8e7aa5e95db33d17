package dev.herald.processor.logic;

import static dev.herald.processor.logic.LogicFixture.NOTIFIES;
import static dev.herald.processor.logic.LogicFixture.NOW;
import static dev.herald.processor.logic.LogicFixture.SETTINGS;
import static dev.herald.processor.logic.LogicFixture.empty;
import static dev.herald.processor.logic.LogicFixture.event;
import static dev.herald.processor.logic.LogicFixture.limits;
import static dev.herald.processor.logic.LogicFixture.packages;
import static dev.herald.processor.logic.LogicFixture.publish;
import static dev.herald.processor.logic.LogicFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.state.ResourceState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpirationsTest {

  private final Packages packages = packages();
  private final FanOut fanOut = new FanOut(packages, NOTIFIES, SETTINGS);
  private final Expirations expirations = new Expirations(packages, NOTIFIES, fanOut);
  private final Subscriptions subscriptions = new Subscriptions(packages, NOTIFIES, SETTINGS, limits(64, 64));

  private ResourceState subscribed(ResourceState state, String watcher, int expires) {
    var subscribe = subscribe(watcher).setExpires(expires).build();
    return subscriptions.subscribe(state, null, event("s-" + watcher, subscribe), subscribe, NOW).state();
  }

  @Test
  void expiriesAreAppliedOneDueTimeAfterAnotherUpToTheHorizon() {
    ResourceState state = subscribed(subscribed(empty(), "bob", 60), "carol", 120);

    List<Effects.Expiry> upToBob = expirations.expiriesUpTo(state, NOW + 90_000);
    List<Effects.Expiry> both = expirations.expiriesUpTo(state, NOW + 200_000);

    assertThat(upToBob).extracting(Effects.Expiry::atMs).containsExactly(NOW + 60_000);
    assertThat(both).extracting(Effects.Expiry::atMs).containsExactly(NOW + 60_000, NOW + 120_000);
    assertThat(both.get(0).effects().notifies()).singleElement()
        .satisfies(n -> assertThat(n.getSubscriptionState()).isEqualTo("terminated;reason=timeout"));
    assertThat(both.get(1).effects().state().subscriptions()).isEmpty();
  }

  @Test
  void anExpiredPublicationLeavesAndItsWatchersAreTold() {
    var publish = publish("open").setExpires(60).build();
    Effects published = new Publications(packages, fanOut, limits(64, 64))
        .publish(subscribed(empty(), "bob", 3600), event("p1", publish), publish, NOW);

    Effects expired = expirations.expire(published.state(), NOW + 60_000);

    assertThat(expired.state().publications()).isEmpty();
    assertThat(expired.notifies()).singleElement().satisfies(n -> assertThat(n.getSubscriptionState()).startsWith("active"));
    assertThat(expired.presenceChanged()).isTrue();
  }
}
