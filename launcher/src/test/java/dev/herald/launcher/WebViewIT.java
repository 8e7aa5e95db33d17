package dev.herald.launcher;

import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.healthy;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.Json;
import dev.herald.common.admin.AdminRole;
import dev.herald.common.admin.AdminTokens;
import dev.herald.launcher.ui.UiSettings;
import dev.herald.registrant.RegistrantConfig;
import dev.herald.testkit.SipTestAgent;
import dev.herald.testkit.TestRegistrar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sip.header.SIPETagHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view against a running Herald on the embedded broker: a real SIP agent PUBLISHes, another
 * SUBSCRIBEs, a registrant account registers at a test registrar, and the JSON snapshot and the event
 * stream of {@code /ui} show each of them, and the end of the subscription.
 */
class WebViewIT {

  static final String ALICE = "sip:alice@example.com";
  static final String PIDF = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:alice@example.com">
        <tuple id="desk"><status><basic>%s</basic></status><note>%s</note></tuple>
        <dm:person id="p"><rpid:activities><rpid:%s/></rpid:activities></dm:person>
      </presence>
      """;

  @TempDir
  Path dataDir;

  @Test
  void aPublishASubscribeAndARegistrationShowInTheSnapshotAndTheEventStream() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    int port = settings.sipPort();
    int admin = settings.adminPort();
    RegistrantConfig worker = RegistrantConfig.defaults("registrant-0", "herald-registrant")
        .withSip("127.0.0.1", 0, "UDP").withSpread(Duration.ofSeconds(1), 100);
    try (TestRegistrar registrar = new TestRegistrar().grant(300, true);
         Herald herald = new Herald(settings).withUi(UiSettings.defaults()).withRegistrantWorker(worker).start();
         SipTestAgent alice = SipTestAgent.udp("alice");
         SipTestAgent bob = SipTestAgent.udp("bob");
         EventStreamClient events = EventStreamClient.open(admin, "/ui/events")) {
      await().atMost(ANSWER).until(() -> healthy(admin));
      assertThat(events.response().headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/event-stream"));
      awaitEvent(events, "snapshot", "\"presentities\"");

      Response published = publish(alice, port, null, "open", "<b>in a meeting</b>", "meeting");
      assertThat(published.getStatusCode()).isEqualTo(200);
      awaitEvent(events, "presentity", ALICE, "\"basic\":\"open\"", "meeting");
      JsonNode alicesState = presentity(admin, ALICE);
      assertThat(alicesState.path("note").asText()).as("the note as published; the page shows it as text")
          .isEqualTo("<b>in a meeting</b>");
      assertThat(alicesState.path("activities").toString()).contains("meeting");
      assertThat(alicesState.path("domain").asText()).isEqualTo("example.com");

      Request subscribe = bob.request(Request.SUBSCRIBE, "sip:bob@example.com", ALICE, port);
      subscribe.addHeader(bob.headers.createEventHeader("presence"));
      subscribe.addHeader(bob.headers.createExpiresHeader(600));
      Response subscribed = bob.send(subscribe, ANSWER);
      assertThat(subscribed.getStatusCode()).isEqualTo(200);
      nextNotify(bob);
      awaitEvent(events, "watcher", "sip:bob@example.com", "\"state\":\"active\"");
      JsonNode watcher = snapshot(admin).path("view").path("watchers").get(0);
      assertThat(watcher.path("resource").asText()).isEqualTo("presence|" + ALICE);
      assertThat(watcher.path("transport").asText()).isEqualTo("udp");
      assertThat(watcher.path("remote").asText()).isEqualTo("127.0.0.1:" + bob.port());
      assertThat(watcher.path("edge").asText()).isNotEmpty();
      String callId = ((javax.sip.header.CallIdHeader) subscribe.getHeader("Call-ID")).getCallId();
      assertThat(SipChecks.adminGet(admin, "/ui/snapshot")).as("no dialog identifiers shown").doesNotContain(callId);

      CliRun add = CliRun.herald(admin, "reg", "add", "--registrar", registrar.uri(), "--aor", "sip:pbx@example.net",
          "--binding-uri", "sip:pbx@127.0.0.1:5999");
      assertThat(add.exitCode()).as("%s", add).isZero();
      awaitEvent(events, "registrant", "sip:pbx@example.net", "\"state\":3",
          "REGISTERED");

      assertThat(publish(alice, port, published, "closed", "gone home", "away").getStatusCode()).isEqualTo(200);
      awaitEvent(events, "presentity", ALICE, "\"basic\":\"closed\"", "gone home");
      nextNotify(bob);

      assertThat(bob.send(SipChecks.unsubscribe(bob, subscribe, subscribed), ANSWER).getStatusCode()).isEqualTo(200);
      awaitEvent(events, "watcher", "\"key\":\"presence|" + ALICE + "#", "\"value\":null");
      assertThat(snapshot(admin).path("view").path("watchers").size()).isZero();
      assertThat(snapshot(admin).path("actions").asBoolean()).as("offered to an admin token").isTrue();
      String readToken = AdminTokens.at(dataDir.resolve(AdminAuthSettings.TOKENS_FILE))
          .create("viewer", AdminRole.READ, Clock.systemUTC()).token();
      HttpResponse<String> readOnly = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + admin + "/ui/snapshot")).header("Authorization", "Bearer " + readToken)
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(Json.read(readOnly.body(), JsonNode.class).path("actions").asBoolean()).as("not to a read token")
          .isFalse();
    }
  }

  @Test
  void thePageIsServedWithAPolicyAgainstInjectedScriptsAndTheViewTakesNoWrites() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (Herald herald = new Herald(settings).withUi(UiSettings.defaults()).start()) {
      HttpResponse<String> page = get(settings.adminPort(), "/ui");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<script src=\"/ui/app.js\"");
      assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
          policy -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline"));
      assertThat(get(settings.adminPort(), "/ui/app.js").body()).contains("textContent")
          .doesNotContain("innerHTML");
      assertThat(get(settings.adminPort(), "/ui/nothing.html").statusCode()).isEqualTo(404);
      HttpResponse<String> post = HttpClient.newHttpClient().send(SipChecks.adminRequest(settings.adminPort(),
          "/ui/snapshot").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void withTheViewOffThereIsNoUiRoute() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (Herald herald = new Herald(settings).withUi(UiSettings.off()).start()) {
      assertThat(get(settings.adminPort(), "/ui").statusCode()).isEqualTo(404);
      assertThat(herald.webView()).isFalse();
    }
  }

  /** A PUBLISH of alice's presence; a modification of the publication {@code previous} answered, when given. */
  static Response publish(SipTestAgent agent, int port, Response previous, String basic, String note, String activity)
      throws Exception {
    Request request = agent.request(Request.PUBLISH, ALICE, ALICE, port);
    if (previous != null) {
      request.addHeader(agent.headers.createSIPIfMatchHeader(
          ((SIPETagHeader) previous.getHeader(SIPETagHeader.NAME)).getETag()));
    }
    request.addHeader(agent.headers.createEventHeader("presence"));
    request.addHeader(agent.headers.createExpiresHeader(3600));
    String escapedNote = note.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    request.setContent(PIDF.formatted(basic, escapedNote, activity),
        agent.headers.createContentTypeHeader("application", "pidf+xml"));
    return agent.send(request, ANSWER);
  }

  /** Waits for an event of {@code type} whose data contains every one of {@code parts}. */
  static void awaitEvent(EventStreamClient events, String type, String... parts) {
    await().atMost(ANSWER).untilAsserted(() -> assertThat(events.has(type, parts))
        .as("a %s event with %s among %s", type, java.util.List.of(parts), events.events).isTrue());
  }

  private static JsonNode snapshot(int admin) throws Exception {
    return Json.read(SipChecks.adminGet(admin, "/ui/snapshot"), JsonNode.class);
  }

  private static JsonNode presentity(int admin, String uri) throws Exception {
    for (JsonNode presentity : snapshot(admin).path("view").path("presentities")) {
      if (presentity.path("uri").asText().equals(uri)) {
        return presentity;
      }
    }
    throw new AssertionError("no " + uri + " in the snapshot");
  }

  private static HttpResponse<String> get(int admin, String path) throws Exception {
    return HttpClient.newHttpClient().send(SipChecks.adminRequest(admin, path).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
