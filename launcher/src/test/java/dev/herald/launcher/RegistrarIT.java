package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.body;
import static dev.herald.launcher.SipChecks.healthy;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.awaitility.Awaitility.await;

import dev.herald.edge.auth.AuthSettings;
import dev.herald.schemas.Topics;
import dev.herald.testkit.DigestAnswer;
import dev.herald.testkit.SipTestAgent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sip.header.ContactHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Herald as the registrar its phones use, seen from JAIN-SIP user agents through the embedded
 * broker: REGISTER (RFC 3261 §10), the presence it derives, and watcher info (RFC 3857).
 */
class RegistrarIT {

  @TempDir
  Path dataDir;

  @Test
  void aRegisteredPhoneShowsOpenToItsWatchersAndClosedWhenItUnregisters() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
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

  @Test
  void withAuthenticationAPhoneRegistersWithSha256OrMd5AndOnlyItsOwnAor() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    AuthSettings auth = AuthSettings.of(Set.of("example.com"), new byte[32], Duration.ofMinutes(5));
    try (Herald herald = new Herald(settings).withAuth(auth).start();
         SipTestAgent alice = SipTestAgent.udp("alice")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
      addUser(settings, "sip:alice@example.com", "alice-secret");

      for (String algorithm : List.of("SHA-256", "MD5")) {
        Request request = register(alice, settings.sipPort(), 600);
        Response challenged = alice.send(request, ANSWER);
        assertThat(challenged.getStatusCode()).isEqualTo(401);
        WWWAuthenticateHeader challenge = challenges(challenged).stream()
            .filter(c -> algorithm.equals(c.getAlgorithm())).findFirst().orElseThrow();
        Response registered = alice.send(DigestAnswer.retry(alice, request, challenge, "alice", "alice-secret"), ANSWER);
        assertThat(registered.getStatusCode()).as(algorithm).isEqualTo(200);
        assertThat(contacts(registered)).singleElement().satisfies(c -> assertThat(c).contains("expires="));
      }

      Request wrong = register(alice, settings.sipPort(), 600);
      WWWAuthenticateHeader challenge = challenges(alice.send(wrong, ANSWER)).get(0);
      assertThat(alice.send(DigestAnswer.retry(alice, wrong, challenge, "alice", "guess"), ANSWER).getStatusCode())
          .as("a wrong password is challenged again").isEqualTo(401);

      Request asBob = register(alice, settings.sipPort(), 600);
      asBob.setHeader(alice.headers.createToHeader(alice.addresses.createAddress("sip:bob@example.com"), null));
      WWWAuthenticateHeader bobChallenge = challenges(alice.send(asBob, ANSWER)).get(0);
      assertThat(alice.send(DigestAnswer.retry(alice, asBob, bobChallenge, "alice", "alice-secret"), ANSWER)
          .getStatusCode()).as("alice may not register bob's AOR").isEqualTo(403);
    }
  }

  @Test
  void anExternalRegistrarsBindingsShowAsPresence() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (Herald herald = new Herald(settings).start();
         SipTestAgent bob = SipTestAgent.udp("bob");
         KafkaProducer<String, String> opensips = new KafkaProducer<>(
             Map.of("bootstrap.servers", herald.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
      Request watch = bob.request(Request.SUBSCRIBE, "sip:bob@example.com", "sip:carol@example.com", settings.sipPort());
      watch.addHeader(bob.headers.createEventHeader("presence"));
      watch.addHeader(bob.headers.createExpiresHeader(600));
      assertThat(bob.send(watch, ANSWER).getStatusCode()).isEqualTo(200);
      assertThat(body(nextNotify(bob))).contains("<basic>closed</basic>");

      opensips.send(new ProducerRecord<>(Topics.REGISTRAR_EVENTS.name(), "carol@example.com", """
          {"jsonrpc":"2.0","method":"E_UL_CONTACT_INSERT","params":{"aor":"carol@example.com",
           "uri":"sip:carol@203.0.113.9:5060","expires":3600,"callid":"os-1","cseq":1}}""")).get();

      assertThat(body(nextNotify(bob))).contains("<basic>open</basic>", "sip:carol@203.0.113.9:5060");
    }
  }

  private static void addUser(HeraldSettings settings, String aor, String password) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
    try {
      CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_ADMIN_PORT", Integer.toString(settings.adminPort()),
          "HERALD_DATA_DIR", settings.dataDir().toString()));
      cli.setOut(new PrintWriter(new StringWriter(), true));
      assertThat(cli.execute("user", "add", aor, "--password-stdin")).isZero();
    } finally {
      System.setIn(original);
    }
  }

  private static List<WWWAuthenticateHeader> challenges(Response response) {
    List<WWWAuthenticateHeader> all = new ArrayList<>();
    response.getHeaders(WWWAuthenticateHeader.NAME).forEachRemaining(h -> all.add((WWWAuthenticateHeader) h));
    return all;
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
}
