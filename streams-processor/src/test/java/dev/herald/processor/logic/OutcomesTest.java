package dev.herald.processor.logic;

import static dev.herald.processor.logic.LogicFixture.NOTIFIES;
import static dev.herald.processor.logic.LogicFixture.NOW;
import static dev.herald.processor.logic.LogicFixture.SETTINGS;
import static dev.herald.processor.logic.LogicFixture.empty;
import static dev.herald.processor.logic.LogicFixture.event;
import static dev.herald.processor.logic.LogicFixture.limits;
import static dev.herald.processor.logic.LogicFixture.outcome;
import static dev.herald.processor.logic.LogicFixture.packages;
import static dev.herald.processor.logic.LogicFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.state.ResourceState;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  private final Packages packages = packages();
  private final Outcomes outcomes = new Outcomes(packages, SETTINGS);
  private final ResourceState watched;
  private final String id;

  OutcomesTest() {
    var subscribe = subscribe("bob").build();
    watched = new Subscriptions(packages, NOTIFIES, SETTINGS, limits(64, 64))
        .subscribe(empty(), null, event("s1", subscribe), subscribe, NOW).state();
    id = watched.subscriptions().get(0).id();
  }

  @Test
  void a481EndsTheSubscription() {
    assertThat(outcomes.outcome(watched, outcome(id, 481, false), NOW).state().subscriptions()).isEmpty();
  }

  @Test
  void timeoutsEndItOnlyAfterTheConfiguredNumberInARow() {
    ResourceState state = watched;
    for (int i = 1; i < SETTINGS.maxFailedNotifies(); i++) {
      state = outcomes.outcome(state, outcome(id, 408, true), NOW).state();
      assertThat(state.subscriptions()).singleElement().satisfies(s -> assertThat(s.failedNotifies()).isPositive());
    }

    assertThat(outcomes.outcome(state, outcome(id, 408, true), NOW).state().subscriptions()).isEmpty();
  }

  @Test
  void aSuccessForgetsEarlierFailures() {
    ResourceState failed = outcomes.outcome(watched, outcome(id, 408, true), NOW).state();

    ResourceState succeeded = outcomes.outcome(failed, outcome(id, 200, false), NOW).state();

    assertThat(succeeded.subscriptions()).singleElement().satisfies(s -> assertThat(s.failedNotifies()).isZero());
  }

  @Test
  void anOutcomeOfASubscriptionNotKnownChangesNothing() {
    assertThat(outcomes.outcome(watched, outcome("gone", 481, false), NOW).state()).isEqualTo(watched);
  }
}
