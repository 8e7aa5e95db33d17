package dev.herald.processor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.AdminCommand;
import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceHistoryTest {

  private static final String BOB = "presence|sip:bob@example.com";

  private static ResourceHistory.Stamped<RequestEvent> request(long atMs, String id, Object payload) {
    return new ResourceHistory.Stamped<>(atMs, RequestEvent.newBuilder().setRequestId(id).setResource(BOB)
        .setReceivedAtMs(atMs).setPayload(payload).build());
  }

  @Test
  void requestsTheirAnswersNotifiesAndOutcomesAreOneTimeline() {
    Subscribe subscribe = Subscribe.newBuilder().setEvent("presence").setCallId("c1").setFromUri("sip:alice@example.com")
        .setFromTag("a").setToUri("sip:bob@example.com").setCseq(1).setContact("sip:alice@192.0.2.1").setExpires(600)
        .setTransport("udp").setSourceHost("192.0.2.1").setSourcePort(5060).build();
    Publish publish = Publish.newBuilder().setEvent("presence").setCallId("p1").setFromUri("sip:bob@example.com")
        .setAssertedIdentity("sip:bob@example.com").setExpires(3600).setContentType("application/pidf+xml")
        .setBody(ByteBuffer.wrap(new byte[120])).build();
    NotifyCommand notify = NotifyCommand.newBuilder().setSubscriptionId("s").setResource(BOB)
        .setRequestUri("sip:alice@192.0.2.1").setCallId("c1").setFromUri("sip:bob@example.com").setFromTag("b")
        .setToUri("sip:alice@example.com").setToTag("a").setCseq(2).setContact("sip:herald@x").setEvent("presence")
        .setSubscriptionState("active;expires=599").setContentType("application/pidf+xml")
        .setBody(ByteBuffer.wrap(new byte[80])).setTransport("udp").setCreatedAtMs(2_500).build();
    List<ResourceHistory.Entry> history = ResourceHistory.assemble(List.of(
        request(3_000, "r3", NotifyOutcome.newBuilder().setSubscriptionId("s").setCseq(2).setStatusCode(200).build()),
        request(1_000, "r1", subscribe),
        request(2_000, "r2", publish),
        request(4_000, "r4", AdminCommand.newBuilder().setCommand("conference-reset").setArgs(Map.of())
            .setOperator("admin-api").build())),
        Map.of("r1", decision("r1", 200, "OK", new Header("Expires", "600")),
            "r2", decision("r2", 200, "OK", new Header("SIP-ETag", "1.ab"), new Header("Expires", "3600")),
            "r4", decision("r4", 400, "Unknown Command for This Resource")),
        List.of(notify));

    assertThat(history).extracting(ResourceHistory.Entry::kind)
        .containsExactly("SUBSCRIBE", "PUBLISH", "NOTIFY", "NOTIFY outcome", "ADMIN");
    assertThat(history.get(0).party()).isEqualTo("sip:alice@example.com");
    assertThat(history.get(0).detail()).contains("Expires 600", "Call-ID c1", "192.0.2.1:5060");
    assertThat(history.get(0).answer()).isEqualTo("200 OK (Expires 600)");
    assertThat(history.get(1).detail()).contains("application/pidf+xml 120 bytes");
    assertThat(history.get(1).answer()).isEqualTo("200 OK (SIP-ETag 1.ab, Expires 3600)");
    assertThat(history.get(2).party()).isEqualTo("sip:alice@example.com");
    assertThat(history.get(2).detail()).contains("active;expires=599", "CSeq 2", "80 bytes");
    assertThat(history.get(3).detail()).isEqualTo("CSeq 2, 200");
    assertThat(history.get(4).answer()).startsWith("400 ");
  }

  @Test
  void aGatewaysStandingPublishShowsItsTag() {
    Publish standing = Publish.newBuilder().setEvent("presence").setCallId("x1").setFromUri("sip:bob@example.com")
        .setStandingTag("xmpp:gateway").setExpires(3600).setContentType("application/pidf+xml")
        .setBody(ByteBuffer.wrap(new byte[64])).build();
    List<ResourceHistory.Entry> history = ResourceHistory.assemble(List.of(request(1, "r1", standing)), Map.of(),
        List.of());
    assertThat(history).singleElement().satisfies(entry -> {
      assertThat(entry.kind()).isEqualTo("PUBLISH");
      assertThat(entry.detail()).contains("standing xmpp:gateway").doesNotContain("If-Match");
    });
  }

  @Test
  void aRequestWhoseAnswerAgedOutShowsNoAnswerAndARefreshAndAnUnsubscribeAreNamed() {
    Subscribe.Builder refresh = Subscribe.newBuilder().setEvent("presence").setCallId("c1").setFromUri("sip:a@x")
        .setFromTag("a").setToTag("b").setToUri("sip:bob@example.com").setCseq(2).setContact("sip:a@y")
        .setExpires(600).setTransport("udp").setSourceHost("h").setSourcePort(1);
    List<ResourceHistory.Entry> history = ResourceHistory.assemble(List.of(request(1, "r1", refresh.build()),
        request(2, "r2", refresh.setCseq(3).setExpires(0).build())), Map.of(), List.of());
    assertThat(history).extracting(ResourceHistory.Entry::kind).containsExactly("re-SUBSCRIBE", "un-SUBSCRIBE");
    assertThat(history).allSatisfy(entry -> assertThat(entry.answer()).isEmpty());
  }

  @Test
  void notifiesCarriedInDecisionsSentByTheFlowsEdgeOrByAnyNotifierAreEachShownOnce() {
    Subscribe subscribe = Subscribe.newBuilder().setEvent("presence").setCallId("c1").setFromUri("sip:alice@example.com")
        .setFromTag("a").setToUri("sip:bob@example.com").setCseq(1).setContact("sip:alice@127.0.0.2:5062")
        .setExpires(600).setTransport("udp").setSourceHost("127.0.0.1").setSourcePort(40000).build();
    NotifyCommand first = notify("s", 1, 1_000).setSubscriptionState("active;expires=600").setEdgeId("edge-3")
        .setEdgeInstance(3).setDestinationHost("127.0.0.1").setDestinationPort(40000).build();
    NotifyCommand viaEdge = notify("s", 2, 2_500).setEdgeId("edge-3").setEdgeInstance(3).setFlowOnly(true)
        .setTransport("tcp").setDestinationHost("2001:db8::7").setDestinationPort(40001).build();
    NotifyCommand viaNotifier = notify("other", 1, 3_500).setEdgeId("edge-1").build();
    NotifyCommand terminated = notify("s", 3, 4_000).setSubscriptionState("terminated;reason=timeout")
        .setEdgeId("edge-3").setEdgeInstance(3).setDestinationHost("127.0.0.1").setDestinationPort(40000).build();
    Decision ok = Decision.newBuilder(decision("r1", 200, "OK", new Header("Expires", "600")))
        .setNotifies(List.of(first)).build();
    Decision unsubscribed = Decision.newBuilder(decision("r2", 200, "OK", new Header("Expires", "0")))
        .setNotifies(List.of(terminated)).build();

    List<ResourceHistory.Entry> history = ResourceHistory.assemble(
        List.of(request(1_000, "r1", subscribe), request(1_200, "r1", subscribe),
            request(4_000, "r2", Subscribe.newBuilder(subscribe).setToTag("b").setCseq(2).setExpires(0).build())),
        Map.of("r1", ok, "r2", unsubscribed),
        // Read back from herald.edge-notifications and herald.notifications: the first one too, as when
        // nobody waited for the answer and the processor sent it on the log itself.
        List.of(viaEdge, first, viaNotifier));

    assertThat(history).extracting(ResourceHistory.Entry::kind)
        .containsExactly("SUBSCRIBE", "NOTIFY", "SUBSCRIBE", "NOTIFY", "NOTIFY", "un-SUBSCRIBE", "NOTIFY");
    List<ResourceHistory.Entry> notifies = history.stream().filter(e -> e.kind().equals("NOTIFY")).toList();
    assertThat(notifies).extracting(ResourceHistory.Entry::atMs).containsExactly(1_000L, 2_500L, 3_500L, 4_000L);
    assertThat(notifies.get(3).detail()).contains("terminated;reason=timeout", "CSeq 3", "instance 3");
    assertThat(notifies.get(0).detail()).contains("active;expires=600", "CSeq 1",
        "via the flow's edge (edge-3, instance 3) over udp to 127.0.0.1:40000").doesNotContain("flow only");
    assertThat(notifies.get(1).detail()).contains("CSeq 2",
        "via the flow's edge (edge-3, instance 3) over tcp to [2001:db8::7]:40001, flow only");
    assertThat(notifies.get(2).detail()).contains("CSeq 1").endsWith("via any notifier over udp");
  }

  @Test
  void aFirstNotifyForAnyNotifierThatRodeItsDecisionIsShownAsSentByTheAnsweringEdge() {
    Subscribe subscribe = Subscribe.newBuilder().setEvent("presence").setCallId("c1").setFromUri("sip:alice@example.com")
        .setFromTag("a").setToUri("sip:bob@example.com").setCseq(1).setContact("sip:alice@127.0.0.1:5062")
        .setExpires(600).setTransport("udp").setSourceHost("127.0.0.1").setSourcePort(5062).build();
    NotifyCommand first = notify("s", 1, 1_000).setEdgeId("edge-1").build();
    Decision ok = Decision.newBuilder(decision("r1", 200, "OK", new Header("Expires", "600")))
        .setNotifies(List.of(first)).build();

    List<ResourceHistory.Entry> history = ResourceHistory.assemble(List.of(request(1_000, "r1", subscribe)),
        Map.of("r1", ok), List.of());

    assertThat(history.get(1).detail()).endsWith("via the answering edge after its answer over udp");
  }

  private static NotifyCommand.Builder notify(String subscriptionId, long cseq, long createdAtMs) {
    return NotifyCommand.newBuilder().setSubscriptionId(subscriptionId).setResource(BOB)
        .setRequestUri("sip:alice@127.0.0.2:5062").setCallId("c1").setFromUri("sip:bob@example.com").setFromTag("b")
        .setToUri("sip:alice@example.com").setToTag("a").setCseq(cseq).setContact("sip:herald@x").setEvent("presence")
        .setSubscriptionState("active;expires=599").setTransport("udp").setCreatedAtMs(createdAtMs);
  }

  private static Decision decision(String id, int status, String reason, Header... headers) {
    return Decision.newBuilder().setRequestId(id).setStatusCode(status).setReason(reason).setHeaders(List.of(headers))
        .setDecidedAtMs(0).build();
  }
}
