package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Header;
import dev.herald.avro.Subscribe;
import dev.herald.common.Health;
import dev.herald.edge.RequestIntake.Step;
import dev.herald.edge.auth.AuthSettings;
import dev.herald.edge.auth.EdgeAuthenticator;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.message.SIPMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sip.RequestEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestIntakeTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_795_000_000_000L), ZoneOffset.UTC);
  private static final EdgeConfig CONFIG = EdgeConfig.defaults("127.0.0.1", 5060);
  private static final RequestMapper.Source SOURCE = new RequestMapper.Source("udp", "192.0.2.10", 5062);
  /** For requests answered before they are mapped: where they came from does not matter. */
  private static final Supplier<RequestMapper.Source> NOT_ASKED = () -> {
    throw new AssertionError("the source of a request that is not mapped was asked for");
  };

  private final AnsweredRequests answered = new AnsweredRequests(Duration.ofSeconds(32), 100);
  private final PendingRequests pending = new PendingRequests(Duration.ofMinutes(10), AdmissionLimits.defaults(),
      answered, new SimpleMeterRegistry(), System::nanoTime, (request, why) -> {});
  private final RequestIntake intake = new RequestIntake(CONFIG, pending, EdgeAuthenticator.off(), CLOCK);

  @AfterEach
  void stop() {
    pending.stopDeadlines();
  }

  private static Step.Answer answer(Step step) {
    assertThat(step).isInstanceOf(Step.Answer.class);
    return (Step.Answer) step;
  }

  private static Step.Refuse refusal(Step step) {
    assertThat(step).isInstanceOf(Step.Refuse.class);
    return (Step.Refuse) step;
  }

  private static EdgeAuthenticator protecting(String domain, Supplier<Health> credentials) {
    AuthSettings settings = AuthSettings.of(Set.of(domain),
        "request-intake-test-nonce-secret!".getBytes(StandardCharsets.US_ASCII), Duration.ofMinutes(5));
    return new EdgeAuthenticator(settings, (user, realm) -> Optional.empty(), credentials);
  }

  @Test
  void anAckIsNeverAnsweredNotEvenForARequiredExtension() {
    Step step = intake.take(SipRequests.request(Request.ACK, "z9hG4bK-ack", "Require: foo"), NOT_ASKED);

    assertThat(step).isInstanceOf(Step.Drop.class);
  }

  @Test
  void aRequiredExtensionGets420NamingEveryTag() {
    Step step = intake.take(SipRequests.subscribe("z9hG4bK-require", "Require: foo", "Require: bar"), NOT_ASKED);

    Step.Answer answer = answer(step);
    assertThat(answer.status()).isEqualTo(420);
    assertThat(answer.reason()).isEqualTo("Bad Extension");
    assertThat(answer.headers()).containsExactly(new Header("Unsupported", "foo, bar"));
  }

  @Test
  void eventlistIsTheOneExtensionASubscribeMayRequire() {
    Step onlyEventlist = intake.take(SipRequests.subscribe("z9hG4bK-require-list", "Require: eventlist"), () -> SOURCE);
    Step withAnother = intake.take(SipRequests.subscribe("z9hG4bK-require-more", "Require: eventlist, foo"), NOT_ASKED);
    Step onPublish = intake.take(SipRequests.request(Request.PUBLISH, "z9hG4bK-require-pub", "Require: eventlist"),
        NOT_ASKED);

    assertThat(onlyEventlist).isInstanceOf(Step.Forward.class);
    assertThat(answer(withAnother).headers()).containsExactly(new Header("Unsupported", "foo"));
    assertThat(answer(onPublish).status()).isEqualTo(420);
  }

  @Test
  void aSubscribeMayRequireRecipientListSubscribeAndItsListIsCheckedNotRefused420() throws Exception {
    Request withList = SipRequests.subscribe("z9hG4bK-require-rls", "Require: recipient-list-subscribe",
        "Supported: eventlist");
    withList.setContent("<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list>"
        + "<entry uri=\"sip:carol@example.com\"/></list></resource-lists>",
        SipRequests.HEADERS.createContentTypeHeader("application", "resource-lists+xml"));
    Step withoutList = intake.take(SipRequests.subscribe("z9hG4bK-require-rls-empty",
        "Require: recipient-list-subscribe"), () -> SOURCE);
    Step onPublish = intake.take(SipRequests.request(Request.PUBLISH, "z9hG4bK-require-rls-pub",
        "Require: recipient-list-subscribe"), NOT_ASKED);

    assertThat(intake.take(withList, () -> SOURCE)).isInstanceOf(Step.Forward.class);
    assertThat(withoutList).isInstanceOfSatisfying(Step.Refuse.class, refuse -> assertThat(refuse.status()).isEqualTo(400));
    assertThat(answer(onPublish).status()).isEqualTo(420);
  }

  @Test
  void aCancelGets481EvenWithARequiredExtension() {
    Step step = intake.take(SipRequests.request(Request.CANCEL, "z9hG4bK-cancel", "Require: foo"), NOT_ASKED);

    assertThat(answer(step).status()).isEqualTo(481);
  }

  @Test
  void optionsIsAnsweredWithWhatTheEdgeAllowsAndAccepts() {
    Step step = intake.take(SipRequests.request(Request.OPTIONS, "z9hG4bK-options"), NOT_ASKED);

    Step.Answer answer = answer(step);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).extracting(Header::getName).containsExactly("Allow", "Allow-Events", "Accept",
        "Supported");
    assertThat(answer.headers().get(0).getValue()).isEqualTo("OPTIONS, SUBSCRIBE, PUBLISH, REGISTER");
    assertThat(answer.headers().get(1).getValue()).isEqualTo(new RequestMapper(CONFIG).allowEvents());
    assertThat(answer.headers().get(2).getValue()).contains("application/pidf+xml");
    assertThat(answer.headers().get(3).getValue()).isEqualTo("eventlist, recipient-list-subscribe");
  }

  @Test
  void optionsForAUriSchemeTheEdgeDoesNotServeGets416() throws Exception {
    Request options = SipRequests.request(Request.OPTIONS, "z9hG4bK-scheme");
    options.setRequestURI(SipRequests.ADDRESSES.createURI("nobodyKnowsThisScheme:totallyopaquecontent"));

    assertThat(answer(intake.take(options, NOT_ASKED)).status()).isEqualTo(416);
  }

  @Test
  void aRetransmissionOfAnAnsweredRequestGetsTheKeptResponse() {
    Request request = SipRequests.subscribe("z9hG4bK-again");
    Response kept = SipRequests.response(request, 202);
    answered.remember(RequestIds.of(request), kept);

    Step step = intake.take(SipRequests.subscribe("z9hG4bK-again"), NOT_ASKED);

    assertThat(step).isInstanceOf(Step.Repeat.class);
    assertThat(((Step.Repeat) step).response()).isSameAs(kept);
  }

  @Test
  void aRetransmissionOfAWaitingRequestIsDropped() {
    Request request = SipRequests.subscribe("z9hG4bK-absorbed");
    pending.admit(RequestIds.of(request), request);

    assertThat(intake.take(SipRequests.subscribe("z9hG4bK-absorbed"), NOT_ASKED)).isInstanceOf(Step.Drop.class);
  }

  @Test
  void aSubscribeGoesToTheProcessorUnderItsRequestIdWithItsSource() {
    Request request = SipRequests.subscribe("z9hG4bK-forward");

    Step step = intake.take(request, () -> SOURCE);

    assertThat(step).isInstanceOf(Step.Forward.class);
    Step.Forward forward = (Step.Forward) step;
    assertThat(forward.requestId()).isEqualTo(RequestIds.of(request)).isEqualTo(forward.event().getRequestId());
    assertThat(forward.event().getResource()).isEqualTo("presence|sip:bob@example.com");
    assertThat(forward.event().getReceivedAtMs()).isEqualTo(CLOCK.millis());
    assertThat(((Subscribe) forward.event().getPayload()).getSourceHost()).isEqualTo("192.0.2.10");
  }

  @Test
  void aRequestTheMapperRefusesIsRefusedUnderItsRequestId() {
    Request request = SipRequests.request(Request.SUBSCRIBE, "z9hG4bK-weather", "Event: weather");

    Step.Refuse refusal = refusal(intake.take(request, () -> SOURCE));

    assertThat(refusal.requestId()).isEqualTo(RequestIds.of(request));
    assertThat(refusal.status()).isEqualTo(489);
    assertThat(refusal.headers()).extracting(Header::getName).containsExactly("Allow-Events");
  }

  @Test
  void aMethodTheEdgeDoesNotServeIsRefused405() {
    Step.Refuse refusal = refusal(intake.take(SipRequests.request(Request.INFO, "z9hG4bK-info"), () -> SOURCE));

    assertThat(refusal.status()).isEqualTo(405);
  }

  @Test
  void aRequestToAProtectedDomainWithoutCredentialsIsChallenged() {
    RequestIntake guarded = new RequestIntake(CONFIG, pending, protecting("example.com", Health::up), CLOCK);
    Request request = SipRequests.subscribe("z9hG4bK-challenge");

    Step.Refuse refusal = refusal(guarded.take(request, () -> SOURCE));

    assertThat(refusal.requestId()).isEqualTo(RequestIds.of(request));
    assertThat(refusal.status()).isEqualTo(401);
    assertThat(refusal.reason()).isEqualTo("Unauthorized");
    assertThat(refusal.headers()).isNotEmpty().extracting(Header::getName).containsOnly("WWW-Authenticate");
  }

  @Test
  void aRequestToAProtectedDomainWhileCredentialsLoadIsUnavailable() {
    RequestIntake loading = new RequestIntake(CONFIG, pending,
        protecting("example.com", () -> Health.down("credentials loading")), CLOCK);

    Step step = loading.take(SipRequests.subscribe("z9hG4bK-loading"), () -> SOURCE);

    assertThat(step).isEqualTo(new Step.Unavailable("credentials loading"));
  }

  @Test
  void theSourceIsWhereThePacketCameFromNotWhatTheViaSays() throws Exception {
    Request request = SipRequests.subscribe("z9hG4bK-natted");
    ((SIPMessage) request).setPeerPacketSourceAddress(InetAddress.getByName("198.51.100.7"));
    ((SIPMessage) request).setPeerPacketSourcePort(40_000);

    RequestMapper.Source source = RequestIntake.sourceOf(request, new RequestEvent(this, null, null, request),
        "127.0.0.1", 5070);

    assertThat(source).isEqualTo(new RequestMapper.Source("udp", "198.51.100.7", 40_000, "127.0.0.1", 5070));
  }

  @Test
  void withoutAPacketSourceTheConnectionsRemoteEndIsTheSource() {
    Request request = SipRequests.subscribe("z9hG4bK-connection");
    RequestEventExt event = new RequestEventExt(this, null, null, request);
    event.setRemoteIpAddress("198.51.100.8");
    event.setRemotePort(41_000);

    assertThat(RequestIntake.sourceOf(request, event, "127.0.0.1", 5070))
        .isEqualTo(new RequestMapper.Source("udp", "198.51.100.8", 41_000, "127.0.0.1", 5070));
  }

  @Test
  void withNothingElseToGoByTheViaSentByIsTheSource() {
    Request request = SipRequests.subscribe("z9hG4bK-via");

    assertThat(RequestIntake.sourceOf(request, new RequestEvent(this, null, null, request), "127.0.0.1", 5070))
        .isEqualTo(new RequestMapper.Source("udp", "192.0.2.10", 5062, "127.0.0.1", 5070));
  }
}
