package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Decision;
import dev.herald.avro.IdentityCondition;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.SubHandling;
import dev.herald.avro.Subscribe;
import dev.herald.avro.WatchDemand;
import dev.herald.schemas.Topics;
import dev.herald.testkit.TopologyHarness;
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
 * of a gateway's domain gains its first watcher or loses its last.
 */
class GatewayTopologyTest {

  private static final String PIDF = "application/pidf+xml";
  private static final String GATEWAY_DOMAIN = "xmpp.example.com";
  private static final String BOB = "sip:bob@" + GATEWAY_DOMAIN;
  private static final String RESOURCE = "presence|" + BOB;
  private static final String CAROL_RESOURCE = "presence|sip:carol@example.com";

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

  private static Subscribe.Builder subscribe(String resource, String watcherUri, int expires) {
    return Subscribe.newBuilder().setEvent("presence").setCallId("call").setFromUri(watcherUri)
        .setFromTag(watcherUri.hashCode() + "-tag").setToUri(resource.substring(resource.indexOf('|') + 1))
        .setCseq(1).setContact(watcherUri + ";transport=tcp").setAccept(List.of(PIDF)).setExpires(expires)
        .setTransport("tcp").setSourceHost("192.0.2.20").setSourcePort(5062);
  }

  private static void assertTombstone(TestRecord<String, WatchDemand> record) {
    assertThat(record.key()).isEqualTo(RESOURCE);
    assertThat(record.value()).as("a tombstone").isNull();
  }
}
