package dev.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.Decision;
import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.common.AdminServer;
import dev.herald.common.Json;
import dev.herald.common.Metrics;
import dev.herald.edge.EdgeConfig;
import dev.herald.edge.SipEdge;
import dev.herald.edge.StandInProcessor;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import dev.herald.testkit.SipTestAgent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Digest authentication through real edges, a real broker and a real SIP user agent. Users are
 * written to herald.credentials through the admin API; the test answers 200 to every event it
 * reads from herald.requests, standing in for the processor.
 */
class EdgeAuthIT {

  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static final String DOMAIN = "auth-it.example";
  private static final String OPEN_DOMAIN = "open-it.example";
  private static final byte[] SECRET = "edge-auth-it-secret-of-32-bytes!".getBytes(StandardCharsets.US_ASCII);
  private static final String PIDF = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@auth-it.example">
        <tuple id="t"><status><basic>open</basic></status></tuple>
      </presence>
      """;

  private static KafkaFixture kafka;
  private static CredentialStore store;
  private static CredentialsApi api;
  private static AdminServer admin;
  private static SipEdge edge;
  private static SipEdge sibling;
  private static SipEdge lateEdge;
  private static SipTestAgent alice;
  private static StandInProcessor processor;
  private static int tests;

  private String aliceAor;
  private String bobAor;
  private String aliceUser;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaFixture.shared();
    try (Admin client = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(client, (short) 1, 30_000).ensureTopics(Topics.ALL);
    }
    store = new CredentialStore(kafka.clientConfig()).start();
    api = new CredentialsApi(kafka.clientConfig(), store, Clock.systemUTC());
    admin = new AdminServer("127.0.0.1", 0, Metrics.newRegistry());
    admin.route(CredentialsApi.PATH, api);
    admin.start();
    AuthSettings auth = AuthSettings.of(Set.of(DOMAIN), SECRET, Duration.ofSeconds(300));
    EdgeConfig config = EdgeConfig.defaults("127.0.0.1", 0);
    edge = startEdge(config.withEdge("auth-a", 12, Duration.ofSeconds(3), 5), auth, Clock.systemUTC());
    sibling = startEdge(config.withEdge("auth-b", 13, Duration.ofSeconds(3), 5), auth, Clock.systemUTC());
    // Its clock runs past the nonce lifetime: every nonce the first edge issued is stale there.
    lateEdge = startEdge(config.withEdge("auth-late", 14, Duration.ofSeconds(3), 5), auth,
        Clock.offset(Clock.systemUTC(), Duration.ofSeconds(400)));
    alice = SipTestAgent.udp("alice");
    processor = new StandInProcessor(kafka, "auth-it-processor");
    processor.decideWith(event -> event.getResource().contains(DOMAIN) || event.getResource().contains(OPEN_DOMAIN)
        ? Decision.newBuilder().setRequestId(event.getRequestId()).setReplyPartition(event.getReplyPartition())
            .setStatusCode(200).setReason("OK").setDecidedAtMs(0).build()
        : null);
  }

  private static SipEdge startEdge(EdgeConfig config, AuthSettings auth, Clock clock) throws Exception {
    SipEdge started = new SipEdge(config, kafka.clientConfig(), clock, new SimpleMeterRegistry(),
        new EdgeAuthenticator(auth, store, store::health)).start();
    await().atMost(ANSWER).until(() -> started.healthCheck().check().healthy());
    return started;
  }

  @AfterAll
  static void stop() throws Exception {
    processor.close();
    alice.close();
    for (SipEdge each : new SipEdge[] {edge, sibling, lateEdge}) {
      each.close();
    }
    admin.close();
    api.close();
    store.close();
  }

  @BeforeEach
  void newUsers() throws Exception {
    tests++;
    aliceUser = "alice" + tests;
    aliceAor = "sip:" + aliceUser + "@" + DOMAIN;
    bobAor = "sip:bob" + tests + "@" + DOMAIN;
    putUser(aliceUser, "s3cret", aliceAor);
    await().atMost(ANSWER).until(() -> store.find(aliceUser, DOMAIN).isPresent());
  }

  private static void putUser(String user, String password, String aor) throws Exception {
    String body = Json.write(new CredentialsApi.UserBody(null, null,
        DigestAlgorithm.MD5.ha1(user, DOMAIN, password), DigestAlgorithm.SHA_256.ha1(user, DOMAIN, password),
        aor, List.of()));
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + admin.port() + "/api/users/" + user + "@" + DOMAIN))
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private Request publish(SipEdge to, String from, String presentity) throws Exception {
    Request request = alice.request(Request.PUBLISH, from, presentity, to.sipPort());
    request.addHeader(alice.headers.createEventHeader("presence"));
    request.addHeader(alice.headers.createExpiresHeader(3600));
    request.setContent(PIDF, alice.headers.createContentTypeHeader("application", "pidf+xml"));
    return request;
  }

  private Request subscribe(SipEdge to, String from, String presentity) throws Exception {
    Request request = alice.request(Request.SUBSCRIBE, from, presentity, to.sipPort());
    request.addHeader(alice.headers.createEventHeader("presence"));
    request.addHeader(alice.headers.createExpiresHeader(600));
    return request;
  }

  /** The challenge of one algorithm out of a 401. */
  private static WWWAuthenticateHeader challenge(Response response, DigestAlgorithm algorithm) {
    List<WWWAuthenticateHeader> all = challenges(response);
    return all.stream().filter(c -> algorithm.token().equals(c.getAlgorithm())).findFirst().orElseThrow();
  }

  private static List<WWWAuthenticateHeader> challenges(Response response) {
    List<WWWAuthenticateHeader> all = new ArrayList<>();
    response.getHeaders(WWWAuthenticateHeader.NAME).forEachRemaining(h -> all.add((WWWAuthenticateHeader) h));
    return all;
  }

  /** The request again, in a new transaction, with the Authorization a phone computes for the challenge. */
  private Request answer(Request request, WWWAuthenticateHeader challenge, String password, String nc) throws Exception {
    Request retry = (Request) request.clone();
    retry.removeHeader("Via");
    retry.addHeader(alice.headers.createViaHeader("127.0.0.1", alice.port(), "udp", null));
    retry.setHeader(alice.headers.createCSeqHeader(
        ((javax.sip.header.CSeqHeader) request.getHeader("CSeq")).getSeqNumber() + 1, request.getMethod()));
    DigestAlgorithm algorithm = DigestAlgorithm.fromToken(challenge.getAlgorithm()).orElseThrow();
    String uri = request.getRequestURI().toString();
    String cnonce = "c" + tests + nc;
    AuthorizationHeader authorization = alice.headers.createAuthorizationHeader("Digest");
    authorization.setUsername(aliceUser);
    authorization.setRealm(challenge.getRealm());
    authorization.setNonce(challenge.getNonce());
    authorization.setURI(request.getRequestURI());
    authorization.setAlgorithm(algorithm.token());
    authorization.setQop("auth");
    authorization.setCNonce(cnonce);
    authorization.setParameter("nc", nc);
    authorization.setResponse(algorithm.response(algorithm.ha1(aliceUser, DOMAIN, password),
        challenge.getNonce(), nc, cnonce, "auth", request.getMethod(), uri));
    retry.setHeader(authorization);
    return retry;
  }

  private RequestEvent eventOf(Request request) {
    String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    await().atMost(ANSWER).until(() -> processor.seen.stream().anyMatch(e -> callIdOf(e).equals(callId)));
    return processor.seen.stream().filter(e -> callIdOf(e).equals(callId)).findFirst().orElseThrow();
  }

  private static String callIdOf(RequestEvent event) {
    return event.getPayload() instanceof Publish p ? p.getCallId()
        : event.getPayload() instanceof Subscribe s ? s.getCallId() : "";
  }

  private boolean forwarded(Request request) {
    String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    return processor.seen.stream().anyMatch(e -> callIdOf(e).equals(callId));
  }

  @Test
  void aPublishIsChallengedSha256FirstThenAcceptedWithSha256AndAssertsThePublisher() throws Exception {
    Request request = publish(edge, aliceAor, aliceAor);

    Response challenged = alice.send(request, ANSWER);

    assertThat(challenged.getStatusCode()).isEqualTo(401);
    assertThat(challenges(challenged)).extracting(WWWAuthenticateHeader::getAlgorithm).containsExactly("SHA-256", "MD5");
    assertThat(challenges(challenged)).allSatisfy(c -> {
      assertThat(c.getRealm()).isEqualTo(DOMAIN);
      assertThat(c.getQop()).isEqualTo("auth");
    });
    Request retry = answer(request, challenge(challenged, DigestAlgorithm.SHA_256), "s3cret", "00000001");
    assertThat(alice.send(retry, ANSWER).getStatusCode()).isEqualTo(200);
    assertThat(((Publish) eventOf(retry).getPayload()).getAssertedIdentity()).isEqualTo(aliceAor);
  }

  @Test
  void aSubscribeIsAcceptedWithMd5ForAnyPresentityAndAssertsTheWatcher() throws Exception {
    Request request = subscribe(edge, aliceAor, bobAor);
    Response challenged = alice.send(request, ANSWER);
    assertThat(challenged.getStatusCode()).isEqualTo(401);

    Request retry = answer(request, challenge(challenged, DigestAlgorithm.MD5), "s3cret", "00000001");

    assertThat(alice.send(retry, ANSWER).getStatusCode()).isEqualTo(200);
    assertThat(((Subscribe) eventOf(retry).getPayload()).getAssertedIdentity()).isEqualTo(aliceAor);
    assertThat(processor.seen).filteredOn(e -> callIdOf(e).equals(callIdOf(eventOf(retry))))
        .as("the unauthenticated SUBSCRIBE went nowhere, only its retry").hasSize(1);
  }

  @Test
  void aWrongPasswordIsChallengedAgain() throws Exception {
    Request request = publish(edge, aliceAor, aliceAor);
    Response challenged = alice.send(request, ANSWER);

    Response again = alice.send(answer(request, challenge(challenged, DigestAlgorithm.SHA_256), "guess", "00000001"),
        ANSWER);

    assertThat(again.getStatusCode()).isEqualTo(401);
    assertThat(challenge(again, DigestAlgorithm.SHA_256).getParameter("stale")).isNull();
  }

  @Test
  void aForgedNonceIsRefusedWithAFreshChallengeThatIsNotStale() throws Exception {
    Request request = publish(edge, aliceAor, aliceAor);
    WWWAuthenticateHeader issued = challenge(alice.send(request, ANSWER), DigestAlgorithm.SHA_256);
    String nonce = issued.getNonce();
    issued.setNonce((nonce.charAt(0) == 'A' ? "B" : "A") + nonce.substring(1));

    Request forged = answer(request, issued, "s3cret", "00000001");
    Response response = alice.send(forged, ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(challenge(response, DigestAlgorithm.SHA_256).getParameter("stale")).isNull();
    assertThat(forwarded(forged)).isFalse();
  }

  @Test
  void aReplayedAuthorizationIsRefused() throws Exception {
    Request request = publish(edge, aliceAor, aliceAor);
    WWWAuthenticateHeader issued = challenge(alice.send(request, ANSWER), DigestAlgorithm.SHA_256);
    Request first = answer(request, issued, "s3cret", "00000001");
    assertThat(alice.send(first, ANSWER).getStatusCode()).isEqualTo(200);

    Request replay = (Request) first.clone();
    replay.removeHeader("Via");
    replay.addHeader(alice.headers.createViaHeader("127.0.0.1", alice.port(), "udp", null));
    Response response = alice.send(replay, ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(alice.send(answer(request, issued, "s3cret", "00000002"), ANSWER).getStatusCode())
        .as("the next nonce count is fine").isEqualTo(200);
  }

  @Test
  void aNonceIssuedByOneEdgeIsAcceptedByAnotherSharingTheSecret() throws Exception {
    WWWAuthenticateHeader issued = challenge(alice.send(publish(edge, aliceAor, aliceAor), ANSWER),
        DigestAlgorithm.SHA_256);

    Request elsewhere = answer(publish(sibling, aliceAor, aliceAor), issued, "s3cret", "00000001");

    assertThat(alice.send(elsewhere, ANSWER).getStatusCode()).isEqualTo(200);
    assertThat(eventOf(elsewhere).getEdgeId()).isEqualTo("auth-b");
  }

  @Test
  void aNonceOlderThanItsLifetimeIsAnsweredWithStaleTrue() throws Exception {
    WWWAuthenticateHeader issued = challenge(alice.send(publish(edge, aliceAor, aliceAor), ANSWER), DigestAlgorithm.MD5);

    Response response = alice.send(answer(publish(lateEdge, aliceAor, aliceAor), issued, "s3cret", "00000001"), ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(challenges(response)).allSatisfy(c -> assertThat(c.getParameter("stale")).isEqualToIgnoringCase("true"));
    assertThat(challenge(response, DigestAlgorithm.MD5).getNonce()).isNotEqualTo(issued.getNonce());
  }

  @Test
  void aPublishForSomeoneElsesPresenceIsForbidden() throws Exception {
    Request request = publish(edge, aliceAor, bobAor);
    WWWAuthenticateHeader issued = challenge(alice.send(request, ANSWER), DigestAlgorithm.SHA_256);

    Request retry = answer(request, issued, "s3cret", "00000001");

    assertThat(alice.send(retry, ANSWER).getStatusCode()).isEqualTo(403);
    assertThat(forwarded(retry)).isFalse();
  }

  @Test
  void aRegisterIsChallengedAndOneForSomeoneElsesAorIsForbidden() throws Exception {
    Request register = alice.request(Request.REGISTER, aliceAor, bobAor, edge.sipPort());
    register.setRequestURI(alice.addresses.createURI("sip:" + DOMAIN));
    register.addHeader(alice.headers.createExpiresHeader(600));
    Response challenged = alice.send(register, ANSWER);
    assertThat(challenged.getStatusCode()).isEqualTo(401);

    Response response = alice.send(answer(register, challenge(challenged, DigestAlgorithm.SHA_256), "s3cret",
        "00000001"), ANSWER);

    assertThat(response.getStatusCode()).isEqualTo(403);
  }

  @Test
  void aChallengeIsSentAgainUnchangedToARetransmission() throws Exception {
    Request request = publish(edge, aliceAor, aliceAor);
    String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    request.setHeader(alice.headers.createViaHeader("127.0.0.1", alice.port(), "udp", "z9hG4bK-auth-rtx-" + tests));

    alice.sendStateless(request);
    Response first = alice.nextStrayResponse(callId, ANSWER);
    Response second = alice.sendUntilAnswered(request, ANSWER);

    assertThat(first.getStatusCode()).isEqualTo(401);
    assertThat(second).as("an answer to the retransmission").isNotNull();
    assertThat(challenge(second, DigestAlgorithm.SHA_256).getNonce())
        .isEqualTo(challenge(first, DigestAlgorithm.SHA_256).getNonce());
  }

  @Test
  void aDomainWithoutAuthenticationIsUnaffected() throws Exception {
    Request request = publish(edge, "sip:carol@" + OPEN_DOMAIN, "sip:carol@" + OPEN_DOMAIN);

    assertThat(alice.send(request, ANSWER).getStatusCode()).isEqualTo(200);
    assertThat(((Publish) eventOf(request).getPayload()).getAssertedIdentity()).isNull();
  }

  @Test
  void aPublishIntoAProtectedDomainFromAnotherDomainIsChallenged() throws Exception {
    Request request = publish(edge, "sip:carol@" + OPEN_DOMAIN, aliceAor);

    assertThat(alice.send(request, ANSWER).getStatusCode()).isEqualTo(401);
    assertThat(forwarded(request)).isFalse();
  }
}
