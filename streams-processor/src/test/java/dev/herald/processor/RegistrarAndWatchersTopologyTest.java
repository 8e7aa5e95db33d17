package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Binding;
import dev.herald.avro.Decision;
import dev.herald.avro.IdentityCondition;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.avro.Registration;
import dev.herald.avro.SubHandling;
import dev.herald.avro.Subscribe;
import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.packages.presence.DerivedPresence;
import dev.herald.testkit.TopologyHarness;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The registrar (RFC 3261 §10.3), presence derived from registrations, authorization of watchers
 * (RFC 5025) and watcher information (RFC 3857, RFC 3858) through the topology, time advanced by hand.
 */
class RegistrarAndWatchersTopologyTest {

  private static final String PIDF_NS = "urn:ietf:params:xml:ns:pidf";
  private static final String WINFO_NS = "urn:ietf:params:xml:ns:watcherinfo";
  private static final String ALICE = "sip:alice@example.com";
  private static final String RESOURCE = "presence|" + ALICE;
  private static final String BOB = "sip:bob@example.com";
  private static final String MALLORY = "sip:mallory@elsewhere.net";
  private static final String DESK = "sip:alice@192.0.2.10:5060";
  private static final String MOBILE = "sip:alice@198.51.100.7:40000;transport=tcp";

  @TempDir
  Path stateDir;

  private TopologyHarness harness;
  private TopologyTestDriver driver;
  private TestInputTopic<String, PresenceRules> rules;
  private TestInputTopic<String, String> registrarEvents;
  private TopologyHarness.Wire<NotifyCommand> notifications;

  private void start(DerivedPresence derived, String defaultPolicy) {
    harness = ResourceHarness.of(ProcessorConfig.defaults(stateDir)
        .withRegistrar(new RegistrarSettings(60, 7200, 3600, 4, derived))
        .withDefaultPolicy(DomainPolicies.parse(defaultPolicy)), stateDir);
    driver = harness.driver;
    rules = harness.rules;
    registrarEvents = harness.registrarEvents;
    notifications = harness.notifications;
  }

  private void start() {
    start(DerivedPresence.FALLBACK, "*:same=allow,other=allow");
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Nested
  class Registering {

    @Test
    void aRegisterIsAnsweredWithEveryBindingAndItsSecondsLeft() {
      start();
      send(register("reg-1", 1, contact(DESK, 600)));
      harness.advance(Duration.ofSeconds(100));

      Decision ok = send(register("reg-2", 1, contact(MOBILE, 3600)));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(headers(ok, "Contact")).containsExactly("<" + DESK + ">;expires=500", "<" + MOBILE + ">;expires=3600");
    }

    @Test
    void aTooBriefRegisterGets423WithMinExpiresAndBindsNothing() {
      start();

      Decision tooBrief = send(register("reg-1", 1, contact(DESK, 10)));

      assertThat(tooBrief.getStatusCode()).isEqualTo(423);
      assertThat(headers(tooBrief, "Min-Expires")).containsExactly("60");
      assertThat(headers(send(register("reg-1", 2)), "Contact")).isEmpty();
    }

    @Test
    void theWildcardWithExpiresZeroRemovesEveryBinding() {
      start();
      send(register("reg-1", 1, contact(DESK, 600), contact(MOBILE, 600)));

      Decision ok = send(Registration.newBuilder(register("reg-9", 1).build()).setRemoveAll(true).setExpires(0));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(headers(ok, "Contact")).isEmpty();
    }

    @Test
    void aBindingThatIsNotRefreshedExpires() {
      start();
      send(register("reg-1", 1, contact(DESK, 60)));

      harness.advance(Duration.ofSeconds(61));

      assertThat(headers(send(register("reg-2", 1)), "Contact")).isEmpty();
    }
  }

  @Nested
  class DerivedFromRegistrations {

    @Test
    void aWatcherSeesOneOpenTuplePerBindingAndClosedWhenTheLastGoes() {
      start();
      subscribe(BOB, "call-1");
      assertThat(basics(notifications.readValue())).as("neither registered nor published").containsExactly("closed");

      send(register("reg-1", 1, contact(DESK, 600)));
      assertThat(basics(notifications.readValue())).containsExactly("open");

      send(register("reg-1", 2, contact(MOBILE, 120)));
      NotifyCommand two = notifications.readValue();
      assertThat(basics(two)).containsExactly("open", "open");
      assertThat(contacts(two)).containsExactly(DESK, MOBILE);

      send(register("reg-1", 3, contact(DESK, 0)));
      assertThat(contacts(notifications.readValue())).containsExactly(MOBILE);

      harness.advance(Duration.ofSeconds(121));
      assertThat(basics(notifications.readValue())).containsExactly("closed");
      assertThat(notifications.isEmpty()).isTrue();
    }

    @Test
    void aRefreshThatChangesNothingShownNotifiesNobody() {
      start();
      send(register("reg-1", 1, contact(DESK, 600)));
      subscribe(BOB, "call-1");
      notifications.readValue();

      send(register("reg-1", 2, contact(DESK, 600)));

      assertThat(notifications.isEmpty()).isTrue();
    }

    @Test
    void publishedStateWinsOverRegistrations() {
      start();
      send(register("reg-1", 1, contact(DESK, 600)));
      subscribe(BOB, "call-1");
      notifications.readValue();

      assertThat(send(publish(pidf("busy", "closed"))).getStatusCode()).isEqualTo(200);

      NotifyCommand notify = notifications.readValue();
      assertThat(tupleIds(notify)).containsExactly("busy");
      assertThat(basics(notify)).containsExactly("closed");
    }

    @Test
    void mergedRegistrationsShowBesidePublishedState() {
      start(DerivedPresence.MERGE, "*:same=allow,other=allow");
      send(register("reg-1", 1, contact(DESK, 600)));
      send(publish(pidf("busy", "closed")));

      subscribe(BOB, "call-1");

      assertThat(tupleIds(notifications.readValue())).hasSize(2).contains("busy");
    }

    @Test
    void switchedOffRegistrationsDoNotShow() {
      start(DerivedPresence.OFF, "*:same=allow,other=allow");
      send(register("reg-1", 1, contact(DESK, 600)));

      subscribe(BOB, "call-1");

      assertThat(tupleIds(notifications.readValue())).isEmpty();
    }

    @Test
    void anExternalRegistrarsEventsBindAndUnbindLikeRegisters() {
      start();
      subscribe(BOB, "call-1");
      notifications.readValue();

      registrarEvents.pipeInput("alice@example.com", """
          {"jsonrpc":"2.0","method":"E_UL_CONTACT_INSERT","params":{"aor":"alice@example.com",
           "uri":"sip:alice@203.0.113.5:5060","expires":600,"callid":"k1","cseq":1}}""");
      assertThat(contacts(notifications.readValue())).containsExactly("sip:alice@203.0.113.5:5060");

      registrarEvents.pipeInput("alice@example.com", """
          {"jsonrpc":"2.0","method":"E_UL_CONTACT_DELETE","params":{"aor":"alice@example.com",
           "uri":"sip:alice@203.0.113.5:5060","expires":0,"callid":"k1","cseq":2}}""");
      assertThat(basics(notifications.readValue())).containsExactly("closed");
    }
  }

  @Nested
  class ExternalRegistrarInput {

    @Test
    void anEventThatIsNotJsonOrNamesNoDomainIsLeftOutAndTheNextIsApplied() {
      start();
      subscribe(BOB, "call-1");
      notifications.readValue();

      registrarEvents.pipeInput("x", "{not json");
      registrarEvents.pipeInput("x", "{\"event\":\"E_UL_CONTACT_INSERT\",\"aor\":\"alice\",\"uri\":\"sip:a@192.0.2.1\"}");
      assertThat(notifications.isEmpty()).isTrue();

      registrarEvents.pipeInput("alice@example.com", """
          {"event":"E_UL_CONTACT_INSERT","aor":"alice@example.com","uri":"sip:alice@203.0.113.5","expires":600}""");
      assertThat(contacts(notifications.readValue())).containsExactly("sip:alice@203.0.113.5");
    }
  }

  @Nested
  class Authorizing {

    @Test
    void aBlockedWatcherIsRefusedWith403AndNothingIsKept() {
      start();
      rules.pipeInput(RESOURCE, rulesFor(rule("no-mallory", MALLORY, SubHandling.BLOCK)));

      Decision refused = send(watcherSubscribe(MALLORY, "call-1"));

      assertThat(refused.getStatusCode()).isEqualTo(403);
      assertThat(notifications.isEmpty()).isTrue();
    }

    @Test
    void aPolitelyBlockedWatcherSeesANeutralClosedDocumentWhateverIsPublished() {
      start();
      rules.pipeInput(RESOURCE, rulesFor(rule("quiet", MALLORY, SubHandling.POLITE_BLOCK)));
      send(publish(pidf("desk", "open")));

      assertThat(send(watcherSubscribe(MALLORY, "call-1")).getStatusCode()).isEqualTo(200);
      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getSubscriptionState()).startsWith("active;");
      assertThat(basics(notify)).containsExactly("closed");
      assertThat(tupleIds(notify)).doesNotContain("desk");

      send(publish(pidf("mobile", "open")));
      assertThat(notifications.isEmpty()).as("the neutral document never changes").isTrue();
    }

    @Test
    void aWatcherToConfirmStaysPendingWithoutStateUntilARuleAllowsIt() {
      start(DerivedPresence.FALLBACK, "*:same=allow,other=confirm");
      send(publish(pidf("desk", "open")));

      assertThat(send(watcherSubscribe(MALLORY, "call-1")).getStatusCode()).isEqualTo(200);
      NotifyCommand pending = notifications.readValue();
      assertThat(pending.getSubscriptionState()).startsWith("pending;expires=");
      assertThat(pending.getBody()).isNull();

      send(publish(pidf("mobile", "open")));
      assertThat(notifications.isEmpty()).as("a pending watcher learns nothing").isTrue();

      rules.pipeInput(RESOURCE, rulesFor(rule("ok-mallory", MALLORY, SubHandling.ALLOW)));
      NotifyCommand approved = notifications.readValue();
      assertThat(approved.getSubscriptionState()).startsWith("active;expires=");
      assertThat(tupleIds(approved)).containsExactly("desk", "mobile");
      assertThat(approved.getCseq()).isEqualTo(pending.getCseq() + 1);
    }

    @Test
    void theSameDomainIsAllowedByTheDefaultPolicyWhileOthersWait() {
      start(DerivedPresence.FALLBACK, "*:same=allow,other=confirm");

      send(watcherSubscribe(BOB, "call-1"));

      assertThat(notifications.readValue().getSubscriptionState()).startsWith("active;");
    }

    @Test
    void aRuleThatBlocksAnAllowedWatcherEndsItsSubscriptionAsRejected() {
      start();
      send(watcherSubscribe(MALLORY, "call-1"));
      notifications.readValue();

      rules.pipeInput(RESOURCE, rulesFor(rule("no-mallory", MALLORY, SubHandling.BLOCK)));

      NotifyCommand last = notifications.readValue();
      assertThat(last.getSubscriptionState()).isEqualTo("terminated;reason=rejected");
      assertThat(last.getBody()).isNull();
      send(publish(pidf("desk", "open")));
      assertThat(notifications.isEmpty()).isTrue();
    }

    @Test
    void theAuthenticatedIdentityIsJudgedNotTheFromHeader() {
      start();
      rules.pipeInput(RESOURCE, rulesFor(rule("no-mallory", MALLORY, SubHandling.BLOCK)));

      Decision refused = send(watcherSubscribe(BOB, "call-1").setAssertedIdentity(MALLORY));

      assertThat(refused.getStatusCode()).isEqualTo(403);
    }
  }

  @Nested
  class WatcherInformation {

    @Test
    void onlyThePresentityMayWatchItsWatchers() {
      start();

      assertThat(send(winfoSubscribe(BOB, "w-1")).getStatusCode()).isEqualTo(403);
    }

    @Test
    void theFirstDocumentIsFullAndEachChangeComesAsAPartialOneWithTheNextVersion() {
      start(DerivedPresence.FALLBACK, "*:same=allow,other=confirm");
      send(watcherSubscribe(BOB, "call-1"));
      notifications.readValue();

      assertThat(send(winfoSubscribe(ALICE, "w-1")).getStatusCode()).isEqualTo(200);
      NotifyCommand full = notifications.readValue();
      assertThat(full.getEvent()).isEqualTo("presence.winfo");
      assertThat(full.getContentType()).isEqualTo("application/watcherinfo+xml");
      Element fullDoc = winfo(full);
      assertThat(fullDoc.getAttribute("state")).isEqualTo("full");
      assertThat(fullDoc.getAttribute("version")).isEqualTo("0");
      assertThat(watchers(full)).containsExactly(BOB + " active subscribe");

      send(watcherSubscribe(MALLORY, "call-2"));
      List<NotifyCommand> afterMallory = drain();
      NotifyCommand partial = afterMallory.stream().filter(n -> n.getEvent().equals("presence.winfo")).findFirst()
          .orElseThrow();
      assertThat(winfo(partial).getAttribute("state")).isEqualTo("partial");
      assertThat(winfo(partial).getAttribute("version")).isEqualTo("1");
      assertThat(watchers(partial)).containsExactly(MALLORY + " pending subscribe");

      rules.pipeInput(RESOURCE, rulesFor(rule("ok-mallory", MALLORY, SubHandling.ALLOW)));
      NotifyCommand approved = drain().stream().filter(n -> n.getEvent().equals("presence.winfo")).findFirst()
          .orElseThrow();
      assertThat(winfo(approved).getAttribute("version")).isEqualTo("2");
      assertThat(watchers(approved)).containsExactly(MALLORY + " active approved");

      rules.pipeInput(RESOURCE, rulesFor(rule("no-mallory", MALLORY, SubHandling.BLOCK)));
      NotifyCommand rejected = drain().stream().filter(n -> n.getEvent().equals("presence.winfo")).findFirst()
          .orElseThrow();
      assertThat(watchers(rejected)).containsExactly(MALLORY + " terminated rejected");
    }

    @Test
    void aWatcherWhoseSubscriptionExpiresIsReportedAsTimedOut() {
      start();
      assertThat(send(winfoSubscribe(ALICE, "w-1").setExpires(3600)).getStatusCode()).isEqualTo(200);
      notifications.readValue();
      send(watcherSubscribe(BOB, "call-1").setExpires(60));
      drain();

      harness.advance(Duration.ofSeconds(61));

      NotifyCommand timedOut = drain().stream().filter(n -> n.getEvent().equals("presence.winfo")).findFirst()
          .orElseThrow();
      assertThat(watchers(timedOut)).containsExactly(BOB + " terminated timeout");
    }

    @Test
    void presenceChangesAreNotSentToWatcherInfoSubscribers() {
      start();
      send(winfoSubscribe(ALICE, "w-1"));
      notifications.readValue();

      send(publish(pidf("desk", "open")));

      assertThat(notifications.isEmpty()).isTrue();
    }
  }

  private static Binding contact(String uri, int expires) {
    return Binding.newBuilder().setContact(uri).setExpires(expires).build();
  }

  private static Registration.Builder register(String callId, long cseq, Binding... contacts) {
    return Registration.newBuilder().setAor(ALICE).setCallId(callId).setCseq(cseq).setBindings(List.of(contacts));
  }

  private static Subscribe.Builder watcherSubscribe(String watcher, String callId) {
    return Subscribe.newBuilder().setEvent("presence").setCallId(callId).setFromUri(watcher).setFromTag("tag-" + callId)
        .setToUri(ALICE).setCseq(1).setContact("sip:watcher@192.0.2.20:5062").setExpires(600).setTransport("udp")
        .setSourceHost("192.0.2.20").setSourcePort(5062);
  }

  private static Subscribe.Builder winfoSubscribe(String subscriber, String callId) {
    return watcherSubscribe(subscriber, callId).setEvent("presence.winfo");
  }

  private void subscribe(String watcher, String callId) {
    assertThat(send(watcherSubscribe(watcher, callId)).getStatusCode()).isEqualTo(200);
  }

  private static Publish.Builder publish(String body) {
    return Publish.newBuilder().setEvent("presence").setCallId("pub").setFromUri(ALICE).setExpires(3600)
        .setContentType("application/pidf+xml").setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String pidf(String tupleId, String basic) {
    return "<presence xmlns=\"" + PIDF_NS + "\" entity=\"" + ALICE + "\"><tuple id=\"" + tupleId + "\"><status><basic>"
        + basic + "</basic></status></tuple></presence>";
  }

  private static PresenceRule rule(String id, String watcher, SubHandling handling) {
    return PresenceRule.newBuilder().setId(id)
        .setIdentity(IdentityCondition.newBuilder().setOne(List.of(watcher)).build()).setSubHandling(handling).build();
  }

  private static PresenceRules rulesFor(PresenceRule... rules) {
    return PresenceRules.newBuilder().setPresentity(ALICE).setRules(List.of(rules)).setUpdatedAtMs(0).build();
  }

  private Decision send(Registration.Builder registration) {
    return send((Object) registration.build());
  }

  private Decision send(Subscribe.Builder subscribe) {
    return send((Object) subscribe.build());
  }

  private Decision send(Publish.Builder publish) {
    return send((Object) publish.build());
  }

  private Decision send(Object payload) {
    return harness.send(RESOURCE, payload);
  }

  private List<NotifyCommand> drain() {
    return harness.drain();
  }

  private static List<String> headers(Decision decision, String name) {
    return TopologyHarness.headers(decision, name);
  }

  private static Document parse(NotifyCommand notify) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      ByteBuffer body = notify.getBody().duplicate();
      byte[] bytes = new byte[body.remaining()];
      body.get(bytes);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    } catch (Exception e) {
      throw new AssertionError("NOTIFY body does not parse", e);
    }
  }

  private static List<String> texts(NotifyCommand notify, String ns, String element) {
    NodeList nodes = parse(notify).getElementsByTagNameNS(ns, element);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().strip());
    }
    return out;
  }

  private static List<String> basics(NotifyCommand notify) {
    return texts(notify, PIDF_NS, "basic");
  }

  private static List<String> contacts(NotifyCommand notify) {
    return texts(notify, PIDF_NS, "contact");
  }

  private static List<String> tupleIds(NotifyCommand notify) {
    NodeList tuples = parse(notify).getElementsByTagNameNS(PIDF_NS, "tuple");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < tuples.getLength(); i++) {
      ids.add(((Element) tuples.item(i)).getAttribute("id"));
    }
    return ids;
  }

  private static Element winfo(NotifyCommand notify) {
    return parse(notify).getDocumentElement();
  }

  /** Each watcher of a winfo document as "uri status event". */
  private static List<String> watchers(NotifyCommand notify) {
    NodeList nodes = parse(notify).getElementsByTagNameNS(WINFO_NS, "watcher");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element watcher = (Element) nodes.item(i);
      out.add(watcher.getTextContent().strip() + " " + watcher.getAttribute("status") + " " + watcher.getAttribute("event"));
    }
    return out;
  }
}
