package dev.herald.processor.rls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.ListEntry;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.Publish;
import dev.herald.avro.RecipientListEntry;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.ResourceList;
import dev.herald.avro.SubHandling;
import dev.herald.avro.Subscribe;
import dev.herald.processor.ProcessorConfig;
import dev.herald.processor.ResourceTopology;
import dev.herald.schemas.Topics;
import dev.herald.testkit.ListNotify;
import dev.herald.testkit.TopologyHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource lists through the topology (RFC 4662): a list subscription's back-end subscriptions go to
 * each member resource and their reports come back to the list resource through herald.requests,
 * which the test driver feeds back in, so the NOTIFYs here are what a subscriber would get.
 */
class ResourceListTopologyTest {

  private static final String PIDF = "application/pidf+xml";
  private static final String BUDDIES = "sip:buddies@example.com";
  private static final String TEAM = "sip:team@example.com";
  private static final String ALICE = "sip:alice@example.com";
  private static final String BOB = "sip:bob@example.com";
  private static final String CAROL = "sip:carol@example.com";
  private static final String LIST_RESOURCE = "presence|" + BUDDIES;
  private static final String WATCHER = "sip:watcher@example.com";

  @TempDir
  Path stateDir;

  private TopologyHarness harness;
  private TestInputTopic<String, ResourceList> lists;
  private Instant now = TopologyHarness.START;
  private int requestCount;

  @BeforeEach
  void start() {
    harness = new TopologyHarness(ResourceTopology.build(ProcessorConfig.defaults(stateDir)),
        ProcessorConfig.DEFAULT_APPLICATION_ID, stateDir);
    lists = harness.driver.createInputTopic(Topics.RESOURCE_LISTS.name(), Topics.RESOURCE_LISTS.keySerde().serializer(),
        Topics.RESOURCE_LISTS.valueSerde().serializer());
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aSubscribeToAListWithoutEventlistGets421RequiringIt() {
    putList(BUDDIES, ALICE, BOB);

    Decision refused = subscribe(false);

    assertThat(refused.getStatusCode()).isEqualTo(421);
    assertThat(TopologyHarness.headers(refused, "Require")).containsExactly("eventlist");
    assertThat(harness.drain()).isEmpty();
  }

  @Test
  void aSubscribeWithEventlistToAnAddressThatIsNoListIsAnOrdinarySubscription() {
    Decision ok = send("presence|" + ALICE, subscribeTo(ALICE, true).build());

    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(harness.drain()).singleElement().extracting(NotifyCommand::getContentType).isEqualTo(PIDF);
  }

  @Test
  void theFirstNotifyIsFullStateAndTheMembersReportsFollowInOnePartialNotify() {
    putList(BUDDIES, ALICE, BOB);
    publish(ALICE, "at my desk");

    Decision ok = subscribe(true);
    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(TopologyHarness.headers(ok, "Require")).containsExactly("eventlist");
    List<NotifyCommand> first = harness.drain();
    assertThat(first).hasSize(1);
    ListNotify full = read(first.get(0));
    assertThat(full.fullState()).isTrue();
    assertThat(full.version()).isZero();
    assertThat(full.uri()).isEqualTo(BUDDIES);
    assertThat(full.uris()).containsExactly(ALICE, BOB);
    assertThat(first.get(0).getExtraHeaders()).anyMatch(h -> h.getName().equals("Require")
        && h.getValue().equals("eventlist"));

    advance(Duration.ofSeconds(1));

    List<NotifyCommand> second = harness.drain();
    assertThat(second).hasSize(1);
    ListNotify partial = read(second.get(0));
    assertThat(partial.fullState()).isFalse();
    assertThat(partial.version()).isEqualTo(1);
    assertThat(partial.resource(ALICE).orElseThrow().state()).isEqualTo("active");
    assertThat(partial.resource(ALICE).orElseThrow().text()).contains("at my desk");
    assertThat(partial.resource(BOB).orElseThrow().state()).isEqualTo("active");
    assertThat(second.get(0).getCseq()).isEqualTo(first.get(0).getCseq() + 1);
  }

  @Test
  void oneMemberChangingReachesTheListSubscriberOnceWithThatMemberAlone() {
    putList(BUDDIES, ALICE, BOB);
    String tag = publish(ALICE, "at my desk");
    subscribedAndSettled();

    modify(ALICE, tag, "in a meeting");
    assertThat(harness.drain()).as("within the interval nothing goes").isEmpty();
    advance(Duration.ofSeconds(1));

    List<NotifyCommand> notifies = harness.drain();
    assertThat(notifies).hasSize(1);
    ListNotify partial = read(notifies.get(0));
    assertThat(partial.fullState()).isFalse();
    assertThat(partial.version()).isEqualTo(2);
    assertThat(partial.uris()).containsExactly(ALICE);
    assertThat(partial.resource(ALICE).orElseThrow().text()).contains("in a meeting");
    advance(Duration.ofSeconds(2));
    assertThat(harness.drain()).isEmpty();
  }

  @Test
  void changesWithinTheIntervalMergeIntoOnePartialNotify() {
    putList(BUDDIES, ALICE, BOB, CAROL);
    String aliceTag = publish(ALICE, "a1");
    String bobTag = publish(BOB, "b1");
    subscribedAndSettled();

    modify(ALICE, aliceTag, "a2");
    advance(Duration.ofMillis(300));
    modify(BOB, bobTag, "b2");
    advance(Duration.ofMillis(300));
    modify(ALICE, aliceTag + "-unused", "ignored");
    assertThat(harness.drain()).isEmpty();
    advance(Duration.ofMillis(500));

    List<NotifyCommand> notifies = harness.drain();
    assertThat(notifies).hasSize(1);
    ListNotify partial = read(notifies.get(0));
    assertThat(partial.uris()).containsExactlyInAnyOrder(ALICE, BOB);
    assertThat(partial.resource(ALICE).orElseThrow().text()).contains("a2");
    assertThat(partial.resource(BOB).orElseThrow().text()).contains("b2");
  }

  @Test
  void aNestedListIsANestedRlmiListWithItsOwnMembers() {
    putList(TEAM, BOB, CAROL);
    putList(BUDDIES, ALICE, TEAM);
    publish(CAROL, "carol here");

    subscribe(true);
    harness.drain();
    advance(Duration.ofSeconds(1));

    ListNotify partial = read(harness.drain().get(0));
    ListNotify team = partial.resource(TEAM).orElseThrow().nested();
    assertThat(team).isNotNull();
    assertThat(team.uri()).isEqualTo(TEAM);
    assertThat(team.uris()).containsExactly(BOB, CAROL);
    assertThat(team.resource(CAROL).orElseThrow().text()).contains("carol here");
  }

  @Test
  void aMemberRemovedFromTheListLeavesTheNextNotifyWhichIsFullStateAndItsBackEndSubscriptionEnds() {
    putList(BUDDIES, ALICE, BOB);
    publish(ALICE, "at my desk");
    subscribedAndSettled();
    assertThat(watchersOf(BOB)).isEqualTo(1);

    advance(Duration.ofSeconds(1));
    putList(BUDDIES, ALICE);

    List<NotifyCommand> notifies = harness.drain();
    assertThat(notifies).hasSize(1);
    ListNotify full = read(notifies.get(0));
    assertThat(full.fullState()).isTrue();
    assertThat(full.uris()).containsExactly(ALICE);
    assertThat(full.resource(ALICE).orElseThrow().text()).contains("at my desk");
    assertThat(watchersOf(BOB)).isZero();
    assertThat(watchersOf(ALICE)).isEqualTo(1);
  }

  @Test
  void aMemberAddedToTheListIsWatchedAndShowsInTheNextNotifies() {
    putList(BUDDIES, ALICE);
    publish(BOB, "bob here");
    subscribedAndSettled();

    advance(Duration.ofSeconds(1));
    putList(BUDDIES, ALICE, BOB);
    harness.drain();
    advance(Duration.ofSeconds(1));

    ListNotify next = read(harness.drain().get(0));
    assertThat(next.resource(BOB).orElseThrow().text()).contains("bob here");
  }

  @Test
  void aMemberWhoseRulesBlockTheSubscriberIsTerminatedRejectedAndOneAwaitingConfirmationIsPending() {
    harness.rules.pipeInput("presence|" + BOB, rules(BOB, SubHandling.BLOCK));
    harness.rules.pipeInput("presence|" + CAROL, rules(CAROL, SubHandling.CONFIRM));
    putList(BUDDIES, ALICE, BOB, CAROL);
    publish(BOB, "secret");
    publish(CAROL, "also secret");

    subscribe(true);
    harness.drain();
    advance(Duration.ofSeconds(1));

    ListNotify partial = read(harness.drain().get(0));
    ListNotify.Resource bob = partial.resource(BOB).orElseThrow();
    assertThat(bob.state()).isEqualTo("terminated");
    assertThat(bob.instances().get(0).reason()).isEqualTo("rejected");
    assertThat(bob.document()).isNull();
    ListNotify.Resource carol = partial.resource(CAROL).orElseThrow();
    assertThat(carol.state()).isEqualTo("pending");
    assertThat(carol.document()).isNull();
    assertThat(partial.resource(ALICE).orElseThrow().state()).isEqualTo("active");
  }

  @Test
  void aMemberWhoseRulesChangeShowsTheNewAuthorizationInTheNextNotify() {
    harness.rules.pipeInput("presence|" + CAROL, rules(CAROL, SubHandling.CONFIRM));
    putList(BUDDIES, ALICE, CAROL);
    publish(CAROL, "carol here");
    subscribedAndSettled();

    harness.rules.pipeInput("presence|" + CAROL, rules(CAROL, SubHandling.ALLOW));
    advance(Duration.ofSeconds(1));

    ListNotify allowed = read(harness.drain().get(0));
    assertThat(allowed.uris()).containsExactly(CAROL);
    assertThat(allowed.resource(CAROL).orElseThrow().state()).isEqualTo("active");
    assertThat(allowed.resource(CAROL).orElseThrow().text()).contains("carol here");

    harness.rules.pipeInput("presence|" + CAROL, rules(CAROL, SubHandling.BLOCK));
    advance(Duration.ofSeconds(1));

    ListNotify blocked = read(harness.drain().get(0));
    assertThat(blocked.resource(CAROL).orElseThrow().state()).isEqualTo("terminated");
    assertThat(blocked.resource(CAROL).orElseThrow().instances().get(0).reason()).isEqualTo("rejected");
  }

  @Test
  void aBusyLampSideCarWatchesTheDialogsOfAListInOneSubscription() {
    putList(BUDDIES, ALICE, BOB);
    String dialogInfo = "<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"0\" state=\"full\""
        + " entity=\"" + BOB + "\"><dialog id=\"d1\" direction=\"recipient\"><state>confirmed</state></dialog>"
        + "</dialog-info>";
    Decision published = send("dialog|" + BOB, Publish.newBuilder().setEvent("dialog").setCallId("pub-dialog")
        .setFromUri(BOB).setExpires(3600).setContentType("application/dialog-info+xml")
        .setBody(ByteBuffer.wrap(dialogInfo.getBytes(StandardCharsets.UTF_8))).build());
    assertThat(published.getStatusCode()).isEqualTo(200);

    Decision ok = send("dialog|" + BUDDIES, subscribeTo(BUDDIES, true).setEvent("dialog")
        .setAccept(List.of("multipart/related", "application/rlmi+xml", "application/dialog-info+xml")).build());
    assertThat(ok.getStatusCode()).isEqualTo(200);
    harness.drain();
    advance(Duration.ofSeconds(1));

    NotifyCommand partial = harness.drain().get(0);
    assertThat(partial.getEvent()).isEqualTo("dialog");
    ListNotify.Resource bob = read(partial).resource(BOB).orElseThrow();
    assertThat(bob.contentType()).isEqualTo("application/dialog-info+xml");
    assertThat(bob.text()).contains("<state>confirmed</state>");
  }

  @Test
  void aRefreshGetsFullStateAgainAndNeedNotRepeatEventlist() {
    putList(BUDDIES, ALICE);
    publish(ALICE, "at my desk");
    Decision ok = subscribedAndSettled();

    Decision refreshed = send(LIST_RESOURCE, subscribeTo(BUDDIES, false).setToTag(ok.getToTag()).setCseq(2).build());

    assertThat(refreshed.getStatusCode()).isEqualTo(200);
    ListNotify full = read(harness.drain().get(0));
    assertThat(full.fullState()).isTrue();
    assertThat(full.version()).isEqualTo(2);
    assertThat(full.resource(ALICE).orElseThrow().text()).contains("at my desk");
  }

  @Test
  void stateTooBigForOneNotifyFollowsAtOnceInTheNextSoNoneOutgrowsTheLimit() {
    harness.close();
    harness = new TopologyHarness(ResourceTopology.build(ProcessorConfig.builder(stateDir.resolve("small"))
        .lists(ListSettings.defaults().withMaxBodyBytes(4_096)).build()), "small-bodies", stateDir.resolve("small"));
    lists = harness.driver.createInputTopic(Topics.RESOURCE_LISTS.name(), Topics.RESOURCE_LISTS.keySerde().serializer(),
        Topics.RESOURCE_LISTS.valueSerde().serializer());
    putList(BUDDIES, ALICE, BOB, CAROL);
    String long1 = "a".repeat(1_600);
    publish(ALICE, "alice " + long1);
    publish(BOB, "bob " + long1);
    publish(CAROL, "carol " + long1);
    Decision ok = subscribe(true);
    harness.drain();
    advance(Duration.ofSeconds(1));

    List<NotifyCommand> partials = harness.drain();
    assertThat(partials).hasSize(3);
    assertThat(partials).allSatisfy(n -> assertThat(n.getBody().remaining()).isLessThanOrEqualTo(4_096));
    assertThat(partials.stream().map(ResourceListTopologyTest::read).map(ListNotify::version)).containsExactly(1L, 2L, 3L);
    assertThat(partials.stream().map(n -> read(n).uris()).flatMap(List::stream)).containsExactlyInAnyOrder(ALICE, BOB,
        CAROL);

    send(LIST_RESOURCE, subscribeTo(BUDDIES, true).setToTag(ok.getToTag()).setCseq(2).build());
    List<NotifyCommand> refreshed = harness.drain();
    assertThat(refreshed).hasSize(3);
    ListNotify full = read(refreshed.get(0));
    assertThat(full.fullState()).isTrue();
    assertThat(full.uris()).as("full state names every member").containsExactly(ALICE, BOB, CAROL);
    assertThat(full.resources().stream().filter(r -> r.document() != null)).hasSize(1);
    assertThat(refreshed.stream().skip(1).map(ResourceListTopologyTest::read)).allSatisfy(partial -> {
      assertThat(partial.fullState()).isFalse();
      assertThat(partial.uris()).hasSize(1);
    });
    assertThat(refreshed.stream().map(NotifyCommand::getCseq)).containsExactly(5L, 6L, 7L);
  }

  @Test
  void anUnsubscribeEndsEveryBackEndSubscription() {
    putList(BUDDIES, ALICE, BOB);
    Decision ok = subscribedAndSettled();

    Decision bye = send(LIST_RESOURCE, subscribeTo(BUDDIES, true).setToTag(ok.getToTag()).setCseq(2).setExpires(0)
        .build());

    assertThat(bye.getStatusCode()).isEqualTo(200);
    NotifyCommand last = harness.drain().get(0);
    assertThat(last.getSubscriptionState()).startsWith("terminated");
    assertThat(watchersOf(ALICE)).isZero();
    assertThat(watchersOf(BOB)).isZero();
  }

  @Test
  void theSameTreeBroughtTwiceChangesNothingTheSecondTime() {
    putList(BUDDIES, ALICE, BOB);
    subscribedAndSettled();
    advance(Duration.ofSeconds(1));

    putList(BUDDIES, ALICE, BOB);

    assertThat(harness.drain()).isEmpty();
    assertThat(watchersOf(ALICE)).isEqualTo(1);
  }

  @Test
  void aPlainSubscriptionToAnAddressThatBecomesAListIsDeactivatedSoItsPhoneSubscribesAgain() {
    Decision plain = send(LIST_RESOURCE, subscribeTo(BUDDIES, false).build());
    assertThat(plain.getStatusCode()).isEqualTo(200);
    harness.drain();

    putList(BUDDIES, ALICE);

    NotifyCommand last = harness.drain().get(0);
    assertThat(last.getSubscriptionState()).isEqualTo("terminated;reason=deactivated");
    assertThat(last.getBody()).isNull();
    assertThat(subscribe(false).getStatusCode()).isEqualTo(421);
  }

  @Test
  void aDeletedListEndsItsSubscriptionsWithNoresource() {
    putList(BUDDIES, ALICE);
    subscribedAndSettled();

    lists.pipeInput(BUDDIES, null, now);

    NotifyCommand last = harness.drain().get(0);
    assertThat(last.getSubscriptionState()).isEqualTo("terminated;reason=noresource");
    assertThat(watchersOf(ALICE)).isZero();
  }

  @Test
  void aSubscribeCarryingItsOwnListGetsThatListFullStateFirstThenTheMembersInAPartialNotify() {
    publish(ALICE, "at my desk");

    Decision ok = send(LIST_RESOURCE, withOwnList(subscribeTo(BUDDIES, true), ALICE, BOB).build());

    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(TopologyHarness.headers(ok, "Require")).containsExactly("eventlist");
    List<NotifyCommand> first = harness.drain();
    ListNotify full = read(first.get(0));
    assertThat(full.fullState()).isTrue();
    assertThat(full.uri()).isEqualTo(BUDDIES);
    assertThat(full.uris()).containsExactly(ALICE, BOB);
    advance(Duration.ofSeconds(1));
    ListNotify partial = read(harness.drain().get(0));
    assertThat(partial.fullState()).isFalse();
    assertThat(partial.resource(ALICE).orElseThrow().text()).contains("at my desk");
    assertThat(partial.resource(BOB).orElseThrow().state()).isEqualTo("active");
    assertThat(watchersOf(ALICE)).isEqualTo(1);
  }

  @Test
  void aSubscribeCarryingItsOwnListWithoutEventlistGets421RequiringIt() {
    Decision refused = send(LIST_RESOURCE, withOwnList(subscribeTo(BUDDIES, false), ALICE).build());

    assertThat(refused.getStatusCode()).isEqualTo(421);
    assertThat(TopologyHarness.headers(refused, "Require")).containsExactly("eventlist");
    assertThat(watchersOf(ALICE)).isZero();
  }

  @Test
  void twoSubscribersWithTheirOwnListsOnOneUriSeeTheirOwnMembersAndTheOperatorsListChangesNeitherOfThem() {
    putList(BUDDIES, CAROL);
    publish(ALICE, "alice here");
    publish(BOB, "bob here");

    send(LIST_RESOURCE, withOwnList(subscribeTo(BUDDIES, true), ALICE).build());
    send(LIST_RESOURCE, withOwnList(subscribeTo(BUDDIES, true).setCallId("other-call").setFromUri(BOB)
        .setFromTag("b-tag").setContact("sip:bob@192.0.2.31:5062"), BOB, CAROL).build());
    List<NotifyCommand> first = harness.drain();
    advance(Duration.ofSeconds(1));
    List<NotifyCommand> partials = harness.drain();

    assertThat(first).hasSize(2);
    assertThat(read(first.get(0)).uris()).containsExactly(ALICE);
    assertThat(read(first.get(1)).uris()).containsExactly(BOB, CAROL);
    assertThat(partials).extracting(NotifyCommand::getCallId).containsExactlyInAnyOrder("list-call", "other-call");
    for (NotifyCommand partial : partials) {
      assertThat(read(partial).uris()).isEqualTo(partial.getCallId().equals("list-call") ? List.of(ALICE)
          : List.of(BOB, CAROL));
    }
    assertThat(read(partials.stream().filter(n -> n.getCallId().equals("list-call")).findFirst().orElseThrow())
        .resource(ALICE).orElseThrow().text()).contains("alice here");

    putList(BUDDIES, ALICE, BOB);
    lists.pipeInput(BUDDIES, null, now);
    advance(Duration.ofSeconds(1));

    assertThat(harness.drain()).as("the operator's list is not theirs").isEmpty();
    assertThat(watchersOf(CAROL)).isEqualTo(1);
    assertThat(watchersOf(ALICE)).isEqualTo(1);
  }

  @Test
  void anUnsubscribeFromAnOwnListEndsItsBackEndSubscriptionsAndForgetsTheList() {
    Decision ok = settled(withOwnList(subscribeTo(BUDDIES, true), ALICE, BOB));

    Decision bye = send(LIST_RESOURCE, subscribeTo(BUDDIES, true).setToTag(ok.getToTag()).setCseq(2).setExpires(0)
        .build());

    assertThat(bye.getStatusCode()).isEqualTo(200);
    assertThat(harness.drain().get(0).getSubscriptionState()).startsWith("terminated");
    assertThat(watchersOf(BOB)).isZero();
    assertNothingLeftOfTheList();
  }

  @Test
  void anOwnListIsForgottenWhenItsSubscriptionExpires() {
    settled(withOwnList(subscribeTo(BUDDIES, true).setExpires(600), ALICE));

    advance(Duration.ofMinutes(11));

    assertNothingLeftOfTheList();
  }

  @Test
  void aBackEndSubscriptionOutlivesItsListSubscriptionEvenWhenTheListAsksForTheLongestExpiry() {
    send(LIST_RESOURCE, withOwnList(subscribeTo(BUDDIES, true).setExpires(3600), ALICE).build());

    long listExpiresAt = dev.herald.processor.ResourceHarnessAccess.stored(harness.driver, LIST_RESOURCE)
        .subscriptions().get(0).expiresAtMs();
    long backEndExpiresAt = dev.herald.processor.ResourceHarnessAccess.stored(harness.driver, "presence|" + ALICE)
        .subscriptions().get(0).expiresAtMs();
    assertThat(backEndExpiresAt).isGreaterThan(listExpiresAt);
  }

  private static Subscribe.Builder withOwnList(Subscribe.Builder subscribe, String... members) {
    return subscribe.setRecipientList(Arrays.stream(members).map(m -> new RecipientListEntry(m, null)).toList());
  }

  /** No back-end subscription, no list and no member state of a list subscription remain. */
  private void assertNothingLeftOfTheList() {
    assertThat(watchersOf(ALICE)).isZero();
    for (String store : List.of(ListServer.TREES_STORE, ListServer.MEMBERS_STORE)) {
      try (var all = harness.driver.getKeyValueStore(store).all()) {
        assertThat(all.hasNext()).as(store).isFalse();
      }
    }
  }

  private Decision subscribedAndSettled() {
    return settled(subscribeTo(BUDDIES, true));
  }

  /** Subscribes to the list resource, past the first full and partial NOTIFYs. */
  private Decision settled(Subscribe.Builder subscribe) {
    Decision ok = send(LIST_RESOURCE, subscribe.build());
    assertThat(ok.getStatusCode()).isEqualTo(200);
    harness.drain();
    advance(Duration.ofSeconds(1));
    harness.drain();
    return ok;
  }

  private long watchersOf(String uri) {
    var state = dev.herald.processor.ResourceHarnessAccess.stored(harness.driver, "presence|" + uri);
    return state == null ? 0 : state.subscriptions().size();
  }

  private static ListNotify read(NotifyCommand notify) {
    byte[] body = new byte[notify.getBody().remaining()];
    notify.getBody().duplicate().get(body);
    return ListNotify.parse(notify.getContentType(), body);
  }

  private void putList(String uri, String... members) {
    lists.pipeInput(uri, ResourceList.newBuilder().setUri(uri).setName(null)
        .setEntries(Arrays.stream(members).map(m -> new ListEntry(m, null)).toList()).setUpdatedAtMs(now.toEpochMilli())
        .build(), now);
  }

  private Decision subscribe(boolean eventlist) {
    return send(LIST_RESOURCE, subscribeTo(BUDDIES, eventlist).build());
  }

  private static Subscribe.Builder subscribeTo(String uri, boolean eventlist) {
    return Subscribe.newBuilder().setEvent("presence").setCallId("list-call").setFromUri(WATCHER).setFromTag("w-tag")
        .setToUri(uri).setToTag(null).setCseq(1).setContact("sip:watcher@192.0.2.30:5062")
        .setAccept(List.of("multipart/related", "application/rlmi+xml", PIDF)).setExpires(3600)
        .setTransport("udp").setSourceHost("192.0.2.30").setSourcePort(5062).setEventlist(eventlist);
  }

  private String publish(String uri, String note) {
    Decision ok = send("presence|" + uri, publishOf(uri, note).build());
    assertThat(ok.getStatusCode()).isEqualTo(200);
    return TopologyHarness.headers(ok, "SIP-ETag").get(0);
  }

  private void modify(String uri, String tag, String note) {
    send("presence|" + uri, publishOf(uri, note).setIfMatch(tag).build());
  }

  private static Publish.Builder publishOf(String uri, String note) {
    String pidf = "<?xml version=\"1.0\"?><presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + uri + "\">"
        + "<tuple id=\"t1\"><status><basic>open</basic></status><note>" + note + "</note></tuple></presence>";
    return Publish.newBuilder().setEvent("presence").setCallId("pub-" + uri).setFromUri(uri).setExpires(3600)
        .setContentType(PIDF).setBody(ByteBuffer.wrap(pidf.getBytes(StandardCharsets.UTF_8)));
  }

  private static PresenceRules rules(String presentity, SubHandling handling) {
    return PresenceRules.newBuilder().setPresentity(presentity).setUpdatedAtMs(0)
        .setRules(List.of(PresenceRule.newBuilder().setId("r1").setIdentity(null).setSubHandling(handling).build()))
        .build();
  }

  private Decision send(String resource, Object payload) {
    String requestId = "request-" + ++requestCount;
    harness.requests.pipeInput(resource, RequestEvent.newBuilder().setRequestId(requestId).setResource(resource)
        .setEdgeId("edge-1").setReplyPartition(0).setReceivedAtMs(now.toEpochMilli()).setPayload(payload).build(), now);
    Decision decision = harness.replies.readValue();
    assertThat(decision.getRequestId()).isEqualTo(requestId);
    return decision;
  }

  private void advance(Duration by) {
    now = now.plus(by);
    harness.advance(by);
  }
}
