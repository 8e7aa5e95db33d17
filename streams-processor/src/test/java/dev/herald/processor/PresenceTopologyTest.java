package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.PresenceState;
import dev.herald.avro.PublicationSummary;
import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.packages.presence.DerivedPresence;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.state.ResourceStore;
import dev.herald.testkit.TopologyHarness;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The presence package end to end through the topology (RFC 3856, RFC 3903, RFC 6665): every
 * decision on herald.replies, every NOTIFY on herald.notifications and the composed document on
 * herald.presence-state. Time is the driver's wall clock, advanced by hand; the expiry
 * punctuator runs every 250 ms of it.
 */
class PresenceTopologyTest {

  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  private static final String PIDF_NS = "urn:ietf:params:xml:ns:pidf";
  private static final String PIDF = "application/pidf+xml";

  private static final String ALICE = "sip:alice@example.com";
  private static final String RESOURCE = "presence|" + ALICE;
  private static final String HERALD_CONTACT = "sip:herald@127.0.0.1:5060";

  private static final String WATCHER = "sip:bob@example.com";
  private static final String WATCHER_TAG = "bob-tag";
  private static final String WATCHER_CONTACT = "sip:bob@192.0.2.20:5062;transport=tcp";
  private static final List<String> RECORD_ROUTE = List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");

  private static final String DESK_PHONE = pidf("desk", "open", "sip:alice@192.0.2.10");
  private static final String DESK_PHONE_CLOSED = pidf("desk", "closed", "sip:alice@192.0.2.10");
  private static final String SOFTPHONE = pidf("soft", "open", "sip:alice@198.51.100.7;transport=tls");

  // Defaults of PresenceSettings.defaults: subscribe 60..3600 (600), publish 60..7200 (3600), 10 %, 3 failures.
  private static final int SUBSCRIBE_MIN = 60;
  private static final int SUBSCRIBE_MAX = 3600;
  private static final int SUBSCRIBE_DEFAULT = 600;
  private static final int REDUCTION_PERCENT = 10;

  @TempDir
  Path stateDir;

  private TopologyHarness harness;
  private TopologyTestDriver driver;
  private TestInputTopic<String, RequestEvent> requests;
  private TestInputTopic<String, RequestEvent> outcomes;
  private TopologyHarness.Wire<Decision> replies;
  private TopologyHarness.Wire<NotifyCommand> notifications;
  private TestOutputTopic<String, PresenceState> presenceStates;
  private int requestCount;

  @BeforeEach
  void start() {
    // The PUBLISH package alone: presence derived from registrations has its own test.
    startHarness(ProcessorConfig.defaults(stateDir), stateDir);
  }

  private void startHarness(ProcessorConfig defaults, Path dir) {
    harness = ResourceHarness.of(defaults.withRegistrar(new RegistrarSettings(60, 7200, 3600, 16,
        DerivedPresence.OFF)), dir);
    driver = harness.driver;
    requests = harness.requests;
    outcomes = harness.outcomes;
    replies = harness.replies;
    notifications = harness.notifications;
    presenceStates = harness.presenceStates;
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** What a request writes to the stores' changelogs: each subscription is a record of its own. */
  @Nested
  class Storage {

    private static final int CROWD = 50;
    private TestOutputTopic<String, byte[]> resourcesChangelog;
    private TestOutputTopic<String, byte[]> subscriptionsChangelog;

    @BeforeEach
    void crowd() {
      resourcesChangelog = changelog(ResourceTopology.RESOURCES_STORE);
      subscriptionsChangelog = changelog(ResourceTopology.SUBSCRIPTIONS_STORE);
      for (int i = 0; i < CROWD; i++) {
        subscribed("crowd-" + i, 3600);
      }
      published(DESK_PHONE);
      notifications.readValuesToList();
      resourcesChangelog.readRecordsToList();
      subscriptionsChangelog.readRecordsToList();
    }

    private TestOutputTopic<String, byte[]> changelog(String store) {
      return driver.createOutputTopic(ProcessorState.changelog(ProcessorConfig.DEFAULT_APPLICATION_ID, store),
          new org.apache.kafka.common.serialization.StringDeserializer(),
          new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    @Test
    void aNewSubscriptionToACrowdedResourceWritesItsOwnRecordAndNothingOfTheOthers() {
      Dialog newcomer = subscribed("newcomer", 3600);

      assertThat(subscriptionsChangelog.readKeyValuesToList()).singleElement().satisfies(written -> {
        assertThat(written.key).isEqualTo(ResourceStore.subscriptionKey(RESOURCE, newcomer.subscriptionId()));
        assertThat(written.value).as("one subscription, not fifty-one").hasSizeLessThan(1024);
      });
      assertThat(resourcesChangelog.isEmpty()).as("publications unchanged, not written again").isTrue();
    }

    @Test
    void aRefreshAndAnUnsubscribeWriteOnlyTheirOwnSubscription() {
      Dialog first = subscribed("first", 3600);
      subscriptionsChangelog.readRecordsToList();

      assertThat(send(first.inDialog(2).setExpires(1800)).getStatusCode()).isEqualTo(200);
      assertThat(subscriptionsChangelog.readKeyValuesToList()).extracting(kv -> kv.key)
          .containsExactly(ResourceStore.subscriptionKey(RESOURCE, first.subscriptionId()));

      assertThat(send(first.inDialog(3).setExpires(0)).getStatusCode()).isEqualTo(200);
      assertThat(subscriptionsChangelog.readKeyValuesToList()).singleElement().satisfies(removed -> {
        assertThat(removed.key).isEqualTo(ResourceStore.subscriptionKey(RESOURCE, first.subscriptionId()));
        assertThat(removed.value).as("a tombstone").isNull();
      });
      assertThat(resourcesChangelog.isEmpty()).isTrue();
    }

    @Test
    void aPublishWritesThePublicationAndTheNotifyCseqOfEachWatcherItNotified() {
      published(SOFTPHONE);

      assertThat(notifications.readValuesToList()).hasSize(CROWD);
      assertThat(resourcesChangelog.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(RESOURCE);
      assertThat(subscriptionsChangelog.readKeyValuesToList()).hasSize(CROWD);
      assertThat(resourceState().subscriptions()).hasSize(CROWD)
          .as("the first NOTIFY, the desk phone's, the softphone's")
          .allSatisfy(watcher -> assertThat(watcher.notifyCseq()).isEqualTo(3));
      assertThat(resourceState().publications()).hasSize(2);
    }
  }

  @Nested
  class Limits {

    @BeforeEach
    void twoOfEach() {
      harness.close();
      Path limited = stateDir.resolve("limited");
      startHarness(ProcessorConfig.defaults(limited).withLimits(new ResourceLimits(2, 2)), limited);
    }

    @Test
    void anInitialPublishBeyondTheCapIsRefused403AndChangesNothing() {
      Dialog dialog = subscribed("call-1", 1800);
      String desk = published(DESK_PHONE);
      published(SOFTPHONE);
      notifications.readValuesToList();
      presenceStates.readValuesToList();

      Decision refused = send(initialPublish(pidf("third", "open", "sip:alice@203.0.113.5"), 3600));

      assertThat(refused.getStatusCode()).isEqualTo(403);
      assertThat(refused.getReason()).isEqualTo("Too Many Publications for This Resource");
      assertThat(TopologyHarness.headers(refused, "SIP-ETag")).isEmpty();
      assertThat(notifications.isEmpty()).as("watchers see nothing new").isTrue();
      assertThat(presenceStates.isEmpty()).isTrue();

      assertThat(send(modifyPublish(desk, DESK_PHONE_CLOSED)).getStatusCode())
          .as("the publications held may still change").isEqualTo(200);
      assertThat(notifications.readValue().getSubscriptionId()).isEqualTo(dialog.subscriptionId());
    }

    @Test
    void aPublicationRemovedOrExpiredMakesRoomForAnother() {
      String desk = published(DESK_PHONE, 60);
      published(SOFTPHONE);
      assertThat(send(initialPublish(DESK_PHONE, 3600)).getStatusCode()).isEqualTo(403);

      harness.advance(Duration.ofSeconds(61));

      assertThat(send(initialPublish(DESK_PHONE, 3600)).getStatusCode()).as("the desk phone's expired").isEqualTo(200);
      assertThat(send(initialPublish(DESK_PHONE, 3600)).getStatusCode()).isEqualTo(403);
      assertThat(desk).isNotBlank();
    }

    @Test
    void aNewSubscribeBeyondTheCapIsRefused403WithoutANotifyWhileRefreshesAndFetchesGoOn() {
      Dialog first = subscribed("call-1", 1800);
      subscribed("call-2", 1800);

      Decision refused = send(subscribe("call-3").setExpires(1800));

      assertThat(refused.getStatusCode()).isEqualTo(403);
      assertThat(refused.getReason()).isEqualTo("Too Many Watchers of This Resource");
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(send(first.inDialog(2).setExpires(1800)).getStatusCode()).isEqualTo(200);
      assertThat(notifications.readValue().getSubscriptionId()).isEqualTo(first.subscriptionId());
      assertThat(send(subscribe("call-4").setExpires(0)).getStatusCode()).as("a fetch holds nothing").isEqualTo(200);

      assertThat(send(first.inDialog(3).setExpires(0)).getStatusCode()).isEqualTo(200);
      notifications.readValuesToList();
      assertThat(send(subscribe("call-5").setExpires(1800)).getStatusCode()).as("an ended dialog made room")
          .isEqualTo(200);
    }
  }

  @Nested
  class Subscribing {

    @Test
    void anInitialSubscribeIsAcceptedWithAToTagAnExpiryWithinBoundsAndHeraldsContact() {
      Decision ok = send(subscribe("call-1").setExpires(1800));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(ok.getToTag()).isNotBlank();
      assertThat(expires(ok)).isBetween(reduced(1800), 1800);
      // The watcher of these tests subscribes over TCP: Herald's Contact says so (RFC 3261 §12.1.1).
      assertThat(header(ok, "Contact")).isEqualTo("<" + HERALD_CONTACT + ";transport=tcp>");
    }

    @Test
    void anInitialSubscribeIsNotifiedAtOnceWithTheCurrentStateOnTheNewDialog() {
      Decision ok = send(subscribe("call-1").setExpires(1800).setEventId("7"));
      int granted = expires(ok);

      KeyValue<String, NotifyCommand> record = notifications.readKeyValue();
      NotifyCommand notify = record.value;
      assertThat(record.key).isEqualTo(notify.getSubscriptionId());
      assertThat(notify.getResource()).isEqualTo(RESOURCE);
      assertThat(notify.getCseq()).isEqualTo(1);
      assertThat(notify.getEvent()).isEqualTo("presence");
      assertThat(notify.getEventId()).isEqualTo("7");
      assertThat(notify.getSubscriptionState()).isEqualTo("active;expires=" + granted);
      assertThat(notify.getRequestUri()).isEqualTo(WATCHER_CONTACT);
      assertThat(notify.getRouteSet()).containsExactlyElementsOf(RECORD_ROUTE);
      assertThat(notify.getCallId()).isEqualTo("call-1");
      assertThat(notify.getFromUri()).isEqualTo(ALICE);
      assertThat(notify.getFromTag()).isEqualTo(ok.getToTag());
      assertThat(notify.getToUri()).isEqualTo(WATCHER);
      assertThat(notify.getToTag()).isEqualTo(WATCHER_TAG);
      assertThat(notify.getContact()).isEqualTo(HERALD_CONTACT + ";transport=tcp");
      assertThat(notify.getContentType()).isEqualTo(PIDF);
      assertThat(entity(notify.getBody())).isEqualTo(ALICE);
      assertThat(tupleIds(notify.getBody())).as("nobody has published").isEmpty();
      assertThat(text(notify.getBody())).doesNotContain("open");
      assertThat(notify.getDestinationHost()).as("a route set decides where the NOTIFY goes").isNull();
      assertThat(notifications.isEmpty()).isTrue();
    }

    @Test
    void aSubscribeOverUdpWithoutARouteSetPinsItsNotifiesToTheFlowItCameOn() {
      send(subscribe("call-1").setExpires(1800).setRouteSet(List.of()).setTransport("udp"));

      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getRouteSet()).isEmpty();
      assertThat(notify.getTransport()).isEqualTo("udp");
      assertThat(notify.getDestinationHost()).isEqualTo("192.0.2.20");
      assertThat(notify.getDestinationPort()).isEqualTo(5062);
    }

    @Test
    void aRequestedExpiryAboveTheMaximumIsGrantedTheMaximumLessTheReduction() {
      Decision ok = send(subscribe("call-1").setExpires(86_400));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(expires(ok)).isBetween(reduced(SUBSCRIBE_MAX), SUBSCRIBE_MAX);
      assertThat(notifications.readValue().getSubscriptionState()).isEqualTo("active;expires=" + expires(ok));
    }

    @Test
    void aRequestedExpiryBelowTheMinimumGets423WithMinExpiresAndNoSubscription() {
      Decision tooBrief = send(subscribe("call-1").setExpires(10));

      assertThat(tooBrief.getStatusCode()).isEqualTo(423);
      assertThat(header(tooBrief, "Min-Expires")).isEqualTo(Integer.toString(SUBSCRIBE_MIN));
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(resourceState()).isNull();
    }

    @Test
    void aSubscribeWithoutExpiresIsGrantedTheDefault() {
      Decision ok = send(subscribe("call-1").setExpires(null));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(expires(ok)).isBetween(reduced(SUBSCRIBE_DEFAULT), SUBSCRIBE_DEFAULT);
    }

    @Test
    void aRetransmittedSubscribeGetsTheSameAnswerWithTheSameNotifyAndNoNewOne() {
      Subscribe initial = subscribe("call-1").setExpires(1800).build();
      Decision first = send("sub-1", initial);
      NotifyCommand firstNotify = notifications.readValue();
      harness.advance(Duration.ofSeconds(1));

      Decision again = send("sub-1", initial);

      // An edge that lost the first answer (its deadline passed) sends the same NOTIFY, same CSeq.
      assertThat(again).isEqualTo(first);
      assertThat(again.getNotifies()).containsExactly(firstNotify);
      assertThat(notifications.readValue()).isEqualTo(firstNotify);
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(resourceState().subscriptions()).hasSize(1);
    }

    @Test
    void aRefreshInsideTheDialogIsAcceptedAndNotifiedWithTheNextCseqAtTheNewContact() {
      Dialog dialog = subscribed("call-1", 1800);
      harness.advance(Duration.ofSeconds(100));

      Decision ok = send(dialog.inDialog(2).setExpires(1800).setContact("sip:bob@192.0.2.99:5062;transport=tcp"));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(ok.getToTag()).isEqualTo(dialog.toTag());
      assertThat(expires(ok)).isBetween(reduced(1800), 1800);
      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getSubscriptionId()).isEqualTo(dialog.subscriptionId());
      assertThat(notify.getCseq()).isEqualTo(2);
      assertThat(notify.getSubscriptionState()).isEqualTo("active;expires=" + expires(ok));
      assertThat(notify.getRequestUri()).as("a refresh updates the remote target")
          .isEqualTo("sip:bob@192.0.2.99:5062;transport=tcp");
    }

    @Test
    void aRefreshOfADialogHeraldDoesNotKnowGets481() {
      Decision unknown = send(subscribe("call-1").setToTag("never-given").setCseq(2).setExpires(1800));

      assertThat(unknown.getStatusCode()).isEqualTo(481);
      assertThat(notifications.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 0})
    void aRefreshWhoseCseqIsNotAboveTheLastGets500AndChangesNothing(long cseq) {
      Dialog dialog = subscribed("call-1", 1800);

      Decision outOfOrder = send(dialog.inDialog(cseq).setExpires(1800));

      assertThat(outOfOrder.getStatusCode()).isEqualTo(500);
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(send(dialog.inDialog(2).setExpires(1800)).getStatusCode()).isEqualTo(200);
    }

    @Test
    void anUnsubscribeIsAcceptedWithAFinalTerminatedNotifyAndEndsTheDialog() {
      Dialog dialog = subscribed("call-1", 1800);

      Decision ok = send(dialog.inDialog(2).setExpires(0));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(header(ok, "Expires")).isEqualTo("0");
      NotifyCommand last = notifications.readValue();
      assertThat(last.getSubscriptionId()).isEqualTo(dialog.subscriptionId());
      assertThat(last.getCseq()).isEqualTo(2);
      assertThat(last.getSubscriptionState()).isEqualTo("terminated;reason=timeout");
      assertThat(notifications.isEmpty()).isTrue();

      assertThat(send(dialog.inDialog(3).setExpires(1800)).getStatusCode()).isEqualTo(481);
      assertThat(notifications.isEmpty()).isTrue();
    }

    @Test
    void aFetchGetsOneTerminatedNotifyAndLeavesNoSubscription() {
      Decision ok = send(subscribe("call-1").setExpires(0));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(ok.getToTag()).isNotBlank();
      assertThat(header(ok, "Expires")).isEqualTo("0");
      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getCseq()).isEqualTo(1);
      assertThat(notify.getFromTag()).isEqualTo(ok.getToTag());
      assertThat(notify.getSubscriptionState()).isEqualTo("terminated;reason=timeout");
      assertThat(tupleIds(notify.getBody())).isEmpty();
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(resourceState()).isNull();

      assertThat(send(initialPublish(DESK_PHONE, 3600)).getStatusCode()).isEqualTo(200);
      assertThat(notifications.isEmpty()).as("nobody watches").isTrue();
    }

    @Test
    void aFetchSeesWhatIsPublished() {
      send(initialPublish(DESK_PHONE, 3600));

      send(subscribe("call-1").setExpires(0));

      assertThat(tupleIds(notifications.readValue().getBody())).containsExactly("desk");
    }

    @Test
    void aSubscriptionThatIsNotRefreshedEndsWithATimeoutNotifyWithinASecondOfItsExpiry() {
      Dialog dialog = subscribed("call-1", SUBSCRIBE_MIN);

      harness.advance(Duration.ofSeconds(dialog.granted()).minusMillis(500));
      assertThat(notifications.isEmpty()).as("not yet expired").isTrue();

      harness.advance(Duration.ofMillis(1500));
      NotifyCommand last = notifications.readValue();
      assertThat(last.getSubscriptionId()).isEqualTo(dialog.subscriptionId());
      assertThat(last.getCseq()).isEqualTo(2);
      assertThat(last.getSubscriptionState()).isEqualTo("terminated;reason=timeout");
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(resourceState()).isNull();

      assertThat(send(dialog.inDialog(2).setExpires(1800)).getStatusCode()).isEqualTo(481);
    }

    @Test
    void aRefreshedSubscriptionLivesOnPastItsFirstExpiry() {
      Dialog dialog = subscribed("call-1", SUBSCRIBE_MIN);
      harness.advance(Duration.ofSeconds(30));
      Decision ok = send(dialog.inDialog(2).setExpires(1800));
      notifications.readValue();

      harness.advance(Duration.ofSeconds(dialog.granted() + 1));

      assertThat(notifications.isEmpty()).isTrue();
      assertThat(expires(ok)).isGreaterThan(dialog.granted());
    }

    @Test
    void anotherEventPackageGets489() {
      requests.pipeInput("dialog|" + ALICE, RequestEvent.newBuilder(request("sub-1", subscribe("call-1").build()))
          .setResource("dialog|" + ALICE).build());

      assertThat(replies.readValue().getStatusCode()).isEqualTo(489);
      assertThat(notifications.isEmpty()).isTrue();
    }
  }

  @Nested
  class Publishing {

    @Test
    void anInitialPublishIsAcceptedWithAnEntityTagNotifiedToWatchersAndComposedOntoThePresenceState() {
      Dialog dialog = subscribed("call-1", 1800);

      Decision ok = send(initialPublish(DESK_PHONE, 3600));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(header(ok, "SIP-ETag")).isNotBlank();
      assertThat(header(ok, "Expires")).isEqualTo("3600");
      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getSubscriptionId()).isEqualTo(dialog.subscriptionId());
      assertThat(notify.getCseq()).isEqualTo(2);
      assertThat(notify.getSubscriptionState()).isEqualTo("active;expires=" + dialog.granted());
      assertThat(tupleIds(notify.getBody())).containsExactly("desk");
      assertThat(basics(notify.getBody())).containsExactly("open");
      assertThat(notifications.isEmpty()).isTrue();

      KeyValue<String, PresenceState> state = presenceStates.readKeyValue();
      assertThat(state.key).isEqualTo(RESOURCE);
      assertThat(state.value.getResource()).isEqualTo(RESOURCE);
      assertThat(state.value.getEvent()).isEqualTo("presence");
      assertThat(state.value.getContentType()).isEqualTo(PIDF);
      assertThat(entity(state.value.getDocument())).isEqualTo(ALICE);
      assertThat(tupleIds(state.value.getDocument())).containsExactly("desk");
      assertThat(state.value.getPublications()).singleElement().satisfies(publication -> {
        assertThat(publication.getEntityTag()).isEqualTo(header(ok, "SIP-ETag"));
        assertThat(publication.getExpiresAtMs()).isEqualTo(START.plusSeconds(3600).toEpochMilli());
        assertThat(text(publication.getBody())).isEqualTo(DESK_PHONE);
      });
      assertThat(presenceStates.isEmpty()).isTrue();
    }

    @Test
    void aPublishLongerThanTheMaximumIsGrantedTheMaximum() {
      Decision ok = send(initialPublish(DESK_PHONE, 86_400));

      assertThat(header(ok, "Expires")).isEqualTo("7200");
    }

    @Test
    void aPublishWithoutExpiresIsGrantedTheDefault() {
      Decision ok = send(initialPublish(DESK_PHONE, 3600).setExpires(null));

      assertThat(header(ok, "Expires")).isEqualTo("3600");
    }

    @Test
    void aPublishBelowTheMinimumExpiryGets423WithMinExpires() {
      Decision tooBrief = send(initialPublish(DESK_PHONE, 10));

      assertThat(tooBrief.getStatusCode()).isEqualTo(423);
      assertThat(header(tooBrief, "Min-Expires")).isEqualTo("60");
      assertThat(resourceState()).isNull();
    }

    @Test
    void aRefreshGetsANewEntityTagAndSendsNoNotifyForAnUnchangedDocument() {
      subscribed("call-1", 1800);
      String tag = published(DESK_PHONE);
      notifications.readValue();
      presenceStates.readValue();
      harness.advance(Duration.ofSeconds(60));

      Decision ok = send(refreshPublish(tag, 3600));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(header(ok, "SIP-ETag")).isNotBlank().isNotEqualTo(tag);
      assertThat(header(ok, "Expires")).isEqualTo("3600");
      assertThat(notifications.isEmpty()).isTrue();
      PresenceState state = presenceStates.readValue();
      assertThat(tupleIds(state.getDocument())).containsExactly("desk");
      assertThat(state.getPublications()).singleElement().satisfies(publication -> {
        assertThat(publication.getEntityTag()).as("the topic names the publication as it is now")
            .isEqualTo(header(ok, "SIP-ETag"));
        assertThat(publication.getExpiresAtMs()).isEqualTo(START.plusSeconds(60 + 3600).toEpochMilli());
      });
      assertThat(send(refreshPublish(tag, 3600)).getStatusCode()).as("the old entity-tag is gone").isEqualTo(412);
      assertThat(send(refreshPublish(header(ok, "SIP-ETag"), 3600)).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aRefreshMovesTheExpiryOfThePublication() {
      subscribed("call-1", SUBSCRIBE_MAX);
      String tag = published(DESK_PHONE, 60);
      notifications.readValue();
      harness.advance(Duration.ofSeconds(50));
      send(refreshPublish(tag, 60));

      harness.advance(Duration.ofSeconds(20));

      assertThat(notifications.isEmpty()).as("refreshed at 50 s for 60 s more").isTrue();
      harness.advance(Duration.ofSeconds(41));
      assertThat(tupleIds(notifications.readValue().getBody())).isEmpty();
    }

    @Test
    void aModifyGetsANewEntityTagAndNotifiesTheNewBody() {
      subscribed("call-1", 1800);
      String tag = published(DESK_PHONE);
      notifications.readValue();
      presenceStates.readValue();

      Decision ok = send(modifyPublish(tag, DESK_PHONE_CLOSED));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(header(ok, "SIP-ETag")).isNotBlank().isNotEqualTo(tag);
      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getCseq()).isEqualTo(3);
      assertThat(tupleIds(notify.getBody())).containsExactly("desk");
      assertThat(basics(notify.getBody())).containsExactly("closed");
      assertThat(basics(presenceStates.readValue().getDocument())).containsExactly("closed");
      assertThat(send(modifyPublish(tag, DESK_PHONE)).getStatusCode()).as("the old entity-tag is gone").isEqualTo(412);
    }

    @Test
    void aRemoveNotifiesADocumentWithoutTheTupleAndForgetsTheEntityTag() {
      Dialog dialog = subscribed("call-1", 1800);
      String tag = published(DESK_PHONE);
      notifications.readValue();
      presenceStates.readValue();

      Decision ok = send(removePublish(tag));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      assertThat(header(ok, "Expires")).isEqualTo("0");
      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getCseq()).isEqualTo(3);
      assertThat(notify.getSubscriptionState()).isEqualTo("active;expires=" + dialog.granted());
      assertThat(tupleIds(notify.getBody())).isEmpty();
      KeyValue<String, PresenceState> state = presenceStates.readKeyValue();
      assertThat(state.key).isEqualTo(RESOURCE);
      assertThat(state.value).as("a tombstone: nothing is published any more").isNull();
      assertThat(send(refreshPublish(tag, 3600)).getStatusCode()).isEqualTo(412);
    }

    @Test
    void anUnknownEntityTagGets412() {
      Decision failed = send(refreshPublish("no-such-tag", 3600));

      assertThat(failed.getStatusCode()).isEqualTo(412);
      assertThat(resourceState()).isNull();
    }

    @Test
    void aPublishWithNeitherBodyNorEntityTagGets400() {
      Decision bad = send(initialPublish(DESK_PHONE, 3600).setBody(null).setContentType(null));

      assertThat(bad.getStatusCode()).isEqualTo(400);
      assertThat(resourceState()).isNull();
    }

    @Test
    void aBodyOfAnotherMediaTypeGets415WithAccept() {
      Decision unsupported = send(initialPublish("{\"status\":\"open\"}", 3600).setContentType("application/json"));

      assertThat(unsupported.getStatusCode()).isEqualTo(415);
      assertThat(header(unsupported, "Accept")).isEqualTo(PIDF);
      assertThat(resourceState()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<foo/>",
        "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:alice@example.com\"><tuple id=\"t\">",
        "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:alice@example.com\"><tuple id=\"t\"/></presence>",
        "<!DOCTYPE presence [<!ENTITY x \"open\">]><presence xmlns=\"urn:ietf:params:xml:ns:pidf\" "
            + "entity=\"sip:alice@example.com\"/>"})
    void aBodyThatIsNotAValidPidfDocumentGets400AndNothingIsStored(String body) {
      Decision bad = send(initialPublish(body, 3600));

      assertThat(bad.getStatusCode()).isEqualTo(400);
      assertThat(resourceState()).isNull();
      assertThat(presenceStates.isEmpty()).isTrue();

      send(subscribe("call-1").setExpires(1800));
      assertThat(tupleIds(notifications.readValue().getBody())).isEmpty();
    }

    @Test
    void anInvalidModifyKeepsThePublicationAsItWas() {
      subscribed("call-1", 1800);
      String tag = published(DESK_PHONE);
      notifications.readValue();

      Decision bad = send(modifyPublish(tag, "<foo/>"));

      assertThat(bad.getStatusCode()).isEqualTo(400);
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(send(refreshPublish(tag, 3600)).getStatusCode()).as("the tag still names it").isEqualTo(200);
    }

    @Test
    void aRetransmittedPublishGetsTheSameDecisionAndCreatesNoSecondPublication() {
      subscribed("call-1", 1800);
      Publish publish = initialPublish(DESK_PHONE, 3600).build();
      Decision first = send("pub-1", publish);
      notifications.readValue();
      presenceStates.readValue();
      harness.advance(Duration.ofSeconds(2));

      Decision again = send("pub-1", publish);

      assertThat(again).isEqualTo(first);
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(presenceStates.isEmpty()).isTrue();
      assertThat(resourceState().publications()).hasSize(1);
    }

    @Test
    void twoPublicationsComposeIntoOneNotifyWithBothTuples() {
      subscribed("call-1", 1800);
      String desk = published(DESK_PHONE);
      notifications.readValue();
      presenceStates.readValue();

      Decision ok = send(initialPublish(SOFTPHONE, 3600));

      assertThat(ok.getStatusCode()).isEqualTo(200);
      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getCseq()).isEqualTo(3);
      assertThat(tupleIds(notify.getBody())).containsExactly("desk", "soft");
      assertThat(basics(notify.getBody())).containsExactly("open", "open");
      assertThat(notifications.isEmpty()).isTrue();
      PresenceState state = presenceStates.readValue();
      assertThat(tupleIds(state.getDocument())).containsExactly("desk", "soft");
      assertThat(state.getPublications()).extracting(PublicationSummary::getEntityTag)
          .containsExactly(desk, header(ok, "SIP-ETag"));
    }

    @Test
    void everyWatcherIsNotifiedOfAPublication() {
      Dialog first = subscribed("call-1", 1800);
      Dialog second = subscribed("call-2", 1800);

      send(initialPublish(DESK_PHONE, 3600));

      List<KeyValue<String, NotifyCommand>> sent = notifications.readKeyValuesToList();
      assertThat(sent).extracting(record -> record.key)
          .containsExactlyInAnyOrder(first.subscriptionId(), second.subscriptionId());
      assertThat(sent).allSatisfy(record -> assertThat(tupleIds(record.value.getBody())).containsExactly("desk"));
    }

    @Test
    void aPublicationThatIsNotRefreshedExpiresAndWatchersGetADocumentWithoutItsTuple() {
      Dialog dialog = subscribed("call-1", SUBSCRIBE_MAX);
      published(DESK_PHONE, 3600);
      published(SOFTPHONE, 60);
      notifications.readValuesToList();
      presenceStates.readValuesToList();

      harness.advance(Duration.ofSeconds(59));
      assertThat(notifications.isEmpty()).isTrue();

      harness.advance(Duration.ofSeconds(2));
      NotifyCommand notify = notifications.readValue();
      assertThat(notify.getSubscriptionId()).isEqualTo(dialog.subscriptionId());
      assertThat(notify.getCseq()).isEqualTo(4);
      // Computed at the publication's due time (60 s), not when the punctuator ran.
      assertThat(notify.getSubscriptionState()).isEqualTo("active;expires=" + (dialog.granted() - 60));
      assertThat(tupleIds(notify.getBody())).containsExactly("desk");
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(tupleIds(presenceStates.readValue().getDocument())).containsExactly("desk");
    }

    @Test
    void theLastPublicationExpiringLeavesATombstoneOnThePresenceState() {
      published(DESK_PHONE, 60);
      presenceStates.readValue();

      harness.advance(Duration.ofSeconds(61));

      KeyValue<String, PresenceState> state = presenceStates.readKeyValue();
      assertThat(state.key).isEqualTo(RESOURCE);
      assertThat(state.value).isNull();
      assertThat(resourceState()).isNull();
    }

    @Test
    void anEntityTagIsNeverGivenAgainAfterTheResourceHadNoStateLeft() {
      String first = published(DESK_PHONE, 60);
      harness.advance(Duration.ofSeconds(61));
      assertThat(resourceState()).as("the publication expired").isNull();

      String second = published(SOFTPHONE, 3600);

      assertThat(second).isNotEqualTo(first);
      assertThat(send(modifyPublish(first, DESK_PHONE_CLOSED)).getStatusCode())
          .as("the expired publication's tag must not reach the new one").isEqualTo(412);
    }
  }

  @Nested
  class NotifyOutcomes {

    @Test
    void a481EndsTheSubscriptionSilently() {
      Dialog dialog = subscribed("call-1", 1800);

      outcome(dialog, 1, 481, false);

      assertThat(notifications.isEmpty()).isTrue();
      assertThat(replies.isEmpty()).isTrue();
      assertThat(send(initialPublish(DESK_PHONE, 3600)).getStatusCode()).isEqualTo(200);
      assertThat(notifications.isEmpty()).as("the subscription is gone").isTrue();
      assertThat(send(dialog.inDialog(2).setExpires(1800)).getStatusCode()).isEqualTo(481);
    }

    @Test
    void notifiesThatTimeOutEndTheSubscriptionOnlyAtTheThirdInARow() {
      Dialog dialog = subscribed("call-1", 1800);
      outcome(dialog, 1, 408, true);
      String tag = published(DESK_PHONE);
      notifications.readValue();
      outcome(dialog, 2, 408, false);

      send(modifyPublish(tag, DESK_PHONE_CLOSED));
      assertThat(notifications.readValue().getCseq()).as("two failures are not yet the end").isEqualTo(3);

      outcome(dialog, 3, 408, true);
      assertThat(notifications.isEmpty()).isTrue();
      assertThat(replies.isEmpty()).isTrue();
      send(initialPublish(SOFTPHONE, 3600));
      assertThat(notifications.isEmpty()).as("the third failure in a row ended it").isTrue();
      assertThat(resourceState().subscriptions()).isEmpty();
    }

    @Test
    void aSuccessfulNotifyBetweenFailuresStartsTheCountAgain() {
      Dialog dialog = subscribed("call-1", 1800);
      outcome(dialog, 1, 408, false);
      outcome(dialog, 1, 408, false);
      String tag = published(DESK_PHONE);
      notifications.readValue();
      outcome(dialog, 2, 200, false);
      outcome(dialog, 3, 408, false);
      outcome(dialog, 3, 408, true);

      send(modifyPublish(tag, DESK_PHONE_CLOSED));

      assertThat(notifications.readValue().getCseq()).isEqualTo(3);
      assertThat(resourceState().subscriptions()).singleElement()
          .satisfies(subscription -> assertThat(subscription.failedNotifies()).isEqualTo(2));
    }

    @Test
    void onlyANotifyMadeWhileFailuresAreCountedAsksToHearOfItsSuccess() {
      Dialog dialog = subscribed("call-1", 1800);
      String tag = published(DESK_PHONE);
      assertThat(notifications.readValue().getReportSuccess()).as("nothing to forget").isFalse();

      outcome(dialog, 2, 408, true);
      send(modifyPublish(tag, DESK_PHONE_CLOSED));
      NotifyCommand afterFailure = notifications.readValue();
      assertThat(afterFailure.getReportSuccess()).as("its success would reset the count").isTrue();

      outcome(dialog, afterFailure.getCseq(), 200, false);
      send(initialPublish(SOFTPHONE, 3600));
      assertThat(notifications.readValue().getReportSuccess()).isFalse();
    }

    @Test
    void anOutcomeReceivedAgainCountsOnce() {
      Dialog dialog = subscribed("call-1", 1800);
      String sameOutcome = "notify|" + dialog.subscriptionId() + "|1";

      outcome(sameOutcome, dialog, 1, 408, true);
      outcome(sameOutcome, dialog, 1, 408, true);
      outcome(sameOutcome, dialog, 1, 408, true);

      assertThat(resourceState().subscriptions()).as("one failed NOTIFY, not three").singleElement()
          .satisfies(subscription -> assertThat(subscription.failedNotifies()).isEqualTo(1));
    }

    @Test
    void anOutcomeOfASubscriptionThatIsGoneChangesNothing() {
      Dialog dialog = subscribed("call-1", 1800);
      send(dialog.inDialog(2).setExpires(0));
      notifications.readValue();

      outcome(dialog, 2, 481, false);

      assertThat(notifications.isEmpty()).isTrue();
      assertThat(replies.isEmpty()).isTrue();
      assertThat(resourceState()).isNull();
    }
  }

  @Nested
  class Numbers {

    @Test
    void theCseqOfASubscriptionsNotifiesRisesByExactlyOneForEveryNotify() {
      Dialog dialog = subscribed("call-1", SUBSCRIBE_MAX);
      String desk = published(DESK_PHONE);
      String soft = published(SOFTPHONE, 60);
      desk = header(send(modifyPublish(desk, DESK_PHONE_CLOSED)), "SIP-ETag");
      desk = header(send(refreshPublish(desk, 3600)), "SIP-ETag");
      assertThat(send(modifyPublish(desk, DESK_PHONE)).getStatusCode()).isEqualTo(200);
      send(dialog.inDialog(2).setExpires(1800));
      harness.advance(Duration.ofSeconds(61));
      assertThat(send(refreshPublish(soft, 3600)).getStatusCode()).as("expired with its NOTIFY").isEqualTo(412);
      send(dialog.inDialog(3).setExpires(0));

      List<NotifyCommand> sent = notifications.readValuesToList();

      assertThat(sent).extracting(NotifyCommand::getSubscriptionId).containsOnly(dialog.subscriptionId());
      assertThat(sent).extracting(NotifyCommand::getCseq).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
      assertThat(sent.get(sent.size() - 1).getSubscriptionState()).isEqualTo("terminated;reason=timeout");
    }

    @Test
    void theNotifyCseqsOfTwoSubscriptionsAreCountedApart() {
      Dialog first = subscribed("call-1", 1800);
      send(initialPublish(DESK_PHONE, 3600));
      notifications.readValue();
      Dialog second = subscribed("call-2", 1800);

      send(initialPublish(SOFTPHONE, 3600));

      List<KeyValue<String, NotifyCommand>> sent = notifications.readKeyValuesToList();
      assertThat(sent).filteredOn(record -> record.key.equals(first.subscriptionId()))
          .extracting(record -> record.value.getCseq()).containsExactly(3L);
      assertThat(sent).filteredOn(record -> record.key.equals(second.subscriptionId()))
          .extracting(record -> record.value.getCseq()).containsExactly(2L);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Builders of events and readers of what the topology wrote.

  /** A subscription dialog as the watcher sees it after the 200 and the first NOTIFY. */
  private record Dialog(String callId, String toTag, String subscriptionId, int granted) {

    /** A SUBSCRIBE inside this dialog. */
    Subscribe.Builder inDialog(long cseq) {
      return subscribe(callId).setToTag(toTag).setCseq(cseq);
    }
  }

  /** Subscribes the watcher, checks the 200 and takes the first NOTIFY off the topic. */
  private Dialog subscribed(String callId, int expires) {
    Decision ok = send(subscribe(callId).setExpires(expires));
    assertThat(ok.getStatusCode()).isEqualTo(200);
    KeyValue<String, NotifyCommand> first = notifications.readKeyValue();
    assertThat(first.value.getCseq()).isEqualTo(1);
    return new Dialog(callId, ok.getToTag(), first.key, expires(ok));
  }

  /** Publishes {@code body} for an hour, checks the 200 and returns the entity-tag. */
  private String published(String body) {
    return published(body, 3600);
  }

  private String published(String body, int expires) {
    Decision ok = send(initialPublish(body, expires));
    assertThat(ok.getStatusCode()).isEqualTo(200);
    return header(ok, "SIP-ETag");
  }

  /** An initial SUBSCRIBE of the watcher to Alice over TCP through two proxies. */
  private static Subscribe.Builder subscribe(String callId) {
    return Subscribe.newBuilder()
        .setEvent("presence")
        .setCallId(callId)
        .setFromUri(WATCHER)
        .setFromTag(WATCHER_TAG)
        .setToUri(ALICE)
        .setToTag(null)
        .setCseq(1)
        .setContact(WATCHER_CONTACT)
        .setRouteSet(RECORD_ROUTE)
        .setAccept(List.of(PIDF))
        .setExpires(3600)
        .setTransport("tcp")
        .setSourceHost("192.0.2.20")
        .setSourcePort(5062);
  }

  private static Publish.Builder initialPublish(String body, int expires) {
    return Publish.newBuilder()
        .setEvent("presence")
        .setCallId("publish-call")
        .setFromUri(ALICE)
        .setExpires(expires)
        .setContentType(PIDF)
        .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static Publish.Builder refreshPublish(String entityTag, int expires) {
    return initialPublish("", expires).setIfMatch(entityTag).setBody(null).setContentType(null);
  }

  private static Publish.Builder modifyPublish(String entityTag, String body) {
    return initialPublish(body, 3600).setIfMatch(entityTag);
  }

  private static Publish.Builder removePublish(String entityTag) {
    return refreshPublish(entityTag, 0);
  }

  private Decision send(Subscribe.Builder subscribe) {
    return send(nextRequestId(), subscribe.build());
  }

  private Decision send(Publish.Builder publish) {
    return send(nextRequestId(), publish.build());
  }

  /** Pipes one request that an edge on partition 0 waits for and reads its decision. */
  private Decision send(String requestId, Object payload) {
    requests.pipeInput(RESOURCE, request(requestId, payload));
    Decision decision = replies.readValue();
    assertThat(decision.getRequestId()).isEqualTo(requestId);
    assertThat(replies.isEmpty()).isTrue();
    return decision;
  }

  private void outcome(Dialog dialog, long cseq, int status, boolean timedOut) {
    outcome(nextRequestId(), dialog, cseq, status, timedOut);
  }

  private void outcome(String requestId, Dialog dialog, long cseq, int status, boolean timedOut) {
    RequestEvent event = RequestEvent.newBuilder(request(requestId, NotifyOutcome.newBuilder()
            .setSubscriptionId(dialog.subscriptionId()).setCseq(cseq).setStatusCode(status).setTimedOut(timedOut)
            .build()))
        .setEdgeId(null)
        .setReplyPartition(-1)
        .build();
    outcomes.pipeInput(RESOURCE, event);
  }

  private RequestEvent request(String requestId, Object payload) {
    return RequestEvent.newBuilder()
        .setRequestId(requestId)
        .setResource(RESOURCE)
        .setEdgeId("edge-1")
        .setReplyPartition(0)
        .setReceivedAtMs(START.toEpochMilli())
        .setPayload(payload)
        .build();
  }

  private String nextRequestId() {
    return "request-" + ++requestCount;
  }

  private ResourceState resourceState() {
    return ResourceHarness.stored(driver, RESOURCE);
  }

  private static int reduced(int requested) {
    return requested - requested * REDUCTION_PERCENT / 100;
  }

  private static int expires(Decision decision) {
    int expires = Integer.parseInt(header(decision, "Expires"));
    assertThat(expires).isBetween(SUBSCRIBE_MIN, SUBSCRIBE_MAX);
    return expires;
  }

  private static String header(Decision decision, String name) {
    return decision.getHeaders().stream()
        .filter(header -> header.getName().equalsIgnoreCase(name))
        .map(Header::getValue)
        .reduce((first, second) -> {
          throw new AssertionError("two " + name + " headers");
        })
        .orElseThrow(() -> new AssertionError("no " + name + " header in " + decision));
  }

  private static String pidf(String tupleId, String basic, String contact) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">
          <tuple id="%s">
            <status><basic>%s</basic></status>
            <contact>%s</contact>
          </tuple>
        </presence>
        """.formatted(tupleId, basic, contact);
  }

  private static String text(ByteBuffer body) {
    ByteBuffer copy = body.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Document parse(ByteBuffer body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder()
          .parse(new ByteArrayInputStream(text(body).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not XML: " + text(body), e);
    }
  }

  private static String entity(ByteBuffer body) {
    Element root = parse(body).getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(PIDF_NS);
    assertThat(root.getLocalName()).isEqualTo("presence");
    return root.getAttribute("entity");
  }

  private static List<String> tupleIds(ByteBuffer body) {
    List<String> ids = new ArrayList<>();
    NodeList tuples = parse(body).getElementsByTagNameNS(PIDF_NS, "tuple");
    for (int i = 0; i < tuples.getLength(); i++) {
      ids.add(((Element) tuples.item(i)).getAttribute("id"));
    }
    return ids;
  }

  private static List<String> basics(ByteBuffer body) {
    List<String> values = new ArrayList<>();
    NodeList basics = parse(body).getElementsByTagNameNS(PIDF_NS, "basic");
    for (int i = 0; i < basics.getLength(); i++) {
      values.add(basics.item(i).getTextContent().strip());
    }
    return values;
  }
}
