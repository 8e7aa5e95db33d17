package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.AdminCommand;
import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceState;
import dev.herald.avro.Publish;
import dev.herald.avro.Subscribe;
import dev.herald.packages.conference.ConferenceLimits;
import dev.herald.packages.conference.ConferenceProvider;
import dev.herald.packages.conference.ConferenceSettings;
import dev.herald.testkit.TopologyHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conference package (RFC 4575) through the topology: per-watcher versions, partial state, reset. */
class ConferenceTopologyTest {

  private static final String CONF = "sip:conf42@example.com";
  private static final String RESOURCE = "conference|" + CONF;
  private static final String TYPE = "application/conference-info+xml";
  private static final Pattern VERSION = Pattern.compile("<conference-info [^>]*version=\"(\\d+)\"");

  @TempDir
  Path stateDir;

  private TopologyHarness harness;

  private void start(boolean partialState) {
    ProcessorConfig base = ProcessorConfig.defaults(stateDir);
    harness = ResourceHarness.of(base.withConference(new ConferenceSettings(partialState, ConferenceLimits.DEFAULTS)),
        stateDir);
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aNewWatcherGetsFullStateAndEveryChangeAsFullStateWithItsOwnVersion() {
    start(false);
    String tag = etag(publish(full(1, user("alice"))));
    assertThat(harness.send(RESOURCE, subscribe("w1")).getStatusCode()).isEqualTo(200);
    NotifyCommand first = only(harness.drain());
    assertThat(first.getContentType()).isEqualTo(TYPE);
    assertThat(version(first)).isEqualTo(1);
    assertThat(body(first)).contains("state=\"full\"", "sip:alice@example.com");

    publish(partial(2, user("bob")).setIfMatch(tag));
    NotifyCommand second = only(harness.drain());
    assertThat(version(second)).isEqualTo(2);
    assertThat(body(second)).as("partial state is off: the merged full state goes out")
        .contains("state=\"full\"", "sip:alice@example.com", "sip:bob@example.com");
  }

  @Test
  void withPartialStateAWatcherThatHasFullStateGetsThePartialDocumentNumberedNext() {
    start(true);
    String tag = etag(publish(full(7, user("alice"))));
    harness.send(RESOURCE, subscribe("early"));
    assertThat(version(only(harness.drain()))).isEqualTo(1);

    tag = etag(publish(partial(8, user("bob")).setIfMatch(tag)));
    NotifyCommand partial = only(harness.drain());
    assertThat(version(partial)).isEqualTo(2);
    assertThat(body(partial)).contains("state=\"partial\"", "sip:bob@example.com").doesNotContain("sip:alice@");

    harness.send(RESOURCE, subscribe("late"));
    NotifyCommand lateFirst = only(harness.drain());
    assertThat(version(lateFirst)).isEqualTo(1);
    assertThat(body(lateFirst)).as("a watcher joining late gets the merged full state")
        .contains("state=\"full\"", "sip:alice@example.com", "sip:bob@example.com");

    publish(partial(9, "<user entity=\"sip:alice@example.com\" state=\"deleted\"/>").setIfMatch(tag));
    List<NotifyCommand> both = harness.drain();
    assertThat(both).extracting(n -> n.getCallId() + "@" + version(n)).containsExactlyInAnyOrder("early@3", "late@2");
    assertThat(both).allSatisfy(n -> assertThat(body(n)).contains("state=\"partial\"", "state=\"deleted\""));
  }

  @Test
  void aPartialOutOfSequenceIsRefusedAndChangesNothing() {
    start(true);
    String tag = etag(publish(full(1, user("alice"))));
    harness.send(RESOURCE, subscribe("w1"));
    harness.drain();

    Decision refused = publish(partial(5, user("mallory")).setIfMatch(tag));
    assertThat(refused.getStatusCode()).isEqualTo(400);
    assertThat(refused.getReason()).contains("version 5 does not follow 1", "publish full state");
    assertThat(harness.drain()).isEmpty();

    Decision accepted = publish(partial(2, user("bob")).setIfMatch(tag));
    assertThat(accepted.getStatusCode()).as("the stored state is still version 1 under the same tag").isEqualTo(200);
    assertThat(body(only(harness.drain()))).contains("sip:bob@").doesNotContain("mallory");
  }

  @Test
  void aHostileDocumentIsRefusedWith400AndNothingIsStored() {
    start(false);
    Decision refused = publish(Publish.newBuilder(publishOf("<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM "
        + "\"file:///etc/passwd\">]>" + full(1, "<user entity=\"&x;\"/>"))));
    assertThat(refused.getStatusCode()).isEqualTo(400);
    harness.send(RESOURCE, subscribe("w1"));
    assertThat(body(only(harness.drain()))).as("the conference is still empty").doesNotContain("<user ");
  }

  @Test
  void aResetDropsThePublishedStateAndSendsEveryWatcherTheEmptyFullState() {
    start(true);
    String tag = etag(publish(full(1, user("alice") + user("bob"))));
    harness.send(RESOURCE, subscribe("w1"));
    harness.send(RESOURCE, subscribe("w2"));
    harness.drain();
    harness.presenceStates.readRecordsToList();

    assertThat(harness.send(RESOURCE, reset()).getStatusCode()).isEqualTo(200);
    List<NotifyCommand> notified = harness.drain();
    assertThat(notified).extracting(NotifyCommand::getCallId).containsExactlyInAnyOrder("w1", "w2");
    assertThat(notified).allSatisfy(n -> {
      assertThat(version(n)).isEqualTo(2);
      assertThat(body(n)).contains("state=\"full\"").doesNotContain("<user ");
    });
    List<TestRecord<String, PresenceState>> states = harness.presenceStates.readRecordsToList();
    assertThat(states).extracting(TestRecord::key).containsExactly(RESOURCE);
    assertThat(states.get(0).value()).as("nothing is published any more: a tombstone").isNull();

    assertThat(publish(partial(2, user("carol")).setIfMatch(tag)).getStatusCode())
        .as("the focus's tag is gone, so it publishes full state again").isEqualTo(412);
    assertThat(publish(full(1, user("carol"))).getStatusCode()).isEqualTo(200);
    assertThat(harness.drain()).allSatisfy(n -> assertThat(body(n)).contains("sip:carol@").doesNotContain("alice"));
  }

  @Test
  void aResetOfAConferenceWithoutStateStillResynchronisesItsWatchers() {
    start(false);
    harness.send(RESOURCE, subscribe("w1"));
    harness.drain();
    assertThat(harness.send(RESOURCE, reset()).getStatusCode()).isEqualTo(200);
    assertThat(version(only(harness.drain()))).isEqualTo(2);
  }

  @Test
  void anAdminCommandItDoesNotKnowIsRefused() {
    start(false);
    Decision refused = harness.send(RESOURCE, AdminCommand.newBuilder().setCommand("explode").setArgs(Map.of()).build());
    assertThat(refused.getStatusCode()).isEqualTo(400);
    Decision onPresence = harness.send("presence|" + CONF, reset());
    assertThat(onPresence.getStatusCode()).as("a conference reset means nothing to a presentity").isEqualTo(400);
  }

  private static AdminCommand reset() {
    return AdminCommand.newBuilder().setCommand(ConferenceProvider.RESET).setArgs(Map.of()).setOperator("test")
        .build();
  }

  private static String user(String name) {
    return "<user entity=\"sip:" + name + "@example.com\"><endpoint entity=\"sip:" + name + "@192.0.2.7\">"
        + "<status>connected</status></endpoint></user>";
  }

  private static String full(long version, String users) {
    return "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"" + CONF
        + "\" state=\"full\" version=\"" + version + "\"><users>" + users + "</users></conference-info>";
  }

  private static Publish.Builder partial(long version, String users) {
    return Publish.newBuilder(publishOf("<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\""
        + CONF + "\" state=\"partial\" version=\"" + version + "\"><users state=\"partial\">" + users
        + "</users></conference-info>"));
  }

  private Decision publish(String body) {
    return publish(Publish.newBuilder(publishOf(body)));
  }

  private Decision publish(Publish.Builder publish) {
    return harness.send(RESOURCE, publish.build());
  }

  private static Publish publishOf(String body) {
    return Publish.newBuilder().setEvent("conference").setCallId("focus").setFromUri(CONF).setExpires(3600)
        .setContentType(TYPE).setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))).build();
  }

  private static Subscribe subscribe(String callId) {
    return Subscribe.newBuilder().setEvent("conference").setCallId(callId).setFromUri("sip:" + callId + "@example.com")
        .setFromTag("tag-" + callId).setToUri(CONF).setCseq(1).setContact("sip:" + callId + "@192.0.2.20:5062")
        .setExpires(600).setTransport("udp").setSourceHost("192.0.2.20").setSourcePort(5062).build();
  }

  private static String etag(Decision decision) {
    assertThat(decision.getStatusCode()).as(decision.getReason()).isEqualTo(200);
    return TopologyHarness.headers(decision, "SIP-ETag").get(0);
  }

  private static NotifyCommand only(List<NotifyCommand> notifies) {
    assertThat(notifies).hasSize(1);
    return notifies.get(0);
  }

  private static long version(NotifyCommand notify) {
    Matcher matcher = VERSION.matcher(body(notify));
    assertThat(matcher.find()).as(body(notify)).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static String body(NotifyCommand notify) {
    ByteBuffer body = notify.getBody().duplicate();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
