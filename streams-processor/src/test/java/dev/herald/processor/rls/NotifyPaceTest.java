package dev.herald.processor.rls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.store.ListMemberRecord;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a rebuild's comparison leaves out of a list subscription: only what the wall clock's pace decides. */
class NotifyPaceTest {

  private static Subscription subscription(String id, String event, Map<String, String> attributes) {
    return Subscription.builder().id(id).event(event).callId(id).watcherUri("sip:w@example.com").watcherTag("w")
        .resourceUri("sip:buddies@example.com").localTag("l").remoteCseq(3).notifyCseq(7).documentVersion(6)
        .remoteTarget("sip:w@192.0.2.1").expiresAtMs(1_000_000).flow(Flow.legacy("udp", "192.0.2.1", 5060))
        .watcherIdentity("sip:w@example.com").attributes(attributes).build();
  }

  @Test
  void aListSubscriptionIsComparedWithoutItsNotifyCountVersionAndLastNotifyTime() {
    ResourceState state = ResourceState.empty("presence|sip:buddies@example.com")
        .withSubscription(subscription("list", "presence", Map.of(ListServer.LIST_SUBSCRIPTION, "1",
            ListServer.NOTIFIED_AT, "123", ListServer.FULL_STATE_DUE, "1")))
        .withSubscription(subscription("winfo", "presence.winfo", Map.of()));

    ResourceState paced = ListServer.withoutNotifyPace(state);

    Subscription list = paced.subscription("list").orElseThrow();
    assertThat(list.notifyCseq()).isZero();
    assertThat(list.documentVersion()).isZero();
    assertThat(list.attributes()).containsOnlyKeys(ListServer.LIST_SUBSCRIPTION);
    assertThat(list.expiresAtMs()).as("the rest is compared").isEqualTo(1_000_000);
    assertThat(paced.subscription("winfo").orElseThrow()).isEqualTo(state.subscription("winfo").orElseThrow());
  }

  @Test
  void aMembersRecordIsComparedWithoutWhetherItWaitsToBeSent() {
    ListMemberRecord record = ListMemberRecord.newBuilder().setMember("sip:alice@example.com")
        .setSubscriptionState("active").setContentType(null).setBody(null).setNotifyCseq(4).setUnsent(true).build();

    assertThat(ListServer.withoutNotifyPace(record)).isEqualTo(ListMemberRecord.newBuilder(record).setUnsent(false)
        .build());
  }
}
