package dev.herald.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.WatchDemand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackendCoreTest {

  private static final String ZED = "sip:zed@other.example.org";
  private static final String RESOURCE = "presence|" + ZED;
  private static final byte[] PIDF = "<presence/>".getBytes(StandardCharsets.UTF_8);

  private record Subscribed(RemoteSubscription subscription, int expires) {}

  private record Published(String resource, String contentType, byte[] body, int seconds) {}

  private final List<Subscribed> subscribes = new ArrayList<>();
  private final List<Published> publications = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final BackendConfig config = new BackendConfig(new BackendConfig.Sip("127.0.0.1", 0),
      new BackendConfig.Domains(Set.of("example.com"), Set.of("xmpp.example.com")),
      new BackendConfig.Timing(600, Duration.ofSeconds(5), Duration.ofSeconds(40)), "sip:herald@example.com");
  private final BackendCore core = new BackendCore(config, new BackendCore.Outbox() {
    @Override
    public void subscribe(RemoteSubscription subscription, int expires) {
      subscribes.add(new Subscribed(subscription, expires));
    }

    @Override
    public void publish(String resource, String uri, String event, String contentType, byte[] body, int seconds) {
      publications.add(new Published(resource, contentType, body, seconds));
    }
  }, () -> "id-" + ids.incrementAndGet());

  private static WatchDemand demand(String resource, String uri) {
    return WatchDemand.newBuilder().setResource(resource).setEvent("presence").setUri(uri).setWatchers(1)
        .setUpdatedAtMs(0).build();
  }

  private RemoteSubscription activeAt(long nowMs) {
    core.demand(RESOURCE, demand(RESOURCE, ZED), nowMs);
    RemoteSubscription first = subscribes.get(subscribes.size() - 1).subscription();
    core.answered(first.callId(), first.cseq(), 200, "their-tag", "sip:zed@192.0.2.9:5060", 600, nowMs);
    return core.subscriptionOf(RESOURCE).orElseThrow();
  }

  @Test
  void aDemandedResourceOfAnotherDomainIsSubscribedToAsHeraldOnlyOnce() {
    core.demand(RESOURCE, demand(RESOURCE, ZED), 0);
    core.demand(RESOURCE, demand(RESOURCE, ZED), 10);

    assertThat(subscribes).singleElement().satisfies(s -> {
      assertThat(s.expires()).isEqualTo(600);
      assertThat(s.subscription().uri()).isEqualTo(ZED);
      assertThat(s.subscription().inDialog()).isFalse();
    });
  }

  @Test
  void resourcesOfHeraldsOwnDomainsAndOfGatewayDomainsAreNeverSubscribedTo() {
    core.demand("presence|sip:al@example.com", demand("presence|sip:al@example.com", "sip:al@example.com"), 0);
    core.demand("presence|sip:bo@xmpp.example.com",
        demand("presence|sip:bo@xmpp.example.com", "sip:bo@xmpp.example.com"), 0);
    core.demand("presence|tel:+15550100", demand("presence|tel:+15550100", "tel:+15550100"), 0);

    assertThat(subscribes).isEmpty();
  }

  @Test
  void aNotifyBecomesTheStandingPublicationAndItsAnswerIs200() {
    RemoteSubscription active = activeAt(0);

    int status = core.notified(new BackendCore.Notify(active.callId(), active.localTag(), "their-tag", null,
        "active;expires=600", "application/pidf+xml", PIDF), 5);

    assertThat(status).isEqualTo(200);
    assertThat(publications).singleElement().satisfies(p -> {
      assertThat(p.resource()).isEqualTo(RESOURCE);
      assertThat(p.body()).isEqualTo(PIDF);
      assertThat(p.seconds()).isEqualTo(600 + BackendCore.PUBLICATION_MARGIN_SECONDS);
    });
  }

  @Test
  void aNotifyBeforeThe200MakesTheDialogAndOneOfNoSubscriptionGets481() {
    core.demand(RESOURCE, demand(RESOURCE, ZED), 0);
    RemoteSubscription first = subscribes.get(0).subscription();

    assertThat(core.notified(new BackendCore.Notify(first.callId(), first.localTag(), "their-tag", "sip:zed@192.0.2.9",
        "pending", null, null), 1)).isEqualTo(200);
    assertThat(core.subscriptionOf(RESOURCE).orElseThrow().remoteTag()).isEqualTo("their-tag");
    assertThat(core.notified(new BackendCore.Notify("unknown", "x", "y", null, "active", null, null), 1))
        .isEqualTo(481);
    assertThat(publications).as("pending carries no state").isEmpty();
  }

  @Test
  void anActiveSubscriptionIsRefreshedInItsDialogBeforeItEnds() {
    RemoteSubscription active = activeAt(0);

    core.tick(539_000);
    assertThat(subscribes).hasSize(1);
    core.tick(540_000);

    Subscribed refresh = subscribes.get(1);
    assertThat(refresh.subscription().inDialog()).isTrue();
    assertThat(refresh.subscription().remoteTarget()).isEqualTo("sip:zed@192.0.2.9:5060");
    assertThat(refresh.subscription().cseq()).isEqualTo(active.cseq() + 1);
    assertThat(refresh.subscription().callId()).isEqualTo(active.callId());
  }

  @Test
  void aRefusedSubscribeIsTriedAgainInANewDialogAfterAWaitThatDoubles() {
    core.demand(RESOURCE, demand(RESOURCE, ZED), 0);
    RemoteSubscription first = subscribes.get(0).subscription();
    core.answered(first.callId(), first.cseq(), 503, null, null, null, 0);

    core.tick(4_999);
    assertThat(subscribes).hasSize(1);
    core.tick(5_000);
    RemoteSubscription second = subscribes.get(1).subscription();
    assertThat(second.callId()).isNotEqualTo(first.callId());
    core.answered(second.callId(), second.cseq(), 408, null, null, null, 5_000);
    core.tick(14_999);
    assertThat(subscribes).as("the second wait is 10 s").hasSize(2);
    core.tick(15_000);
    assertThat(subscribes).hasSize(3);
  }

  @Test
  void aTerminatedNotifyRemovesThePublicationAndSubscribesAgainLater() {
    RemoteSubscription active = activeAt(0);

    core.notified(new BackendCore.Notify(active.callId(), active.localTag(), "their-tag", null,
        "terminated;reason=deactivated", null, null), 100);

    assertThat(publications).singleElement().satisfies(p -> assertThat(p.body()).isNull());
    core.tick(5_100);
    assertThat(subscribes).hasSize(2);
    assertThat(subscribes.get(1).subscription().inDialog()).isFalse();
  }

  @Test
  void theDemandEndingUnsubscribesInTheDialogAndRemovesThePublication() {
    RemoteSubscription active = activeAt(0);

    core.demand(RESOURCE, null, 1_000);

    Subscribed last = subscribes.get(subscribes.size() - 1);
    assertThat(last.expires()).isZero();
    assertThat(last.subscription().remoteTag()).isEqualTo("their-tag");
    assertThat(publications).singleElement().satisfies(p -> assertThat(p.body()).isNull());
    assertThat(core.subscriptionOf(RESOURCE)).isEmpty();
    assertThat(core.notified(new BackendCore.Notify(active.callId(), active.localTag(), "their-tag", null,
        "terminated;reason=timeout", null, null), 1_100)).as("its last NOTIFY still gets 200").isEqualTo(200);
  }

  @Test
  void anUnansweredSubscribeCountsAsFailedAfterTimerF() {
    core.demand(RESOURCE, demand(RESOURCE, ZED), 0);

    core.tick(BackendCore.ANSWER_MS);

    assertThat(core.subscriptionOf(RESOURCE).orElseThrow().state()).isEqualTo(RemoteSubscription.State.WAITING);
  }
}
