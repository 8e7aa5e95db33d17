package dev.herald.launcher;

import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.body;
import static dev.herald.launcher.SipChecks.healthy;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.testkit.ProsodyServer;
import dev.herald.testkit.SipTestAgent;
import dev.herald.xmpp.XmppGatewayConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import javax.sip.header.SIPETagHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * SIP and XMPP users seeing each other through the gateway, against a real Prosody and the embedded
 * broker: bob on XMPP changes his status and a SIP phone watching {@code sip:bob@xmpp.test} gets the
 * matching PIDF; alice's SIP phone publishes and carol's XMPP client, subscribed to
 * {@code alice@sip.xmpp.test}, sees it; Prosody restarted in the middle, both ways work again.
 */
class XmppGatewayIT {

  private static final String XMPP_DOMAIN = "xmpp.test";
  private static final String COMPONENT = "sip.xmpp.test";
  private static final String SECRET = "component-secret";
  private static final String BOB_SIP = "sip:bob@" + XMPP_DOMAIN;
  private static final String ALICE_SIP = "sip:alice@example.com";

  @TempDir
  Path dataDir;

  @TempDir
  Path prosodyDir;

  @BeforeAll
  static void prosodyIsThere() {
    ProsodyServer.assumeInstalled();
  }

  @Test
  void sipAndXmppUsersSeeEachOtherAndAgainAfterTheXmppServerRestarts() throws Exception {
    try (ProsodyServer prosody = ProsodyServer.start(prosodyDir, XMPP_DOMAIN, COMPONENT, SECRET)) {
      prosody.register("bob", "bob-password");
      prosody.register("carol", "carol-password");
      HeraldSettings settings = SipChecks.freshSettings(dataDir);
      int port = settings.sipPort();
      XmppGatewayConfig gateway = XmppGatewayConfig.builder().componentHost(prosody.host())
          .componentPort(prosody.componentPort()).componentName(COMPONENT).secret(SECRET)
          .xmppDomains(Set.of(XMPP_DOMAIN)).sipDomain("example.com")
          .timing(new XmppGatewayConfig.Timing(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(1),
              3600))
          .build();
      try (Herald herald = new Herald(settings).withXmppGateway(gateway).start();
           SipTestAgent watcher = SipTestAgent.udp("alice-desk");
           SipTestAgent alicePhone = SipTestAgent.udp("alice-mobile");
           SipTestAgent sipWatcherOfAlice = SipTestAgent.udp("dave")) {
        await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
        await().atMost(ANSWER).until(herald::xmppLinkUp);
        assertThat(SipChecks.adminGet(settings.adminPort(), "/health")).contains("xmpp link up: " + COMPONENT);

        AbstractXMPPConnection bob = login(prosody, "bob", "bob-password", "laptop");
        AbstractXMPPConnection carol = login(prosody, "carol", "carol-password", "phone");
        try {
          // XMPP → SIP: the first SIP watcher makes the gateway subscribe to bob; bob's client approves.
          Request watchBob = subscribeRequest(watcher, port, BOB_SIP);
          Response watching = watcher.send(watchBob, ANSWER);
          assertThat(watching.getStatusCode()).isEqualTo(200);
          bob.sendStanza(StanzaBuilder.buildPresence().ofType(Presence.Type.available).setMode(Presence.Mode.away)
              .setStatus("Out for lunch").build());
          String away = notifyContaining(watcher, "Out for lunch");
          assertThat(away).contains("<basic>open</basic>", "<rpid:away/>");

          // SIP → XMPP: carol asks for alice's presence; the default policy allows it.
          Roster carolsRoster = Roster.getInstanceFor(carol);
          BareJid alice = JidCreate.bareFrom("alice@" + COMPONENT);
          carolsRoster.createItemAndRequestSubscription(alice, "Alice", null);
          String tag = publish(alicePhone, port, null, pidf("open", "At my desk"));
          await().atMost(ANSWER).until(() -> "At my desk".equals(carolsRoster.getPresence(alice).getStatus()));
          assertThat(carolsRoster.getPresence(alice).isAvailable()).isTrue();

          // The XMPP server goes away: SIP presence goes on, bob shows closed; back, both ways work again.
          bob.disconnect();
          carol.disconnect();
          prosody.stop();
          await().atMost(ANSWER).until(() -> !herald.xmppLinkUp());
          assertThat(SipChecks.adminGet(settings.adminPort(), "/health")).contains("xmpp link down");
          assertThat(SipChecks.adminGet(settings.adminPort(), "/metrics")).contains("herald_xmpp_link_up 0.0");
          assertThat(subscribe(sipWatcherOfAlice, port, ALICE_SIP).getStatusCode()).isEqualTo(200);
          tag = publish(alicePhone, port, tag, pidf("open", "Phones still work"));
          assertThat(notifyContaining(sipWatcherOfAlice, "Phones still work")).contains("<basic>open</basic>");
          prosody.startAgain();
          await().atMost(ANSWER).until(herald::xmppLinkUp);
          assertThat(SipChecks.adminGet(settings.adminPort(), "/metrics")).contains("herald_xmpp_link_up 1.0")
              .as("each of the gateway's producers metered under a client id of its own")
              .contains("client_id=\"herald-xmpp-gateway-requests\"")
              .contains("client_id=\"herald-xmpp-gateway-subscriptions\"");
          assertThat(notifyContaining(watcher, "<basic>closed</basic>")).as("bob unknown while the link was down")
              .doesNotContain("Out for lunch");

          bob = login(prosody, "bob", "bob-password", "laptop");
          carol = login(prosody, "carol", "carol-password", "phone");
          bob.sendStanza(StanzaBuilder.buildPresence().ofType(Presence.Type.available).setMode(Presence.Mode.dnd)
              .setStatus("In a meeting").build());
          assertThat(notifyContaining(watcher, "In a meeting")).contains("<basic>open</basic>", "<rpid:busy/>");

          Roster carolAgain = Roster.getInstanceFor(carol);
          publish(alicePhone, port, tag, pidf("open", "Back from the break"));
          await().atMost(ANSWER).until(() -> "Back from the break".equals(carolAgain.getPresence(alice).getStatus()));

          // The last SIP watcher of bob leaves: the gateway no longer asks for his presence.
          Roster bobsRoster = Roster.getInstanceFor(bob);
          BareJid gatewayJid = JidCreate.bareFrom(COMPONENT);
          await().atMost(ANSWER).until(() -> bobsRoster.getEntry(gatewayJid) != null
              && bobsRoster.getEntry(gatewayJid).canSeeMyPresence());
          assertThat(watcher.send(SipChecks.unsubscribe(watcher, watchBob, watching), ANSWER).getStatusCode())
              .isEqualTo(200);
          await().atMost(ANSWER).until(() -> bobsRoster.getEntry(gatewayJid) == null
              || !bobsRoster.getEntry(gatewayJid).canSeeMyPresence());
        } finally {
          bob.disconnect();
          carol.disconnect();
        }
      }
    }
  }

  @Test
  void anXmppSubscriberWaitsPendingUntilTheSipUsersRulesAllowIt() throws Exception {
    try (ProsodyServer prosody = ProsodyServer.start(prosodyDir, XMPP_DOMAIN, COMPONENT, SECRET)) {
      prosody.register("carol", "carol-password");
      HeraldSettings settings = SipChecks.freshSettings(dataDir);
      XmppGatewayConfig gateway = XmppGatewayConfig.builder().componentHost(prosody.host())
          .componentPort(prosody.componentPort()).componentName(COMPONENT).secret(SECRET)
          .xmppDomains(Set.of(XMPP_DOMAIN)).sipDomain("example.com")
          .defaultPolicy(DomainPolicies.parse("example.com:same=allow,other=confirm")).build();
      try (Herald herald = new Herald(settings).withXmppGateway(gateway).start();
           SipTestAgent alicePhone = SipTestAgent.udp("alice-mobile")) {
        await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
        await().atMost(ANSWER).until(herald::xmppLinkUp);
        publish(alicePhone, settings.sipPort(), null, pidf("open", "Only for friends"));
        AbstractXMPPConnection carol = login(prosody, "carol", "carol-password", "phone");
        try {
          Roster roster = Roster.getInstanceFor(carol);
          BareJid alice = JidCreate.bareFrom("alice@" + COMPONENT);
          roster.createItemAndRequestSubscription(alice, "Alice", null);
          await().atMost(ANSWER).until(() -> roster.getEntry(alice) != null && roster.getEntry(alice).isSubscriptionPending());
          assertThat(roster.getPresence(alice).isAvailable()).as("a pending subscriber sees nothing").isFalse();
          CliRun allow = CliRun.herald(settings.adminPort(), "rules", "set", ALICE_SIP, "--watcher",
              "sip:carol@" + XMPP_DOMAIN, "allow");
          assertThat(allow.exitCode()).as(allow.err()).isZero();
          await().atMost(ANSWER).until(() -> "Only for friends".equals(roster.getPresence(alice).getStatus()));
          assertThat(roster.getEntry(alice).canSeeHisPresence()).isTrue();
        } finally {
          carol.disconnect();
        }
      }
    }
  }

  /** Reads NOTIFYs until one's body contains {@code text}; the body. */
  private static String notifyContaining(SipTestAgent watcher, String text) throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (System.nanoTime() < deadline) {
      String body = body(nextNotify(watcher));
      if (body.contains(text)) {
        return body;
      }
    }
    throw new AssertionError("no NOTIFY with " + text + " within " + ANSWER);
  }

  private static AbstractXMPPConnection login(ProsodyServer prosody, String user, String password, String resource)
      throws Exception {
    Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.accept_all);
    XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(XMPP_DOMAIN).setHost(prosody.host()).setPort(prosody.clientPort())
        .setUsernameAndPassword(user, password).setResource(resource)
        .setSecurityMode(SecurityMode.disabled).build();
    AbstractXMPPConnection connection = new XMPPTCPConnection(config);
    connection.connect().login();
    return connection;
  }



  private static Response subscribe(SipTestAgent agent, int port, String target) throws Exception {
    return agent.send(subscribeRequest(agent, port, target), ANSWER);
  }

  private static Request subscribeRequest(SipTestAgent agent, int port, String target) throws Exception {
    Request request = agent.request(Request.SUBSCRIBE, ALICE_SIP, target, port);
    request.addHeader(agent.headers.createEventHeader("presence"));
    request.addHeader(agent.headers.createAcceptHeader("application", "pidf+xml"));
    request.addHeader(agent.headers.createExpiresHeader(600));
    return request;
  }


  private static String publish(SipTestAgent phone, int port, String ifMatch, String body) throws Exception {
    Request request = phone.request(Request.PUBLISH, ALICE_SIP, ALICE_SIP, port);
    request.addHeader(phone.headers.createEventHeader("presence"));
    request.addHeader(phone.headers.createExpiresHeader(600));
    if (ifMatch != null) {
      request.addHeader(phone.headers.createSIPIfMatchHeader(ifMatch));
    }
    request.setContent(body, phone.headers.createContentTypeHeader("application", "pidf+xml"));
    Response response = phone.send(request, ANSWER);
    assertThat(response.getStatusCode()).as(response.getReasonPhrase()).isEqualTo(200);
    return ((SIPETagHeader) response.getHeader("SIP-ETag")).getETag();
  }

  private static String pidf(String basic, String note) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\""
        + ALICE_SIP + "\"><tuple id=\"t1\"><status><basic>" + basic + "</basic></status><note>" + note
        + "</note></tuple></presence>";
  }
}
