package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.IdentityCondition;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.PresenceState;
import dev.herald.avro.PublicationSummary;
import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.SubHandling;
import dev.herald.avro.Subscribe;
import dev.herald.avro.WatchDemand;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.schemas.Topics;
import dev.herald.testkit.TopologyHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the processor does for a gateway (the XMPP one): it tells herald.watch-demand when a resource
 * of a gateway's domain gains its first watcher or loses its last, and keeps the gateway's standing
 * publication of a resource under the tag the gateway chose.
 */
class GatewayTopologyTest {

  private static final String PIDF = "application/pidf+xml";
  private static final String GATEWAY_DOMAIN = "xmpp.example.com";
  private static final String BOB = "sip:bob@" + GATEWAY_DOMAIN;
  private static final String RESOURCE = "presence|" + BOB;
  private static final String CAROL_RESOURCE = "presence|sip:carol@example.com";
  private static final String STANDING = "xmpp:gateway";

  @TempDir
  Path stateDir;

  private TopologyHarness harness;
  private TestOutputTopic<String, WatchDemand> demands;
  private int callCount;

  private void start(ProcessorConfig config) {
    harness = ResourceHarness.of(config, stateDir);
    demands = harness.driver.createOutputTopic(Topics.WATCH_DEMAND.name(), Topics.WATCH_DEMAND.keySerde().deserializer(),
        Topics.WATCH_DEMAND.valueSerde().deserializer());
  }

  private static ProcessorConfig.Builder gatewayed(Path dir) {
    return ProcessorConfig.builder(dir).gatewayDomains(Set.of(GATEWAY_DOMAIN));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Nested
  class WatchDemands {

    @BeforeEach
    void gatewayDomain() {
      start(gatewayed(stateDir).build());
    }

    @Test
    void theFirstWatcherOfAGatewayedResourceWritesItsDemand() {
      harness.advance(Duration.ofSeconds(5));

      subscribed(RESOURCE, "sip:alice@example.com", 3600);

      TestRecord<String, WatchDemand> written = demands.readRecord();
      assertThat(written.key()).isEqualTo(RESOURCE);
      assertThat(written.value()).isEqualTo(WatchDemand.newBuilder().setResource(RESOURCE).setEvent("presence")
          .setUri(BOB).setWatchers(1).setUpdatedAtMs(TopologyHarness.START.plusSeconds(5).toEpochMilli()).build());
      assertThat(demands.isEmpty()).isTrue();
    }

    @Test
    void aSecondWatcherAndARefreshWriteNothing() {
      Watcher alice = subscribed(RESOURCE, "sip:alice@example.com", 3600);
      demands.readRecord();

      subscribed(RESOURCE, "sip:dave@example.com", 3600);
      assertThat(harness.send(RESOURCE, alice.inDialog(2, 1800)).getStatusCode()).isEqualTo(200);

      assertThat(demands.isEmpty()).isTrue();
    }

    @Test
    void theLastUnsubscribeWritesATombstoneAndOnlyTheLast() {
      Watcher alice = subscribed(RESOURCE, "sip:alice@example.com", 3600);
      Watcher dave = subscribed(RESOURCE, "sip:dave@example.com", 3600);
      demands.readRecord();

      assertThat(harness.send(RESOURCE, alice.inDialog(2, 0)).getStatusCode()).isEqualTo(200);
      assertThat(demands.isEmpty()).as("dave still watches").isTrue();
      assertThat(harness.send(RESOURCE, dave.inDialog(2, 0)).getStatusCode()).isEqualTo(200);

      assertTombstone(demands.readRecord());
      assertThat(demands.isEmpty()).isTrue();
    }

    @Test
    void theLastSubscriptionExpiringWritesATombstoneAtItsExpiry() {
      Watcher alice = subscribed(RESOURCE, "sip:alice@example.com", 60);
      demands.readRecord();

      harness.advance(Duration.ofSeconds(alice.grantedSeconds() + 1));

      TestRecord<String, WatchDemand> tombstone = demands.readRecord();
      assertTombstone(tombstone);
      assertThat(tombstone.timestamp())
          .isEqualTo(TopologyHarness.START.plusSeconds(alice.grantedSeconds()).toEpochMilli());
    }

    @Test
    void aWatcherGivenUpAfterA481WritesATombstone() {
      Watcher alice = subscribed(RESOURCE, "sip:alice@example.com", 3600);
      demands.readRecord();

      harness.outcomes.pipeInput(RESOURCE, RequestEvent.newBuilder().setRequestId("outcome-1").setResource(RESOURCE)
          .setReplyPartition(-1).setReceivedAtMs(TopologyHarness.START.toEpochMilli())
          .setPayload(NotifyOutcome.newBuilder().setSubscriptionId(alice.subscriptionId()).setCseq(1)
              .setStatusCode(481).build())
          .build());

      assertTombstone(demands.readRecord());
    }

    @Test
    void aWatcherTheRulesNowBlockWritesATombstone() {
      subscribed(RESOURCE, "sip:alice@example.com", 3600);
      demands.readRecord();

      harness.rules.pipeInput(RESOURCE, PresenceRules.newBuilder().setPresentity(BOB).setUpdatedAtMs(0)
          .setRules(List.of(PresenceRule.newBuilder().setId("no-alice").setSubHandling(SubHandling.BLOCK)
              .setIdentity(IdentityCondition.newBuilder().setOne(List.of("sip:alice@example.com")).build()).build()))
          .build());

      assertTombstone(demands.readRecord());
    }

    @Test
    void aResourceOfAnotherDomainWritesNothing() {
      Watcher alice = subscribed(CAROL_RESOURCE, "sip:alice@example.com", 3600);
      harness.send(CAROL_RESOURCE, alice.inDialog(2, 0));

      assertThat(demands.isEmpty()).isTrue();
    }

    @Test
    void aFetchLeavesNoWatcherAndWritesNothing() {
      Decision fetched = harness.send(RESOURCE, subscribe(RESOURCE, "sip:alice@example.com", 0).build());

      assertThat(fetched.getStatusCode()).isEqualTo(200);
      assertThat(demands.isEmpty()).isTrue();
    }
  }

  @Nested
  class WithoutGatewayDomains {

    @Test
    void noResourceWritesADemand() {
      start(ProcessorConfig.defaults(stateDir));

      Watcher alice = subscribed(RESOURCE, "sip:alice@example.com", 3600);
      harness.send(RESOURCE, alice.inDialog(2, 0));

      assertThat(demands.isEmpty()).isTrue();
    }
  }

  @Nested
  class WithLocalDomains {

    private static final String ELSEWHERE = "presence|sip:zed@other.example.org";

    @BeforeEach
    void localDomains() {
      start(ProcessorConfig.builder(stateDir).localDomains(Set.of("example.com")).build());
    }

    @Test
    void aResourceOfADomainHeraldDoesNotServeIsDemandedOnItsFirstWatcherAndReleasedAfterItsLast() {
      Watcher alice = subscribed(ELSEWHERE, "sip:alice@example.com", 3600);

      TestRecord<String, WatchDemand> written = demands.readRecord();
      assertThat(written.key()).isEqualTo(ELSEWHERE);
      assertThat(written.value().getUri()).isEqualTo("sip:zed@other.example.org");
      harness.send(ELSEWHERE, alice.inDialog(2, 0));
      TestRecord<String, WatchDemand> released = demands.readRecord();
      assertThat(released.key()).isEqualTo(ELSEWHERE);
      assertThat(released.value()).isNull();
    }

    @Test
    void aResourceOfALocalDomainIsNeverDemanded() {
      subscribed(CAROL_RESOURCE, "sip:alice@example.com", 3600);

      assertThat(demands.isEmpty()).isTrue();
    }
  }

  @Nested
  class StandingPublications {

    private Watcher alice;

    @BeforeEach
    void watched() {
      start(gatewayed(stateDir).limits(new ResourceLimits(2, 10)).build());
      alice = subscribed(RESOURCE, "sip:alice@example.com", 3600);
      harness.presenceStates.readRecordsToList();
    }

    @Test
    void aStandingPublishCreatesThePublicationUnderItsTagAndTellsTheWatchers() {
      Decision created = harness.send(RESOURCE, standing(STANDING, "away", 3600).build());

      assertAcceptedUnderTheStandingTag(created, 3600);
      assertThat(publications()).singleElement().satisfies(p -> {
        assertThat(p.entityTag()).isEqualTo(STANDING);
        assertThat(text(p.body())).contains("away");
      });
      assertThat(notified(alice)).singleElement().satisfies(n -> assertThat(text(n.getBody())).contains("away"));
    }

    @Test
    void aGatewayThatAwaitsNoReplyStillPublishes() {
      harness.requests.pipeInput(RESOURCE, RequestEvent.newBuilder().setRequestId("xmpp-1").setResource(RESOURCE)
          .setReplyPartition(-1).setReceivedAtMs(TopologyHarness.START.toEpochMilli())
          .setPayload(standing(STANDING, "away", 3600).build()).build());

      assertThat(harness.replies.isEmpty()).isTrue();
      assertThat(publications()).extracting(Publication::entityTag).containsExactly(STANDING);
      assertThat(notified(alice)).hasSize(1);
    }

    @Test
    void aStandingPublishReplacesTheBodyAndExpiryUnderTheSameTag() {
      harness.send(RESOURCE, standing(STANDING, "away", 3600).build());
      notified(alice);
      harness.advance(Duration.ofSeconds(10));

      Decision replaced = harness.send(RESOURCE, standing(STANDING, "dnd", 1800).build());

      assertAcceptedUnderTheStandingTag(replaced, 1800);
      assertThat(publications()).singleElement().satisfies(p -> {
        assertThat(p.entityTag()).isEqualTo(STANDING);
        assertThat(text(p.body())).contains("dnd").doesNotContain("away");
        assertThat(p.expiresAtMs()).isEqualTo(TopologyHarness.START.plusSeconds(10 + 1800).toEpochMilli());
      });
      assertThat(notified(alice)).singleElement().satisfies(n -> assertThat(text(n.getBody())).contains("dnd"));
    }

    @Test
    void expiresZeroRemovesTheStandingPublicationAndTellsTheWatchers() {
      harness.send(RESOURCE, standing(STANDING, "away", 3600).build());
      notified(alice);
      harness.presenceStates.readRecordsToList();

      Decision removed = harness.send(RESOURCE, standing(STANDING, null, 0).build());

      assertThat(removed.getStatusCode()).isEqualTo(200);
      assertThat(TopologyHarness.headers(removed, "Expires")).containsExactly("0");
      assertThat(publications()).isEmpty();
      assertThat(notified(alice)).singleElement().satisfies(n -> assertThat(text(n.getBody())).doesNotContain("away"));
      assertThat(harness.presenceStates.readValue()).as("nothing published is a tombstone").isNull();
    }

    @Test
    void expiresZeroWithoutAStandingPublicationIsAnsweredOkAndChangesNothing() {
      Decision removed = harness.send(RESOURCE, standing(STANDING, null, 0).build());

      assertThat(removed.getStatusCode()).isEqualTo(200);
      assertThat(notified(alice)).isEmpty();
      assertThat(harness.presenceStates.isEmpty()).isTrue();
    }

    @Test
    void aStandingPublishWithoutBodyIsRefusedAsAnInitialPublishWithoutBody() {
      Decision refused = harness.send(RESOURCE, standing(STANDING, null, 3600).build());

      assertThat(refused.getStatusCode()).isEqualTo(400);
      assertThat(refused.getReason()).isEqualTo("Initial Publication Needs a Body");
      assertThat(publications()).isEmpty();
    }

    @Test
    void aStandingPublishIsCheckedAsAnyPublish() {
      Decision wrongType = harness.send(RESOURCE, standing(STANDING, "away", 3600).setContentType("text/plain").build());
      Decision notPidf = harness.send(RESOURCE, standing(STANDING, null, 3600).setContentType(PIDF)
          .setBody(ByteBuffer.wrap("<presence/>".getBytes(StandardCharsets.UTF_8))).build());

      assertThat(wrongType.getStatusCode()).isEqualTo(415);
      assertThat(notPidf.getStatusCode()).isEqualTo(400);
      assertThat(publications()).isEmpty();
    }

    @Test
    void aNewStandingPublicationCountsAgainstTheCapWhileAReplacementDoesNot() {
      harness.send(RESOURCE, standing(STANDING, "away", 3600).build());
      assertThat(harness.send(RESOURCE, sipPublish("open").build()).getStatusCode()).isEqualTo(200);

      Decision another = harness.send(RESOURCE, standing("xmpp:other", "away", 3600).build());
      Decision replaced = harness.send(RESOURCE, standing(STANDING, "dnd", 3600).build());
      Decision initial = harness.send(RESOURCE, sipPublish("closed").build());

      assertThat(another.getStatusCode()).isEqualTo(403);
      assertThat(another.getReason()).isEqualTo("Too Many Publications for This Resource");
      assertThat(replaced.getStatusCode()).isEqualTo(200);
      assertThat(initial.getStatusCode()).as("the standing publication takes a place").isEqualTo(403);
      assertThat(publications()).extracting(Publication::entityTag).contains(STANDING).hasSize(2);
    }

    @Test
    void aSipPublishNamingAStandingTagGets412AndChangesNothing() {
      harness.send(RESOURCE, standing(STANDING, "away", 3600).build());
      notified(alice);

      Decision modify = harness.send(RESOURCE, sipPublish("open").setIfMatch(STANDING).build());
      Decision remove = harness.send(RESOURCE, sipPublish(null).setIfMatch(STANDING).setExpires(0).build());

      assertThat(modify.getStatusCode()).isEqualTo(412);
      assertThat(remove.getStatusCode()).isEqualTo(412);
      assertThat(publications()).singleElement().satisfies(p -> assertThat(text(p.body())).contains("away"));
      assertThat(notified(alice)).isEmpty();
    }

    @Test
    void aStandingTagWithoutASourceBeforeAColonGets400() {
      for (String bad : List.of("gateway", ":gateway")) {
        Decision refused = harness.send(RESOURCE, standing(bad, "away", 3600).build());

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getReason()).isEqualTo("Standing Tag Needs a Source Before ':'");
      }
      assertThat(publications()).isEmpty();
    }

    @Test
    void thePresenceStateNamesTheGatewayAsTheSourceOfItsStandingPublication() {
      harness.send(RESOURCE, sipPublish("open").build());
      harness.send(RESOURCE, standing(STANDING, "away", 3600).build());

      List<PresenceState> states = harness.presenceStates.readValuesToList();
      assertThat(states.get(states.size() - 1).getPublications())
          .extracting(PublicationSummary::getSource).containsExactly("publish", "xmpp");
    }
  }

  /** A watcher's dialog: its Call-ID, tags and the subscription id its NOTIFYs are keyed by. */
  private record Watcher(String resource, String watcherUri, String callId, String toTag, String subscriptionId,
      int grantedSeconds) {

    Subscribe inDialog(long cseq, int expires) {
      return subscribe(resource, watcherUri, expires).setCallId(callId).setToTag(toTag).setCseq(cseq).build();
    }
  }

  private Watcher subscribed(String resource, String watcherUri, int expires) {
    String callId = "call-" + ++callCount;
    Decision ok = harness.send(resource, subscribe(resource, watcherUri, expires).setCallId(callId).build());
    assertThat(ok.getStatusCode()).isEqualTo(200);
    String subscriptionId = harness.notifications.readKeyValue().key;
    int granted = Integer.parseInt(TopologyHarness.headers(ok, "Expires").get(0));
    return new Watcher(resource, watcherUri, callId, ok.getToTag(), subscriptionId, granted);
  }

  /** The NOTIFYs of {@code watcher}'s dialog since the last look. */
  private List<NotifyCommand> notified(Watcher watcher) {
    return harness.drain().stream().filter(n -> n.getSubscriptionId().equals(watcher.subscriptionId())).toList();
  }

  private static Subscribe.Builder subscribe(String resource, String watcherUri, int expires) {
    return Subscribe.newBuilder().setEvent("presence").setCallId("call").setFromUri(watcherUri)
        .setFromTag(watcherUri.hashCode() + "-tag").setToUri(resource.substring(resource.indexOf('|') + 1))
        .setCseq(1).setContact(watcherUri + ";transport=tcp").setAccept(List.of(PIDF)).setExpires(expires)
        .setTransport("tcp").setSourceHost("192.0.2.20").setSourcePort(5062);
  }

  /** The gateway's publication of Bob's XMPP presence under {@code tag}. */
  private static Publish.Builder standing(String tag, String note, int expires) {
    return publish(note).setCallId("xmpp-gateway").setStandingTag(tag).setExpires(expires);
  }

  /** A SIP PUBLISH of Bob's presence. */
  private static Publish.Builder sipPublish(String note) {
    return publish(note).setCallId("sip-publish").setExpires(3600);
  }

  /** A PUBLISH of a PIDF document with {@code note} in a tuple of its own; a null {@code note} sends no body. */
  private static Publish.Builder publish(String note) {
    return Publish.newBuilder().setEvent("presence").setCallId("publish").setFromUri(BOB)
        .setContentType(note == null ? null : PIDF)
        .setBody(note == null ? null : ByteBuffer.wrap(pidf(note).getBytes(StandardCharsets.UTF_8)));
  }

  private static String pidf(String note) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="%s">
          <tuple id="t-%s"><status><basic>open</basic></status><note>%s</note></tuple>
        </presence>
        """.formatted(BOB, note, note);
  }

  private List<Publication> publications() {
    ResourceState state = ResourceHarness.stored(harness.driver, RESOURCE);
    return state == null ? List.of() : state.publications();
  }

  private static void assertAcceptedUnderTheStandingTag(Decision decision, int expires) {
    assertThat(decision.getStatusCode()).isEqualTo(200);
    assertThat(TopologyHarness.headers(decision, "SIP-ETag")).containsExactly(STANDING);
    assertThat(TopologyHarness.headers(decision, "Expires")).containsExactly(Integer.toString(expires));
  }

  private static void assertTombstone(TestRecord<String, WatchDemand> record) {
    assertThat(record.key()).isEqualTo(RESOURCE);
    assertThat(record.value()).as("a tombstone").isNull();
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static String text(ByteBuffer body) {
    ByteBuffer copy = body.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return text(bytes);
  }
}
