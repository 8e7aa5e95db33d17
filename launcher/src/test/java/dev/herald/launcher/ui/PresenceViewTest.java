package dev.herald.launcher.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.PresenceState;
import dev.herald.avro.PublicationSummary;
import dev.herald.avro.RegistrantStatus;
import dev.herald.avro.SubHandling;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.state.ResourceStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceViewTest {

  private static final String ALICE = "presence|sip:alice@example.com";
  private static final String PIDF = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:alice@example.com">
        <tuple id="desk"><status><basic>%s</basic></status><note>%s</note></tuple>
        <dm:person id="p"><rpid:activities><rpid:on-the-phone/><rpid:other>lunch soon</rpid:other></rpid:activities></dm:person>
      </presence>
      """;

  private final PresenceView view = new PresenceView();

  @Test
  void aPresenceStateRecordShowsTheComposedStatusNoteAndActivities() {
    PresenceView.Update update = view.applyPresence(ALICE, state("open", "at my desk")).orElseThrow();

    assertThat(update.kind()).isEqualTo(PresenceView.Update.PRESENTITY);
    PresenceView.Presentity alice = (PresenceView.Presentity) update.value();
    assertThat(alice.uri()).isEqualTo("sip:alice@example.com");
    assertThat(alice.domain()).isEqualTo("example.com");
    assertThat(alice.event()).isEqualTo("presence");
    assertThat(alice.basic()).isEqualTo("open");
    assertThat(alice.note()).isEqualTo("at my desk");
    assertThat(alice.activities()).containsExactly("on-the-phone", "lunch soon");
    assertThat(alice.publications()).isEqualTo(1);
    assertThat(view.snapshot().presentities()).containsExactly(alice);
  }

  @Test
  void aLaterRecordReplacesTheStateAndATombstoneRemovesIt() {
    view.applyPresence(ALICE, state("open", "here"));
    PresenceView.Presentity closed = (PresenceView.Presentity) view.applyPresence(ALICE, state("closed", "gone home"))
        .orElseThrow().value();
    assertThat(closed.basic()).isEqualTo("closed");
    assertThat(view.snapshot().presentities()).containsExactly(closed);

    PresenceView.Update removed = view.applyPresence(ALICE, null).orElseThrow();

    assertThat(removed.value()).isNull();
    assertThat(removed.key()).isEqualTo(ALICE);
    assertThat(view.snapshot().presentities()).isEmpty();
    assertThat(view.applyPresence(ALICE, null)).as("a tombstone of nothing changes nothing").isEmpty();
  }

  @Test
  void aDocumentThatIsNotPidfOrDoesNotParseShowsUnknownNotAnError() {
    PresenceState broken = PresenceState.newBuilder(state("open", "x"))
        .setDocument(ByteBuffer.wrap("<presence".getBytes(StandardCharsets.UTF_8))).build();
    PresenceState dialog = PresenceState.newBuilder(state("open", "x")).setEvent("dialog")
        .setContentType("application/dialog-info+xml").build();

    assertThat(((PresenceView.Presentity) view.applyPresence(ALICE, broken).orElseThrow().value()).basic())
        .isEqualTo("unknown");
    assertThat(((PresenceView.Presentity) view.applyPresence("dialog|sip:bob@example.com", dialog).orElseThrow()
        .value()).basic()).isEqualTo("unknown");
  }

  @Test
  void aSubscriptionShowsAsAWatcherWithItsStateAndFlowAndItsTombstoneRemovesIt() {
    String key = ResourceStore.subscriptionKey(ALICE, "s1");
    PresenceView.Watcher watcher = (PresenceView.Watcher) view.applyWatcher(key, subscription(SubHandling.ALLOW, 1))
        .orElseThrow().value();

    assertThat(watcher.resource()).isEqualTo(ALICE);
    assertThat(watcher.key()).as("no Call-ID or tag shown").startsWith(ALICE + "#").doesNotContain("s1")
        .isEqualTo(PresenceView.watcherKey(key));
    assertThat(watcher.uri()).isEqualTo("sip:alice@example.com");
    assertThat(watcher.watcher()).isEqualTo("sip:bob@example.net");
    assertThat(watcher.state()).isEqualTo("active");
    assertThat(watcher.transport()).isEqualTo("tcp");
    assertThat(watcher.remote()).isEqualTo("192.0.2.7:5062");
    assertThat(watcher.edge()).isEqualTo("edge-1#0");

    PresenceView.Watcher pending = (PresenceView.Watcher) view.applyWatcher(key,
        subscription(SubHandling.CONFIRM, 1)).orElseThrow().value();
    assertThat(pending.state()).isEqualTo("pending");

    assertThat(view.applyWatcher(key, null).orElseThrow().value()).isNull();
    assertThat(view.snapshot().watchers()).isEmpty();
  }

  @Test
  void aSubscriptionChangeTheViewDoesNotShowSuchAsANotifyCseqIsNoUpdate() {
    String key = ResourceStore.subscriptionKey(ALICE, "s1");
    view.applyWatcher(key, subscription(SubHandling.ALLOW, 1));

    assertThat(view.applyWatcher(key, subscription(SubHandling.ALLOW, 2))).isEmpty();
  }

  @Test
  void aRegistrantStatusShowsItsUacRegistrantStateAndATombstoneRemovesIt() {
    RegistrantStatus status = RegistrantStatus.newBuilder().setAccountId("sip:pbx@carrier.example")
        .setAor("sip:pbx@carrier.example").setRegistrar("sip:registrar.carrier.example").setState(6)
        .setStateName("WRONG_CREDENTIALS").setLastResponse("403 Forbidden").setUpdatedAtMs(5).build();

    PresenceView.Registrant shown = (PresenceView.Registrant) view.applyRegistrant("sip:pbx@carrier.example", status)
        .orElseThrow().value();

    assertThat(shown.state()).isEqualTo(6);
    assertThat(shown.stateName()).isEqualTo("WRONG_CREDENTIALS");
    assertThat(shown.domain()).isEqualTo("carrier.example");
    assertThat(shown.lastResponse()).isEqualTo("403 Forbidden");
    assertThat(view.applyRegistrant("sip:pbx@carrier.example", null)).isPresent();
    assertThat(view.snapshot().registrants()).isEmpty();
  }

  @Test
  void theSnapshotIsSortedByDomainThenUri() {
    view.applyPresence("presence|sip:zoe@a.example", state("open", ""));
    view.applyPresence("presence|sip:bob@b.example", state("open", ""));
    view.applyPresence("presence|sip:amy@b.example", state("open", ""));

    assertThat(view.snapshot().presentities()).extracting(PresenceView.Presentity::uri)
        .containsExactly("sip:zoe@a.example", "sip:amy@b.example", "sip:bob@b.example");
  }

  @Test
  void theDomainOfAUriIsItsHostWithoutPortOrParameters() {
    assertThat(PresenceView.domainOf("sip:alice@Example.COM:5070;transport=tcp")).isEqualTo("example.com");
    assertThat(PresenceView.domainOf("sips:bob@[2001:db8::1]:5061")).isEqualTo("[2001:db8::1]");
    assertThat(PresenceView.domainOf("sip:example.net")).isEqualTo("example.net");
    assertThat(PresenceView.domainOf("tel:+15551234")).isEqualTo("tel");
  }

  static PresenceState state(String basic, String note) {
    byte[] document = PIDF.formatted(basic, note).getBytes(StandardCharsets.UTF_8);
    return PresenceState.newBuilder().setResource(ALICE).setEvent("presence").setContentType("application/pidf+xml")
        .setDocument(ByteBuffer.wrap(document))
        .setPublications(List.of(PublicationSummary.newBuilder().setEntityTag("e1").setExpiresAtMs(10)
            .setContentType("application/pidf+xml").setBody(ByteBuffer.wrap(document)).setSource("publish").build()))
        .setUpdatedAtMs(1).build();
  }

  static Subscription subscription(SubHandling handling, long notifyCseq) {
    Flow flow = new Flow(new Flow.Edge("edge-1", 0), "TCP", new Flow.Endpoint("127.0.0.1", 5060),
        new Flow.Endpoint("192.0.2.7", 5062), false, false);
    return Subscription.builder().id("s1").event("presence").eventId(null).callId("c1")
        .watcherUri("sip:bob@example.net").watcherTag("t1").resourceUri("sip:alice@example.com").localTag("l1")
        .remoteCseq(1).notifyCseq(notifyCseq).remoteTarget("sip:bob@192.0.2.7:5062").expiresAtMs(600_000)
        .flow(flow).handling(handling).watcherIdentity("sip:bob@example.net").createdAtMs(1).build();
  }
}
