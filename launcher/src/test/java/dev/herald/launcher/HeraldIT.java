package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.Decision;
import dev.herald.avro.RequestEvent;
import dev.herald.common.FreePorts;
import dev.herald.schemas.Topics;
import dev.herald.testkit.SipTestAgent;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The one-command run, as a user starts it: embedded broker, topics, every role, one admin port. */
class HeraldIT {

  private static final Duration ANSWER = Duration.ofSeconds(15);

  @TempDir
  Path dataDir;

  private HeraldSettings settings() {
    int sipPort = FreePorts.findFreeSipPort("127.0.0.1");
    int adminPort = FreePorts.findFreePort();
    return SipChecks.register(HeraldSettings.builder().sipHost("127.0.0.1").sipPort(sipPort).adminHost("127.0.0.1")
        .adminPort(adminPort).dataDir(dataDir).build());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(SipChecks.adminRequest(port, path).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Request subscribe(SipTestAgent agent, int port, String branch) throws Exception {
    Request request = agent.request(Request.SUBSCRIBE, "sip:alice@example.com", "sip:bob@example.com", port);
    request.addHeader(agent.headers.createEventHeader("presence"));
    request.addHeader(agent.headers.createExpiresHeader(600));
    request.setHeader(agent.headers.createViaHeader("127.0.0.1", agent.port(), "udp", branch));
    return request;
  }

  private static final String PIDF_OPEN = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.com">
        <tuple id="desk"><status><basic>open</basic></status></tuple>
      </presence>
      """;

  private static Request publish(SipTestAgent bob, int port, String ifMatch, String body) throws Exception {
    Request request = bob.request(Request.PUBLISH, "sip:bob@example.com", "sip:bob@example.com", port);
    request.addHeader(bob.headers.createEventHeader("presence"));
    request.addHeader(bob.headers.createExpiresHeader(3600));
    if (ifMatch != null) {
      request.addHeader(bob.headers.createSIPIfMatchHeader(ifMatch));
    }
    if (body != null) {
      request.setContent(body, bob.headers.createContentTypeHeader("application", "pidf+xml"));
    }
    return request;
  }

  private static Request nextNotify(SipTestAgent agent) throws InterruptedException {
    Request notify = agent.nextRequest(ANSWER);
    assertThat(notify).as("a NOTIFY within %s", ANSWER).isNotNull();
    assertThat(notify.getMethod()).isEqualTo(Request.NOTIFY);
    return notify;
  }

  private static long cseqOf(Request request) {
    return ((javax.sip.header.CSeqHeader) request.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
  }

  private static String bodyOf(Request request) {
    return new String(request.getRawContent(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aWatcherSeesEveryPublishedChangeThroughKafkaAndAcrossARestart() throws Exception {
    HeraldSettings settings = settings();
    int alicePort = FreePorts.findFreeSipPort("127.0.0.1");
    String branch = "z9hG4bK-herald-it-1";
    Decision firstDecision;
    String entityTag;
    try (Herald herald = new Herald(settings).start();
         SipTestAgent alice = new SipTestAgent("alice", "udp", alicePort);
         SipTestAgent bob = SipTestAgent.udp("bob")) {
      await().atMost(ANSWER).until(() -> get(settings.adminPort(), "/health").statusCode() == 200);

      Response options = alice.send(alice.request(Request.OPTIONS, "sip:alice@example.com",
          "sip:herald@example.com", settings.sipPort()), ANSWER);
      assertThat(options.getStatusCode()).isEqualTo(200);

      Response subscribed = alice.send(subscribe(alice, settings.sipPort(), branch), ANSWER);
      assertThat(subscribed.getStatusCode()).isEqualTo(200);
      Request first = nextNotify(alice);
      assertThat(cseqOf(first)).isEqualTo(1);
      assertThat(first.getHeader("Subscription-State").toString()).contains("active;expires=");
      assertThat(bodyOf(first)).as("neither published nor registered: closed").contains("<basic>closed</basic>")
          .doesNotContain("<basic>open</basic>");

      Response published = bob.send(publish(bob, settings.sipPort(), null, PIDF_OPEN), ANSWER);
      assertThat(published.getStatusCode()).isEqualTo(200);
      entityTag = ((javax.sip.header.SIPETagHeader) published.getHeader("SIP-ETag")).getETag();
      Request second = nextNotify(alice);
      assertThat(cseqOf(second)).isEqualTo(2);
      assertThat(bodyOf(second)).contains("<tuple id=\"desk\">", "<basic>open</basic>");

      String requestId = branch + "|SUBSCRIBE|127.0.0.1:" + alicePort;
      assertThat(LogReader.all(herald.bootstrapServers(), Topics.REQUESTS.name(), Topics.REQUESTS.valueSerde().deserializer()))
          .extracting(RequestEvent::getRequestId).contains(requestId);
      firstDecision = LogReader.all(herald.bootstrapServers(), Topics.REPLIES.name(), Topics.REPLIES.valueSerde().deserializer())
          .stream().filter(d -> d.getRequestId().equals(requestId)).findFirst().orElseThrow();

      HttpResponse<String> metrics = get(settings.adminPort(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("herald_edge_decision_latency", "jvm_memory_used_bytes");
    }

    try (Herald again = new Herald(settings).start();
         SipTestAgent alice = new SipTestAgent("alice", "udp", alicePort);
         SipTestAgent bob = SipTestAgent.udp("bob")) {
      await().atMost(ANSWER).until(() -> get(settings.adminPort(), "/health").statusCode() == 200);

      // The publication and the subscription outlived the restart: a modification reaches the watcher
      // with the dialog's next CSeq.
      Response modified = bob.send(publish(bob, settings.sipPort(), entityTag,
          PIDF_OPEN.replace("open", "closed")), ANSWER);
      assertThat(modified.getStatusCode()).isEqualTo(200);
      Request third = nextNotify(alice);
      assertThat(cseqOf(third)).isEqualTo(3);
      assertThat(bodyOf(third)).contains("<basic>closed</basic>");

      // The same SUBSCRIBE transaction again: the new edge has no cache, the processor's stored
      // decision answers it and no second subscription is made.
      String requestId = branch + "|SUBSCRIBE|127.0.0.1:" + alicePort;
      Request retransmission = subscribe(alice, settings.sipPort(), branch);
      String callId = ((CallIdHeader) retransmission.getHeader(CallIdHeader.NAME)).getCallId();
      alice.sendStateless(retransmission);
      Response response = alice.nextStrayResponse(callId, ANSWER);
      assertThat(response).isNotNull();
      assertThat(response.getStatusCode()).isEqualTo(200);
      List<Decision> decisions = LogReader.all(again.bootstrapServers(), Topics.REPLIES.name(),
          Topics.REPLIES.valueSerde().deserializer());
      assertThat(decisions).filteredOn(d -> d.getRequestId().equals(requestId))
          .extracting(Decision::getDecidedAtMs)
          .as("the decision of the first run, replayed from the processor's store, not decided anew")
          .containsOnly(firstDecision.getDecidedAtMs());
    }
  }

  @Test
  void theCliFindsARunningHeraldThroughTheAdminPortVariable() throws Exception {
    HeraldSettings settings = settings();
    try (Herald herald = new Herald(settings).start()) {
      await().atMost(ANSWER).until(() -> get(settings.adminPort(), "/health").statusCode() == 200);
      CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_ADMIN_PORT", Integer.toString(settings.adminPort()),
          "HERALD_DATA_DIR", settings.dataDir().toString()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      cli.setOut(new PrintWriter(out, true));

      int exit = cli.execute("health");

      assertThat(exit).isZero();
      assertThat(out.toString()).contains("UP", "sip-edge: ok", "streams-processor: ok", "notifier: ok",
          "registrant-worker: ok");
    }
    CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_ADMIN_PORT", Integer.toString(settings.adminPort())));
    cli.setErr(new PrintWriter(new ByteArrayOutputStream(), true));
    assertThat(cli.execute("health")).as("nothing runs there any more").isNotZero();
  }
}
