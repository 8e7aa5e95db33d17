package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import dev.herald.testkit.SipTestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.header.ContactHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Herald as the registrar its phones use, seen from JAIN-SIP user agents through the embedded
 * broker: REGISTER (RFC 3261 §10), the presence it derives, and watcher info (RFC 3857).
 */
class RegistrarIT {

  private static final Duration ANSWER = Duration.ofSeconds(15);

  @TempDir
  Path dataDir;

  @Test
  void aRegisteredPhoneShowsOpenToItsWatchersAndClosedWhenItUnregisters() throws Exception {
    HeraldSettings settings = new HeraldSettings("127.0.0.1", FreePorts.findFreeSipPort("127.0.0.1"), "127.0.0.1",
        FreePorts.findFreePort(), dataDir, Optional.empty());
    int heraldPort = settings.sipPort();
    try (Herald herald = new Herald(settings).start();
         SipTestAgent alice = SipTestAgent.udp("alice");
         SipTestAgent bob = SipTestAgent.udp("bob");
         SipTestAgent aliceWinfo = SipTestAgent.udp("alice")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));

      Response tooBrief = alice.send(register(alice, heraldPort, 10), ANSWER);
      assertThat(tooBrief.getStatusCode()).isEqualTo(423);
      assertThat(((MinExpiresHeader) tooBrief.getHeader(MinExpiresHeader.NAME)).getExpires()).isEqualTo(60);

      Request winfo = aliceWinfo.request(Request.SUBSCRIBE, "sip:alice@example.com", "sip:alice@example.com", heraldPort);
      winfo.addHeader(aliceWinfo.headers.createEventHeader("presence.winfo"));
      winfo.addHeader(aliceWinfo.headers.createAcceptHeader("application", "watcherinfo+xml"));
      winfo.addHeader(aliceWinfo.headers.createExpiresHeader(600));
      assertThat(aliceWinfo.send(winfo, ANSWER).getStatusCode()).isEqualTo(200);
      Request fullWinfo = nextNotify(aliceWinfo);
      assertThat(fullWinfo.getHeader("Event").toString()).contains("presence.winfo");
      assertThat(body(fullWinfo)).contains("state=\"full\"").doesNotContain("<watcher ");

      Request watch = bob.request(Request.SUBSCRIBE, "sip:bob@example.com", "sip:alice@example.com", heraldPort);
      watch.addHeader(bob.headers.createEventHeader("presence"));
      watch.addHeader(bob.headers.createExpiresHeader(600));
      assertThat(bob.send(watch, ANSWER).getStatusCode()).isEqualTo(200);
      assertThat(body(nextNotify(bob))).contains("<basic>closed</basic>");
      assertThat(body(nextNotify(aliceWinfo))).contains("state=\"partial\"", "sip:bob@example.com",
          "status=\"active\"", "event=\"subscribe\"");

      Response registered = alice.send(register(alice, heraldPort, 600), ANSWER);
      assertThat(registered.getStatusCode()).isEqualTo(200);
      List<String> contacts = contacts(registered);
      assertThat(contacts).singleElement().satisfies(c -> assertThat(c).contains(alice.contactUri().toString()));
      Request open = nextNotify(bob);
      assertThat(body(open)).contains("<basic>open</basic>", alice.contactUri().toString());

      Response unregistered = alice.send(register(alice, heraldPort, 0), ANSWER);
      assertThat(unregistered.getStatusCode()).isEqualTo(200);
      assertThat(contacts(unregistered)).isEmpty();
      assertThat(body(nextNotify(bob))).contains("<basic>closed</basic>").doesNotContain("<basic>open</basic>");

    }
  }

  private static Request register(SipTestAgent agent, int heraldPort, int expires) throws Exception {
    Request request = agent.request(Request.REGISTER, "sip:alice@example.com", "sip:alice@example.com", heraldPort);
    request.setRequestURI(agent.addresses.createURI("sip:example.com"));
    request.addHeader(agent.headers.createExpiresHeader(expires));
    return request;
  }

  private static List<String> contacts(Response response) {
    List<String> contacts = new ArrayList<>();
    response.getHeaders(ContactHeader.NAME).forEachRemaining(h -> contacts.add(h.toString().strip()));
    return contacts;
  }

  private static Request nextNotify(SipTestAgent agent) throws InterruptedException {
    Request notify = agent.nextRequest(ANSWER);
    assertThat(notify).as("a NOTIFY within %s", ANSWER).isNotNull();
    assertThat(notify.getMethod()).isEqualTo(Request.NOTIFY);
    return notify;
  }

  private static String body(Request request) {
    return request.getRawContent() == null ? "" : new String(request.getRawContent(), StandardCharsets.UTF_8);
  }

  private static boolean healthy(int adminPort) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }
}
