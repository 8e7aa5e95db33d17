package dev.herald.launcher;

import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import dev.herald.processor.ProcessorConfig;
import dev.herald.processor.ProcessorState;
import dev.herald.testkit.SipTestAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sip.header.FromHeader;
import javax.sip.header.SIPETagHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's state rebuilt from the logs into a fresh application id equals the live one's:
 * a watcher and a presentity use Herald over loopback (presence and dialog subscriptions, a
 * publication modified, another removed, an un-SUBSCRIBE, a subscription left to expire), then
 * {@code herald rebuild} replays the logs without answering anyone and compares.
 */
class RebuildIT {

  private static final String BOB = "sip:bob@example.com";
  private static final String CAROL = "sip:carol@example.com";
  private static final String PIDF = "application/pidf+xml";
  /** Short enough for a subscription to expire during the test. */
  private static final int MIN_EXPIRES = 2;

  @TempDir
  Path dataDir;

  /** Herald's SIP port. */
  private int port;

  @Test
  void theStateRebuiltFromTheLogsEqualsTheLiveOneAndALaterRequestShowsAsADifference() throws Exception {
    HeraldSettings settings = settings();
    try (Herald herald = new Herald(settings).start();
         SipTestAgent alice = SipTestAgent.udp("alice");
         SipTestAgent dave = SipTestAgent.udp("dave");
         SipTestAgent bob = SipTestAgent.udp("bob")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));

      assertThat(subscribe(alice, "presence", BOB, 600).getStatusCode()).isEqualTo(200);
      assertThat(subscribe(alice, "dialog", BOB, 600).getStatusCode()).isEqualTo(200);
      String desk = publish(bob, "presence", PIDF, null, pidf("desk", "open"));
      String deskAway = publish(bob, "presence", PIDF, desk, pidf("desk-away", "closed"));
      String soft = publish(bob, "presence", PIDF, null, pidf("soft", "open"));
      assertThat(send(bob, publishRequest(bob, "presence", null, soft, null, 0)).getStatusCode()).isEqualTo(200);
      publish(bob, "dialog", "application/dialog-info+xml", null, dialogInfo());

      Request daves = subscribeRequest(dave, "presence", BOB, 600);
      Response daveSubscribed = send(dave, daves);
      assertThat(daveSubscribed.getStatusCode()).isEqualTo(200);
      assertThat(send(dave, SipChecks.unsubscribe(dave, daves, daveSubscribed)).getStatusCode()).isEqualTo(200);

      assertThat(subscribe(alice, "presence", CAROL, MIN_EXPIRES).getStatusCode()).isEqualTo(200);
      awaitTerminated(alice, CAROL);

      Map<String, Object> kafka = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, herald.bootstrapServers());
      ProcessorConfig config = ProcessorConfig.defaults(dataDir).withPresence(settings.presence("sip:h@127.0.0.1"));
      await().atMost(ANSWER).untilAsserted(() -> assertThat(state(kafka, config, "herald-processor").entries())
          .containsOnlyKeys("resources/presence|" + BOB, "resources/dialog|" + BOB));

      CliRun rebuild = rebuild(Optional.of(herald.bootstrapServers()), "herald-rebuilt-1", "herald-processor");
      assertThat(rebuild.exitCode()).as(rebuild.out() + rebuild.err()).isEqualTo(RebuildCommand.EQUAL);
      assertThat(rebuild.out()).contains("rebuilt 2 resources into herald-rebuilt-1",
          "equal: herald-rebuilt-1 and herald-processor hold the same state");

      ProcessorState rebuilt = state(kafka, config, "herald-rebuilt-1");
      assertThat(rebuilt.entries()).containsOnlyKeys("resources/presence|" + BOB, "resources/dialog|" + BOB);
      assertThat(rebuilt.entries().get("resources/presence|" + BOB))
          .as("alice watches, the modified publication is kept, the removed one and dave's subscription are gone")
          .contains("sip:" + alice.port() + "@example.com", deskAway, "desk-away")
          .doesNotContain("sip:" + dave.port() + "@example.com", soft);
      assertThat(rebuilt.entries().get("resources/dialog|" + BOB)).contains("sip:" + alice.port() + "@example.com",
          "call-1");

      // A request after the first rebuild: a second rebuild has it, the first does not.
      publish(bob, "presence", PIDF, null, pidf("mobile", "open"));
      CliRun second = rebuild(Optional.of(herald.bootstrapServers()), "herald-rebuilt-2", "herald-rebuilt-1");
      assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(RebuildCommand.DIFFERENT);
      assertThat(second.out()).contains("different: resources/presence|" + BOB)
          .doesNotContain("dialog|" + BOB);
    }
  }

  /**
   * Without --bootstrap-servers, rebuild starts the broker of a stopped Herald's data directory; a
   * publication that falls due after Herald stopped counts on neither side.
   */
  @Test
  void aStoppedHeraldsDataIsRebuiltThroughItsOwnBroker() throws Exception {
    HeraldSettings settings = settings();
    try (Herald herald = new Herald(settings).start();
         SipTestAgent alice = SipTestAgent.udp("alice");
         SipTestAgent bob = SipTestAgent.udp("bob")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
      assertThat(subscribe(alice, "presence", BOB, 600).getStatusCode()).isEqualTo(200);
      publish(bob, "presence", PIDF, null, pidf("desk", "open"));
      Response brief = send(bob, publishRequest(bob, "presence", PIDF, null, pidf("brief", "open"), MIN_EXPIRES));
      assertThat(brief.getStatusCode()).isEqualTo(200);
    }

    CliRun rebuild = rebuild(Optional.empty(), "herald-rebuilt", "herald-processor");

    assertThat(rebuild.exitCode()).as(rebuild.out() + rebuild.err()).isEqualTo(RebuildCommand.EQUAL);
    assertThat(rebuild.out()).contains("rebuilt 1 resources into herald-rebuilt", "equal:");
  }

  private HeraldSettings settings() {
    HeraldSettings settings = SipChecks.register(HeraldSettings.builder().sipHost("127.0.0.1")
        .sipPort(FreePorts.findFreeSipPort("127.0.0.1")).adminHost("127.0.0.1").adminPort(FreePorts.findFreePort())
        .dataDir(dataDir).processingGuarantee("at_least_once").minExpires(MIN_EXPIRES).maxExpires(3600)
        .expiryReductionPercent(0).maxFailedNotifies(3).build());
    port = settings.sipPort();
    return settings;
  }

  /** {@code herald rebuild} with the settings of {@link #settings()}, on {@code kafka} or the data dir's broker. */
  private CliRun rebuild(Optional<String> kafka, String applicationId, String compareWith) {
    List<String> args = new ArrayList<>(List.of("rebuild", "--application-id", applicationId,
        "--compare-with", compareWith, "--data-dir", dataDir.toString(), "--min-expires", Integer.toString(MIN_EXPIRES),
        "--expiry-reduction-percent", "0", "--timeout", "2m"));
    kafka.ifPresent(servers -> args.addAll(List.of("--bootstrap-servers", servers)));
    return CliRun.herald(0, args.toArray(String[]::new));
  }

  private static ProcessorState state(Map<String, Object> kafka, ProcessorConfig config, String applicationId)
      throws Exception {
    return ProcessorState.read(kafka, config, applicationId, System.currentTimeMillis(), Duration.ofSeconds(30));
  }

  /** Waits for the NOTIFY that ends alice's subscription to {@code resource} (RFC 6665 §4.1.3: terminated). */
  private static void awaitTerminated(SipTestAgent watcher, String resource) {
    await().atMost(ANSWER).until(() -> {
      Request notify = watcher.nextRequest(Duration.ofMillis(200));
      if (notify == null) {
        return false;
      }
      SubscriptionStateHeader state = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
      return notify.getHeader(FromHeader.NAME).toString().contains(resource)
          && state.getState().equalsIgnoreCase(SubscriptionStateHeader.TERMINATED);
    });
  }

  private Response subscribe(SipTestAgent watcher, String event, String resource, int expires) throws Exception {
    return send(watcher, subscribeRequest(watcher, event, resource, expires));
  }

  /** A SUBSCRIBE from the watcher's own URI, sip:PORT@example.com. */
  private Request subscribeRequest(SipTestAgent watcher, String event, String resource, int expires)
      throws Exception {
    Request request = watcher.request(Request.SUBSCRIBE, "sip:" + watcher.port() + "@example.com", resource, port);
    request.addHeader(watcher.headers.createEventHeader(event));
    request.addHeader(watcher.headers.createExpiresHeader(expires));
    return request;
  }


  /** Publishes and returns the new entity-tag; fails unless the answer is 200. */
  private String publish(SipTestAgent presentity, String event, String contentType, String ifMatch,
      String body) throws Exception {
    Response response = send(presentity, publishRequest(presentity, event, contentType, ifMatch, body, 3600));
    assertThat(response.getStatusCode()).as(response.getReasonPhrase()).isEqualTo(200);
    return ((SIPETagHeader) response.getHeader(SIPETagHeader.NAME)).getETag();
  }

  private Request publishRequest(SipTestAgent presentity, String event, String contentType, String ifMatch,
      String body, int expires) throws Exception {
    Request request = presentity.request(Request.PUBLISH, BOB, BOB, port);
    request.addHeader(presentity.headers.createEventHeader(event));
    request.addHeader(presentity.headers.createExpiresHeader(expires));
    if (ifMatch != null) {
      request.addHeader(presentity.headers.createSIPIfMatchHeader(ifMatch));
    }
    if (body != null) {
      String[] type = contentType.split("/");
      request.setContent(body, presentity.headers.createContentTypeHeader(type[0], type[1]));
    }
    return request;
  }

  private static Response send(SipTestAgent agent, Request request) throws Exception {
    return agent.send(request, ANSWER);
  }

  private static String pidf(String tuple, String basic) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + BOB
        + "\"><tuple id=\"" + tuple + "\"><status><basic>" + basic + "</basic></status></tuple></presence>";
  }

  private static String dialogInfo() {
    return "<?xml version=\"1.0\"?><dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"0\""
        + " state=\"full\" entity=\"" + BOB + "\"><dialog id=\"call-1\" direction=\"initiator\">"
        + "<state>confirmed</state></dialog></dialog-info>";
  }
}
