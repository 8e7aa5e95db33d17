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

import dev.herald.avro.NotifyCommand;
import dev.herald.avro.Publish;
import dev.herald.packages.state.ResourceState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FanOutTest {

  private final Packages packages = packages();

  private ResourceState watchedBy(String... watchers) {
    Subscriptions subscriptions = new Subscriptions(packages, NOTIFIES, SETTINGS, limits(64, 64));
    ResourceState state = empty();
    for (String watcher : watchers) {
      var subscribe = subscribe(watcher).build();
      state = subscriptions.subscribe(state, null, event("s-" + watcher, subscribe), subscribe, NOW).state();
    }
    return state;
  }

  private static Effects send(FanOut fanOut, ResourceState state, String requestId, Publish.Builder publish) {
    return new Publications(fanOut.packages(), fanOut, limits(64, 64))
        .publish(state, event(requestId, publish.build()), publish.build(), NOW);
  }

  private static String body(NotifyCommand notify) {
    return StandardCharsets.UTF_8.decode(notify.getBody().duplicate()).toString();
  }

  @Test
  void aChangeNotifiesEveryWatcherWithTheNewDocumentAndTheNextCSeq() {
    FanOut fanOut = new FanOut(packages, NOTIFIES, SETTINGS);

    Effects effects = send(fanOut, watchedBy("bob", "carol"), "p1", publish("open"));

    assertThat(effects.notifies()).hasSize(2).allSatisfy(notify -> {
      assertThat(body(notify)).contains("<basic>open</basic>");
      assertThat(notify.getCseq()).isEqualTo(2);
    });
    assertThat(effects.presenceChanged()).isTrue();
  }

  @Test
  void aRefreshThatChangesNothingWatchersSeeNotifiesNobody() {
    FanOut fanOut = new FanOut(packages, NOTIFIES, SETTINGS);
    Effects created = send(fanOut, watchedBy("bob"), "p1", publish("open"));
    String tag = LogicFixture.header(created.decision(), "SIP-ETag");

    Effects refreshed = send(fanOut, created.state(), "p2", publish("open").setBody(null).setIfMatch(tag));

    assertThat(refreshed.decision().getStatusCode()).isEqualTo(200);
    assertThat(refreshed.notifies()).isEmpty();
    assertThat(refreshed.presenceChanged()).as("a new tag and expiry for herald.presence-state").isTrue();
  }

  @Test
  void withPublisherExclusionTheWatcherWherethePublishCameFromIsNotTold() {
    FanOut excluding = new FanOut(packages, NOTIFIES, SETTINGS.withExcludePublisher(true));

    Effects effects = send(excluding, watchedBy("bob", "carol"), "p1",
        publish("open").setSender("192.0.2.20:5062"));

    assertThat(effects.notifies()).as("both watchers share the publisher's address here").isEmpty();
    Effects fromElsewhere = send(excluding, watchedBy("bob"), "p2", publish("open").setSender("198.51.100.1:5060"));
    assertThat(fromElsewhere.notifies()).hasSize(1);
  }
}
