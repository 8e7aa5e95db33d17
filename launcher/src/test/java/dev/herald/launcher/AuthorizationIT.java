package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.body;
import static dev.herald.launcher.SipChecks.healthy;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.awaitility.Awaitility.await;

import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.testkit.SipTestAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Authorization of watchers (RFC 5025) as an operator uses it: rules set with the CLI, watchers
 * and the presentity as JAIN-SIP user agents, through the embedded broker. The default policy
 * allows the presentity's own domain and asks the presentity about the others.
 */
class AuthorizationIT {

  private static final String ALICE = "sip:alice@example.com";
  private static final String PIDF_OPEN = """
      <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">
        <tuple id="desk"><status><basic>open</basic></status></tuple>
      </presence>
      """;

  @TempDir
  Path dataDir;

  @Test
  void eachRuleDecidesWhatAWatcherSeesAndAChangedRuleTakesEffectAtOnce() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir)
        .withDefaultPolicy(DomainPolicies.parse("*:same=allow,other=confirm"));
    int port = settings.sipPort();
    try (Herald herald = new Herald(settings).start();
         SipTestAgent alice = SipTestAgent.udp("alice");
         SipTestAgent aliceWinfo = SipTestAgent.udp("alice");
         SipTestAgent bob = SipTestAgent.udp("bob");
         SipTestAgent mallory = SipTestAgent.udp("mallory");
         SipTestAgent eve = SipTestAgent.udp("eve");
         SipTestAgent trudy = SipTestAgent.udp("trudy")) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
      // Rules for eve and trudy first, so they are in force long before those two subscribe.
      assertThat(cli(settings, "rules", "set", ALICE, "--watcher", "sip:eve@elsewhere.net", "polite-block")).isZero();
      assertThat(cli(settings, "rules", "set", ALICE, "--watcher", "sip:trudy@elsewhere.net", "block")).isZero();
      Request publish = alice.request(Request.PUBLISH, ALICE, ALICE, port);
      publish.addHeader(alice.headers.createEventHeader("presence"));
      publish.addHeader(alice.headers.createExpiresHeader(3600));
      publish.setContent(PIDF_OPEN, alice.headers.createContentTypeHeader("application", "pidf+xml"));
      assertThat(alice.send(publish, ANSWER).getStatusCode()).isEqualTo(200);
      assertThat(subscribe(aliceWinfo, ALICE, "presence.winfo", port).getStatusCode()).isEqualTo(200);
      assertThat(body(nextNotify(aliceWinfo))).contains("state=\"full\"");

      // The same domain: allowed by the default policy, sees what alice published.
      assertThat(subscribe(bob, "sip:bob@example.com", "presence", port).getStatusCode()).isEqualTo(200);
      assertThat(body(nextNotify(bob))).contains("<basic>open</basic>");
      assertThat(body(nextNotify(aliceWinfo))).contains("sip:bob@example.com", "status=\"active\"");

      // Another domain: pending, without state, until alice decides; she learns of it by watcher info.
      assertThat(subscribe(mallory, "sip:mallory@elsewhere.net", "presence", port).getStatusCode()).isEqualTo(200);
      Request pending = nextNotify(mallory);
      assertThat(pending.getHeader("Subscription-State").toString()).contains("pending");
      assertThat(body(pending)).isEmpty();
      assertThat(body(nextNotify(aliceWinfo))).contains("sip:mallory@elsewhere.net", "status=\"pending\"");

      assertThat(cli(settings, "rules", "set", ALICE, "--watcher", "sip:mallory@elsewhere.net", "allow")).isZero();
      Request approved = nextNotify(mallory);
      assertThat(approved.getHeader("Subscription-State").toString()).contains("active");
      assertThat(body(approved)).contains("<basic>open</basic>");
      assertThat(body(nextNotify(aliceWinfo))).contains("sip:mallory@elsewhere.net", "event=\"approved\"");

      // Polite-block: accepted, but only ever a neutral closed document.
      assertThat(subscribe(eve, "sip:eve@elsewhere.net", "presence", port).getStatusCode()).isEqualTo(200);
      Request neutral = nextNotify(eve);
      assertThat(neutral.getHeader("Subscription-State").toString()).contains("active");
      assertThat(body(neutral)).contains("<basic>closed</basic>").doesNotContain("desk");

      // Block: refused outright.
      assertThat(subscribe(trudy, "sip:trudy@elsewhere.net", "presence", port).getStatusCode()).isEqualTo(403);

      // Allowed, then blocked: the subscription ends as rejected.
      assertThat(cli(settings, "rules", "set", ALICE, "--watcher", "sip:mallory@elsewhere.net", "block")).isZero();
      Request rejected = nextNotify(mallory);
      assertThat(rejected.getHeader("Subscription-State").toString()).contains("terminated", "reason=rejected");
    }
  }

  private static Response subscribe(SipTestAgent agent, String from, String event, int port) throws Exception {
    Request request = agent.request(Request.SUBSCRIBE, from, ALICE, port);
    request.addHeader(agent.headers.createEventHeader(event));
    request.addHeader(agent.headers.createExpiresHeader(600));
    return agent.send(request, ANSWER);
  }

  private static int cli(HeraldSettings settings, String... args) {
    CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_ADMIN_PORT", Integer.toString(settings.adminPort()),
        "HERALD_DATA_DIR", settings.dataDir().toString()));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }
}
