package dev.herald.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.IdentityCondition;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.PresenceState;
import dev.herald.avro.SubHandling;
import dev.herald.avro.XmppSubscription;
import dev.herald.avro.XmppSubscriptionState;
import dev.herald.packages.authorization.DomainPolicies;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

class GatewayCoreTest {

  private static final String BOB = "presence|sip:bob@xmpp.example.com";
  private static final String ALICE_URI = "sip:alice@example.com";
  private static final String ALICE = "presence|" + ALICE_URI;
  private static final JID COMPONENT = new JID(null, "sip.xmpp.example.com", null);
  private static final JID ALICE_JID = new JID("alice", "sip.xmpp.example.com", null);
  private static final JID CAROL = new JID("carol", "xmpp.example.com", "phone");

  /** What the core asked for, in order. */
  private static final class Recorded implements GatewayCore.Outbox {
    final List<Packet> sent = new ArrayList<>();
    final List<String> published = new ArrayList<>();
    final List<String> saved = new ArrayList<>();

    @Override
    public void send(Packet stanza) {
      sent.add(stanza);
    }

    @Override
    public void publish(String resourceKey, String entityUri, byte[] document) {
      published.add(resourceKey + " " + (document == null ? "removed" : new String(document, StandardCharsets.UTF_8)));
    }

    @Override
    public void save(XmppSubscription subscription) {
      saved.add(subscription.getSipUri() + " " + subscription.getJid() + " " + subscription.getState());
    }

    @Override
    public void forget(String sipUri, String jid) {
      saved.add(sipUri + " " + jid + " gone");
    }

    String lastPublished() {
      return published.get(published.size() - 1);
    }

    List<String> sentSummary() {
      return sent.stream().map(p -> {
        Presence presence = (Presence) p;
        return (presence.getType() == null ? "available" : presence.getType().name()) + " " + presence.getFrom()
            + ">" + presence.getTo() + (presence.getShow() == null ? "" : " " + presence.getShow())
            + (presence.getStatus() == null ? "" : " '" + presence.getStatus() + "'");
      }).toList();
    }
  }

  private final Recorded out = new Recorded();

  private GatewayCore core(String policy) {
    Addresses addresses = new Addresses(new XmppGatewayConfig.Domains(Set.of("xmpp.example.com"), "example.com"),
        "sip.xmpp.example.com");
    return new GatewayCore(addresses, DomainPolicies.parse(policy), out, () -> 1_000L, 4096);
  }

  private static Presence from(JID from, JID to, Presence.Type type) {
    Presence presence = new Presence(type);
    presence.setFrom(from);
    presence.setTo(to);
    return presence;
  }

  private static Presence available(String resource, Presence.Show show, String status) {
    Presence presence = from(new JID("bob", "xmpp.example.com", resource), COMPONENT, null);
    presence.setShow(show);
    presence.setStatus(status);
    return presence;
  }

  private static PresenceState composed(String pidfBody) {
    return PresenceState.newBuilder().setResource(ALICE).setEvent("presence").setContentType("application/pidf+xml")
        .setDocument(ByteBuffer.wrap(pidfBody.getBytes(StandardCharsets.UTF_8))).setUpdatedAtMs(1).build();
  }

  private static String openPidf(String note) {
    return "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + ALICE_URI + "\"><tuple id=\"a\"><status>"
        + "<basic>open</basic></status><note>" + note + "</note></tuple></presence>";
  }

  @Test
  void aWatchedContactShowsClosedUntilItsXmppPresenceArrivesAndThenFollowsIt() {
    GatewayCore core = core("");
    core.demand(BOB, true);
    assertThat(out.lastPublished()).startsWith(BOB).contains("<basic>closed</basic>");
    assertThat(out.sent).as("no stanza while the link is down").isEmpty();

    core.linkUp();
    assertThat(out.sentSummary()).containsExactly("subscribe sip.xmpp.example.com>bob@xmpp.example.com",
        "probe sip.xmpp.example.com>bob@xmpp.example.com");

    core.stanza(available("laptop", Presence.Show.away, "Lunch"));
    assertThat(out.lastPublished()).contains("<basic>open</basic>", "<rpid:away/>", "Lunch");

    core.stanza(from(new JID("bob", "xmpp.example.com", "laptop"), COMPONENT, Presence.Type.unavailable));
    assertThat(out.lastPublished()).contains("<basic>closed</basic>").doesNotContain("<basic>open</basic>");
  }

  @Test
  void theLastWatcherLeavingUnsubscribesAndRemovesThePublication() {
    GatewayCore core = core("");
    core.linkUp();
    core.demand(BOB, true);
    assertThat(out.sentSummary()).as("no probe racing the contact's approval")
        .containsExactly("subscribe sip.xmpp.example.com>bob@xmpp.example.com");
    out.sent.clear();
    core.demand(BOB, false);
    assertThat(out.lastPublished()).isEqualTo(BOB + " removed");
    assertThat(out.sentSummary()).containsExactly("unsubscribe sip.xmpp.example.com>bob@xmpp.example.com");

    int before = out.published.size();
    core.stanza(available("laptop", null, null));
    assertThat(out.published).as("an unwatched contact's presence goes nowhere").hasSize(before);
  }

  @Test
  void losingTheLinkShowsEveryContactWithKnownPresenceClosedNeverStale() {
    GatewayCore core = core("");
    core.demand(BOB, true);
    core.linkUp();
    core.stanza(available("laptop", null, "Here"));
    assertThat(out.lastPublished()).contains("<basic>open</basic>");
    core.linkDown();
    assertThat(out.lastPublished()).contains("<basic>closed</basic>").doesNotContain("Here");
    out.sent.clear();
    core.linkUp();
    assertThat(out.sentSummary()).as("subscribed again and probed after a reconnect")
        .containsExactly("subscribe sip.xmpp.example.com>bob@xmpp.example.com",
            "probe sip.xmpp.example.com>bob@xmpp.example.com");
  }

  @Test
  void aContactRefusingTheSubscriptionShowsClosed() {
    GatewayCore core = core("");
    core.demand(BOB, true);
    core.linkUp();
    core.stanza(available("laptop", null, null));
    core.stanza(from(new JID("bob", "xmpp.example.com", null), COMPONENT, Presence.Type.unsubscribed));
    assertThat(out.lastPublished()).contains("<basic>closed</basic>");
  }

  @Test
  void anAllowedXmppSubscriberIsApprovedAndFollowsTheSipUsersPresence() {
    GatewayCore core = core("");
    core.linkUp();
    core.sipPresence(ALICE, composed(openPidf("At my desk")));
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.subscribe));
    assertThat(out.saved).containsExactly(ALICE_URI + " carol@xmpp.example.com ACTIVE");
    assertThat(out.sentSummary()).containsExactly(
        "subscribed alice@sip.xmpp.example.com>carol@xmpp.example.com",
        "available alice@sip.xmpp.example.com>carol@xmpp.example.com 'At my desk'");

    out.sent.clear();
    core.sipPresence(ALICE, composed(openPidf("In a meeting")));
    assertThat(out.sentSummary()).containsExactly(
        "available alice@sip.xmpp.example.com>carol@xmpp.example.com 'In a meeting'");
    out.sent.clear();
    core.sipPresence(ALICE, composed(openPidf("In a meeting")));
    assertThat(out.sent).as("no stanza when nothing shown changed").isEmpty();
    core.sipPresence(ALICE, null);
    assertThat(out.sentSummary()).containsExactly("unavailable alice@sip.xmpp.example.com>carol@xmpp.example.com");
  }

  @Test
  void confirmLeavesTheSubscriptionPendingUntilARuleAllowsIt() {
    GatewayCore core = core("example.com:same=allow,other=confirm");
    core.linkUp();
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.subscribe));
    assertThat(out.saved).containsExactly(ALICE_URI + " carol@xmpp.example.com PENDING");
    assertThat(out.sent).as("a pending request gets no answer").isEmpty();

    core.stanza(from(CAROL, ALICE_JID, Presence.Type.probe));
    assertThat(out.sent).as("a pending subscriber learns nothing").isEmpty();

    core.rules(ALICE, rules(SubHandling.ALLOW, "sip:carol@xmpp.example.com"));
    assertThat(out.saved).last().isEqualTo(ALICE_URI + " carol@xmpp.example.com ACTIVE");
    assertThat(out.sentSummary()).containsExactly("subscribed alice@sip.xmpp.example.com>carol@xmpp.example.com",
        "unavailable alice@sip.xmpp.example.com>carol@xmpp.example.com");
  }

  @Test
  void blockRefusesAndAnActiveSubscriberIsDroppedWhenARuleBlocksIt() {
    GatewayCore core = core("*:other=block");
    core.linkUp();
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.subscribe));
    assertThat(out.sentSummary()).containsExactly("unsubscribed alice@sip.xmpp.example.com>carol@xmpp.example.com");
    assertThat(out.saved).containsExactly(ALICE_URI + " carol@xmpp.example.com gone");

    out.sent.clear();
    out.saved.clear();
    core.rules(ALICE, rules(SubHandling.ALLOW, "sip:carol@xmpp.example.com"));
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.subscribe));
    assertThat(out.saved).containsExactly(ALICE_URI + " carol@xmpp.example.com ACTIVE");
    out.sent.clear();
    core.rules(ALICE, null);
    assertThat(out.sentSummary()).containsExactly("unsubscribed alice@sip.xmpp.example.com>carol@xmpp.example.com");
    assertThat(out.saved).last().isEqualTo(ALICE_URI + " carol@xmpp.example.com gone");
  }

  @Test
  void politeBlockApprovesButShowsTheUserUnavailableWhateverItPublishes() {
    GatewayCore core = core("");
    core.rules(ALICE, rules(SubHandling.POLITE_BLOCK, "sip:carol@xmpp.example.com"));
    core.linkUp();
    core.sipPresence(ALICE, composed(openPidf("Here")));
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.subscribe));
    assertThat(out.sentSummary()).containsExactly("subscribed alice@sip.xmpp.example.com>carol@xmpp.example.com",
        "unavailable alice@sip.xmpp.example.com>carol@xmpp.example.com");
    out.sent.clear();
    core.sipPresence(ALICE, composed(openPidf("Still here")));
    assertThat(out.sent).isEmpty();
  }

  @Test
  void aProbeFromAStrangerIsAnsweredUnsubscribedAndFromASubscriberWithThePresence() {
    GatewayCore core = core("");
    core.linkUp();
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.probe));
    assertThat(out.sentSummary()).containsExactly("unsubscribed alice@sip.xmpp.example.com>carol@xmpp.example.com");
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.subscribe));
    out.sent.clear();
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.probe));
    assertThat(out.sentSummary()).containsExactly("unavailable alice@sip.xmpp.example.com>carol@xmpp.example.com/phone");
  }

  @Test
  void anUnsubscribeEndsTheSubscription() {
    GatewayCore core = core("");
    core.linkUp();
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.subscribe));
    out.sent.clear();
    core.stanza(from(CAROL, ALICE_JID, Presence.Type.unsubscribe));
    assertThat(out.saved).last().isEqualTo(ALICE_URI + " carol@xmpp.example.com gone");
    assertThat(core.xmppSubscribers()).isZero();
    core.sipPresence(ALICE, composed(openPidf("Back")));
    assertThat(out.sentSummary()).containsExactly("unavailable alice@sip.xmpp.example.com>carol@xmpp.example.com");
  }

  @Test
  void subscriptionsReadBackAtStartAreServedWhenTheLinkComesUp() {
    GatewayCore core = core("");
    core.restored("ignored", new XmppSubscription(ALICE_URI, "carol@xmpp.example.com", XmppSubscriptionState.ACTIVE, 1L));
    core.restored("ignored", new XmppSubscription(ALICE_URI, "dave@xmpp.example.com", XmppSubscriptionState.ACTIVE, 1L));
    core.restored(GatewayCore.subscriptionKey(ALICE_URI, "dave@xmpp.example.com"), null);
    core.sipPresence(ALICE, composed(openPidf("Here")));
    assertThat(out.sent).isEmpty();
    core.linkUp();
    assertThat(out.sentSummary()).containsExactly("available alice@sip.xmpp.example.com>carol@xmpp.example.com 'Here'");
  }

  @Test
  void refreshingRepublishesEveryWatchedContact() {
    GatewayCore core = core("");
    core.demand(BOB, true);
    core.demand("presence|sip:erin@xmpp.example.com", true);
    core.demand("presence|sip:frank@elsewhere.example.com", true);
    out.published.clear();
    core.refreshPublications();
    assertThat(out.published).hasSize(2);
  }

  @Test
  void aStatusTextLongerThanABodyMayBeIsDroppedAndThePresenceStillShown() {
    GatewayCore core = core("");
    core.demand(BOB, true);
    core.linkUp();
    core.stanza(available("laptop", Presence.Show.dnd, "x".repeat(100_000)));
    assertThat(out.lastPublished()).contains("<basic>open</basic>", "<rpid:busy/>").doesNotContain("xxxx");
    assertThat(out.lastPublished().length()).isLessThan(4096 + BOB.length() + 1);
  }

  private static PresenceRules rules(SubHandling handling, String watcher) {
    return new PresenceRules(ALICE_URI, List.of(new PresenceRule("r1",
        new IdentityCondition(List.of(watcher), List.of()), handling)), "api", 1L);
  }
}
