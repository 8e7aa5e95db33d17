package dev.herald.processor.logic;

import static dev.herald.processor.logic.LogicFixture.NOTIFIES;
import static dev.herald.processor.logic.LogicFixture.NOW;
import static dev.herald.processor.logic.LogicFixture.SETTINGS;
import static dev.herald.processor.logic.LogicFixture.empty;
import static dev.herald.processor.logic.LogicFixture.event;
import static dev.herald.processor.logic.LogicFixture.header;
import static dev.herald.processor.logic.LogicFixture.limits;
import static dev.herald.processor.logic.LogicFixture.packages;
import static dev.herald.processor.logic.LogicFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.packages.state.ResourceState;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {

  private final Subscriptions subscriptions = new Subscriptions(packages(), NOTIFIES, SETTINGS, limits(64, 2));

  private Effects send(ResourceState state, String requestId, dev.herald.avro.Subscribe.Builder subscribe) {
    return subscriptions.subscribe(state, null, event(requestId, subscribe.build()), subscribe.build(), NOW);
  }

  @Test
  void aNewSubscriptionIsGrantedItsExpiryAndItsFirstNotifyRidesOnTheDecision() {
    Effects effects = send(empty(), "r1", subscribe("bob"));

    Decision decision = effects.decision();
    assertThat(decision.getStatusCode()).isEqualTo(200);
    assertThat(header(decision, "Expires")).isEqualTo("600");
    assertThat(decision.getToTag()).isNotBlank();
    assertThat(decision.getNotifies()).singleElement()
        .satisfies(notify -> assertThat(notify.getSubscriptionState()).isEqualTo("active;expires=600"));
    assertThat(effects.notifies()).as("only the package's own news, none for presence").isEmpty();
    assertThat(effects.state().subscriptions()).singleElement()
        .satisfies(s -> assertThat(s.expiresAtMs()).isEqualTo(NOW + 600_000));
  }

  @Test
  void anExpiryBelowTheMinimumGets423WithMinExpires() {
    Effects effects = send(empty(), "r1", subscribe("bob").setExpires(5));

    assertThat(effects.decision().getStatusCode()).isEqualTo(423);
    assertThat(header(effects.decision(), "Min-Expires")).isEqualTo("60");
    assertThat(effects.state()).isEqualTo(empty());
  }

  @Test
  void aFetchGetsOneTerminatedNotifyAndLeavesNoSubscription() {
    Effects effects = send(empty(), "r1", subscribe("bob").setExpires(0));

    assertThat(effects.decision().getStatusCode()).isEqualTo(200);
    assertThat(effects.decision().getNotifies()).singleElement()
        .satisfies(notify -> assertThat(notify.getSubscriptionState()).startsWith("terminated"));
    assertThat(effects.state().subscriptions()).isEmpty();
  }

  @Test
  void aRefreshOfADialogNotKnownGets481() {
    Effects effects = send(empty(), "r1", subscribe("bob").setToTag("never-given"));

    assertThat(effects.decision().getStatusCode()).isEqualTo(481);
  }

  @Test
  void aRefreshWithACSeqNotAboveTheLastIsOutOfOrder() {
    Effects created = send(empty(), "r1", subscribe("bob").setCseq(5));
    String toTag = created.decision().getToTag();

    Effects stale = send(created.state(), "r2", subscribe("bob").setToTag(toTag).setCseq(5));
    Effects fresh = send(created.state(), "r3", subscribe("bob").setToTag(toTag).setCseq(6).setExpires(300));

    assertThat(stale.decision().getStatusCode()).isEqualTo(500);
    assertThat(fresh.decision().getStatusCode()).isEqualTo(200);
    assertThat(header(fresh.decision(), "Expires")).isEqualTo("300");
  }

  @Test
  void anUnsubscribeEndsTheDialogWithATerminatedNotify() {
    Effects created = send(empty(), "r1", subscribe("bob"));

    Effects ended = send(created.state(), "r2",
        subscribe("bob").setToTag(created.decision().getToTag()).setCseq(2).setExpires(0));

    assertThat(header(ended.decision(), "Expires")).isEqualTo("0");
    assertThat(ended.decision().getNotifies()).singleElement()
        .satisfies(notify -> assertThat(notify.getSubscriptionState()).isEqualTo("terminated;reason=timeout"));
    assertThat(ended.state().subscriptions()).isEmpty();
  }

  @Test
  void beyondTheWatcherCapANewSubscriptionIsRefused() {
    ResourceState two = send(send(empty(), "r1", subscribe("bob")).state(), "r2", subscribe("carol")).state();

    Effects third = send(two, "r3", subscribe("dave"));

    assertThat(third.decision().getStatusCode()).isEqualTo(403);
    assertThat(third.state().subscriptions()).hasSize(2);
  }
}
