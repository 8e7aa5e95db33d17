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
  void aRequestWhoseAnswerAgedOutShowsNoAnswerAndARefreshAndAnUnsubscribeAreNamed() {
    Subscribe.Builder refresh = Subscribe.newBuilder().setEvent("presence").setCallId("c1").setFromUri("sip:a@x")
        .setFromTag("a").setToTag("b").setToUri("sip:bob@example.com").setCseq(2).setContact("sip:a@y")
        .setExpires(600).setTransport("udp").setSourceHost("h").setSourcePort(1);
    List<ResourceHistory.Entry> history = ResourceHistory.assemble(List.of(request(1, "r1", refresh.build()),
        request(2, "r2", refresh.setCseq(3).setExpires(0).build())), Map.of(), List.of());
    assertThat(history).extracting(ResourceHistory.Entry::kind).containsExactly("re-SUBSCRIBE", "un-SUBSCRIBE");
    assertThat(history).allSatisfy(entry -> assertThat(entry.answer()).isEmpty());
  }

  private static Decision decision(String id, int status, String reason, Header... headers) {
    return Decision.newBuilder().setRequestId(id).setStatusCode(status).setReason(reason).setHeaders(List.of(headers))
        .setDecidedAtMs(0).build();
  }
}
