package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Flow;
import dev.herald.avro.Header;
import dev.herald.avro.Publish;
import dev.herald.avro.RecipientListEntry;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.packages.spi.EventPackages;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.PackageSettings;
import dev.herald.packages.spi.Refusals;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.sip.SipFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RequestMapperTest {

  private static MessageFactory messages;
  private final RequestMapper mapper = new RequestMapper(EdgeConfig.defaults("127.0.0.1", 5060));
  private final RequestMapper.Source source = new RequestMapper.Source("udp", "192.0.2.10", 5062);

  @BeforeAll
  static void factories() throws Exception {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    messages = factory.createMessageFactory();
  }

  static Request parse(String text) throws Exception {
    return messages.createRequest(text.replace("\n", "\r\n"));
  }

  static String subscribe(String extraHeaders) {
    return """
        SUBSCRIBE sip:Bob@Example.COM SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-1
        From: <sip:alice@example.com>;tag=a1
        To: <sip:Bob@Example.COM>
        Call-ID: c1@192.0.2.10
        CSeq: 7 SUBSCRIBE
        Max-Forwards: 70
        Contact: <sip:alice@192.0.2.10:5062>
        Record-Route: <sip:p1.example.com;lr>
        Record-Route: <sip:p2.example.com;lr>
        """ + extraHeaders + "Content-Length: 0\n\n";
  }

  static String publish(String extraHeaders, String body) {
    return """
        PUBLISH sip:bob@example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-2
        From: <sip:bob@example.com>;tag=b1
        To: <sip:bob@example.com>
        Call-ID: p1@192.0.2.10
        CSeq: 1 PUBLISH
        Max-Forwards: 70
        """ + extraHeaders + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body;
  }

  private Intake map(String text) throws Exception {
    return mapper.map(parse(text), source, 1234L);
  }

  private static Intake.Reject rejected(Intake intake) {
    assertThat(intake).isInstanceOf(Intake.Reject.class);
    return (Intake.Reject) intake;
  }

  private static RequestEvent forwarded(Intake intake) {
    assertThat(intake).isInstanceOf(Intake.Forward.class);
    return ((Intake.Forward) intake).event();
  }

  @Test
  void aSubscribeBecomesAnEventKeyedByPackageAndNormalisedToUri() throws Exception {
    RequestEvent event = forwarded(map(subscribe("Event: presence;id=42\nExpires: 600\nAccept: application/pidf+xml\n")));

    assertThat(event.getResource()).isEqualTo("presence|sip:Bob@example.com");
    assertThat(event.getRequestId()).isEqualTo("z9hG4bK-1|SUBSCRIBE|192.0.2.10:5062");
    assertThat(event.getReceivedAtMs()).isEqualTo(1234L);
    assertThat(event.getReplyPartition()).isZero();
    Subscribe subscribe = (Subscribe) event.getPayload();
    assertThat(subscribe.getEventId()).isEqualTo("42");
    assertThat(subscribe.getCseq()).isEqualTo(7);
    assertThat(subscribe.getExpires()).isEqualTo(600);
    assertThat(subscribe.getFromTag()).isEqualTo("a1");
    assertThat(subscribe.getToTag()).isNull();
    assertThat(subscribe.getContact()).isEqualTo("sip:alice@192.0.2.10:5062");
    assertThat(subscribe.getRouteSet()).containsExactly("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");
    assertThat(subscribe.getSourceHost()).isEqualTo("192.0.2.10");
    assertThat(subscribe.getSourcePort()).isEqualTo(5062);
    assertThat(subscribe.getTransport()).isEqualTo("udp");
  }

  @Test
  void aSubscribeNamingEventlistInSupportedOrRequireTakesListNotifiesAndOneWithoutDoesNot() throws Exception {
    Subscribe plain = (Subscribe) forwarded(map(subscribe("Event: presence\nSupported: timer, 100rel\n"))).getPayload();
    Subscribe supported = (Subscribe) forwarded(map(subscribe("Event: presence\nSupported: 100rel, EventList\n")))
        .getPayload();
    Subscribe required = (Subscribe) forwarded(map(subscribe("Event: presence\nRequire: eventlist\n"))).getPayload();

    assertThat(plain.getEventlist()).isFalse();
    assertThat(supported.getEventlist()).isTrue();
    assertThat(required.getEventlist()).isTrue();
  }

  /** A SUBSCRIBE to a list server with its own list, as Linphone sends one (RFC 5367 §7). */
  static String listSubscribe(String extraHeaders, String contentType, String body) {
    return """
        SUBSCRIBE sip:buddies@example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-list
        From: <sip:alice@example.com>;tag=a1
        To: <sip:buddies@example.com>
        Call-ID: l1@192.0.2.10
        CSeq: 20 SUBSCRIBE
        Max-Forwards: 70
        Contact: <sip:alice@192.0.2.10:5062>
        Event: presence
        Supported: eventlist
        Require: recipient-list-subscribe
        """ + extraHeaders + (contentType == null ? "" : "Content-Type: " + contentType + "\n")
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body;
  }

  /** On one line: the test parser turns every line break into CRLF. */
  static final String FRIENDS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list>"
      + "<entry uri=\"sip:carol@Example.COM\"><display-name>Carol</display-name></entry>"
      + "<entry uri=\"sip:dave@example.com\"/><entry uri=\"sip:carol@example.com\"/>"
      + "</list></resource-lists>";

  @Test
  void anInitialSubscribeRequiringRecipientListSubscribeCarriesItsListsResourcesNormalisedAndNamed() throws Exception {
    Subscribe subscribe = (Subscribe) forwarded(map(listSubscribe("", "application/resource-lists+xml", FRIENDS)))
        .getPayload();

    assertThat(subscribe.getEventlist()).isTrue();
    assertThat(subscribe.getRecipientList()).containsExactly(
        new RecipientListEntry("sip:carol@example.com", "Carol"), new RecipientListEntry("sip:dave@example.com", null));
  }

  @Test
  void aDeflatedListAsLinphoneSendsItIsInflatedAndAnUnknownEncodingGets415() throws Exception {
    String deflated = listSubscribe("Content-Encoding: deflate\n", "application/resource-lists+xml", "");
    Request request = parse(deflated);
    request.setContent(InflatedTest.deflate(FRIENDS.getBytes(StandardCharsets.UTF_8), false),
        (javax.sip.header.ContentTypeHeader) request.getHeader("Content-Type"));
    Request gzipped = parse(listSubscribe("Content-Encoding: gzip\n", "application/resource-lists+xml", FRIENDS));

    Subscribe subscribe = (Subscribe) forwarded(mapper.map(request, source, 1L)).getPayload();
    Intake.Reject reject = rejected(mapper.map(gzipped, source, 1L));

    assertThat(subscribe.getRecipientList()).extracting(RecipientListEntry::getUri)
        .containsExactly("sip:carol@example.com", "sip:dave@example.com");
    assertThat(reject.status()).isEqualTo(415);
    assertThat(reject.headers()).contains(new Header("Accept-Encoding", "deflate"));
  }

  @Test
  void aSubscribeWithoutRecipientListSubscribeCarriesNoListEvenWithABody() throws Exception {
    Subscribe plain = (Subscribe) forwarded(map(subscribe("Event: presence\nSupported: eventlist\n"))).getPayload();

    assertThat(plain.getRecipientList()).isNull();
  }

  @Test
  void aRefreshInsideTheListDialogNeedsNoListAndItsRepeatedBodyIsIgnored() throws Exception {
    String refresh = listSubscribe("", "application/resource-lists+xml", FRIENDS)
        .replace("To: <sip:buddies@example.com>", "To: <sip:buddies@example.com>;tag=srv");
    String bodiless = listSubscribe("", null, "").replace("To: <sip:buddies@example.com>",
        "To: <sip:buddies@example.com>;tag=srv");

    assertThat(((Subscribe) forwarded(map(refresh)).getPayload()).getRecipientList()).isNull();
    assertThat(((Subscribe) forwarded(map(bodiless)).getPayload()).getRecipientList()).isNull();
  }

  @Test
  void anInitialListSubscribeWithoutABodyGets400() throws Exception {
    assertThat(rejected(map(listSubscribe("", null, ""))).status()).isEqualTo(400);
  }

  @Test
  void anInitialListSubscribeWithAnotherMediaTypeGets415NamingResourceLists() throws Exception {
    Intake.Reject reject = rejected(map(listSubscribe("", "text/plain", "sip:carol@example.com")));

    assertThat(reject.status()).isEqualTo(415);
    assertThat(reject.headers()).containsExactly(new Header("Accept", "application/resource-lists+xml"));
  }

  @Test
  void anInitialListSubscribeWithAMalformedEmptyOrDoctypeListGets400() throws Exception {
    String doctype = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list><entry uri=\"&e;\"/></list>"
        + "</resource-lists>";
    String empty = "<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list/></resource-lists>";
    String notSip = "<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list>"
        + "<entry uri=\"http://example.com/\"/></list></resource-lists>";

    for (String body : List.of("<resource-lists", doctype, empty, notSip)) {
      assertThat(rejected(map(listSubscribe("", "application/resource-lists+xml", body))).status()).as(body)
          .isEqualTo(400);
    }
  }

  @Test
  void anInitialListSubscribeNamingMoreResourcesThanTheListLimitGets413() throws Exception {
    RequestMapper small = new RequestMapper(EdgeConfig.builder("127.0.0.1", 5060).maxListMembers(1).build());

    Intake.Reject reject = rejected(small.map(parse(listSubscribe("", "application/resource-lists+xml", FRIENDS)),
        source, 1L));

    assertThat(reject.status()).isEqualTo(413);
  }

  @Test
  void aListSubscriberMayAcceptOnlyTheListsBodyTypesButAPlainSubscriberMayNot() throws Exception {
    String listOnly = "Event: presence\nAccept: multipart/related, application/rlmi+xml\n";

    assertThat(((Subscribe) forwarded(map(subscribe(listOnly + "Supported: eventlist\n"))).getPayload()).getEventlist())
        .isTrue();
    assertThat(rejected(map(subscribe(listOnly))).status()).isEqualTo(406);
  }

  @Test
  void aWatcherInfoSubscribeLivesOnThePresenceResourceItReportsOnButCannotBePublished() throws Exception {
    RequestMapper withWinfo = new RequestMapper(EdgeConfig.defaults("127.0.0.1", 5060));

    RequestEvent winfo = forwarded(withWinfo.map(parse(subscribe(
        "Event: presence.winfo\nAccept: application/watcherinfo+xml\n")), source, 1L));
    Intake.Reject published = rejected(withWinfo.map(parse(publish("Event: presence.winfo\n"
        + "Content-Type: application/watcherinfo+xml\n", "<watcherinfo/>")), source, 1L));

    assertThat(winfo.getResource()).isEqualTo("presence|sip:Bob@example.com");
    assertThat(((Subscribe) winfo.getPayload()).getEvent()).isEqualTo("presence.winfo");
    assertThat(published.status()).isEqualTo(489);
  }

  @Test
  void sharedLinePackagesPublishWithoutBodyAndSeizeOnTheCallInfoResource() throws Exception {
    RequestMapper withLines = new RequestMapper(EdgeConfig.defaults("127.0.0.1", 5060));

    RequestEvent callInfo = forwarded(withLines.map(parse(publish("Event: call-info\n"
        + "Call-Info: <sip:bob@example.com>;appearance-index=1;appearance-state=alerting\n", "")), source, 1L));
    RequestEvent seize = forwarded(withLines.map(parse(subscribe("Event: line-seize\n"
        + "Call-Info: <sip:bob@example.com>;appearance-index=2\n")), source, 1L));
    RequestEvent sla = forwarded(withLines.map(parse(subscribe("Event: dialog;sla\n")), source, 1L));

    assertThat(callInfo.getResource()).isEqualTo("call-info|sip:bob@example.com");
    assertThat(((Publish) callInfo.getPayload()).getExtraHeaders()).extracting(Header::getValue)
        .containsExactly("<sip:bob@example.com>;appearance-index=1;appearance-state=alerting");
    assertThat(((Publish) callInfo.getPayload()).getSender()).as("its source, having no Contact").isEqualTo("192.0.2.10:5062");
    assertThat(seize.getResource()).isEqualTo("call-info|sip:Bob@example.com");
    assertThat(((Subscribe) seize.getPayload()).getExtraHeaders()).extracting(Header::getName).containsExactly("Call-Info");
    assertThat(((Subscribe) sla.getPayload()).getEvent()).isEqualTo("dialog;sla");
    assertThat(sla.getResource()).startsWith("dialog;sla|");
    assertAllowsEveryInstalledEventType(withLines.allowEvents());
  }

  @Test
  void conferenceDocumentsArePublishedAndWatchedOnTheConferenceResource() throws Exception {
    RequestMapper withConference = new RequestMapper(EdgeConfig.defaults("127.0.0.1", 5060));

    RequestEvent published = forwarded(withConference.map(parse(publish("Event: conference\n"
        + "Content-Type: application/conference-info+xml\n", "<conference-info/>")), source, 1L));
    RequestEvent watched = forwarded(withConference.map(parse(subscribe(
        "Event: conference\nAccept: application/conference-info+xml\n")), source, 1L));
    Intake.Reject pidf = rejected(withConference.map(parse(publish("Event: conference\n"
        + "Content-Type: application/pidf+xml\n", "<presence/>")), source, 1L));

    assertThat(published.getResource()).startsWith("conference|sip:");
    assertThat(((Subscribe) watched.getPayload()).getEvent()).isEqualTo("conference");
    assertThat(pidf.status()).isEqualTo(415);
  }

  /** RFC 6665 §8.2.2: Allow-Events lists event types, each once ("dialog;sla" is the dialog type). */
  private static void assertAllowsEveryInstalledEventType(String allowEvents) {
    List<String> installed = EventPackages.descriptors(PackageSettings.of(Expiries.defaults())).stream()
        .map(event -> event.name().split(";", 2)[0]).distinct().toList();
    assertThat(allowEvents.split(", ")).doesNotHaveDuplicates().noneMatch(type -> type.contains(";"))
        .contains("presence", "presence.winfo", "dialog", "call-info", "line-seize", "conference")
        .containsExactlyInAnyOrderElementsOf(installed);
  }

  @Test
  void anUnknownOrMissingEventPackageGets489WithAllowEvents() throws Exception {
    Intake.Reject unknown = rejected(map(subscribe("Event: weather\n")));
    Intake.Reject missing = rejected(map(subscribe("")));

    assertThat(unknown.status()).isEqualTo(489);
    assertThat(unknown.headers()).singleElement().satisfies(header -> {
      assertThat(header.getName()).isEqualTo("Allow-Events");
      assertAllowsEveryInstalledEventType(header.getValue());
    });
    assertThat(missing.status()).isEqualTo(489);
  }

  @Test
  void anAcceptNoPackageBodyCanSatisfyGets406() throws Exception {
    assertThat(rejected(map(subscribe("Event: presence\nAccept: text/plain\n"))).status()).isEqualTo(406);
    assertThat(map(subscribe("Event: presence\nAccept: application/*\n"))).isInstanceOf(Intake.Forward.class);
    assertThat(map(subscribe("Event: presence\nAccept: */*\n"))).isInstanceOf(Intake.Forward.class);
  }

  @Test
  void anExpiresBelowTheMinimumGets423WithMinExpiresButZeroIsAnUnsubscribe() throws Exception {
    Intake.Reject brief = rejected(map(subscribe("Event: presence\nExpires: 5\n")));
    assertThat(brief.status()).isEqualTo(423);
    assertThat(brief.headers()).containsExactly(new Header("Min-Expires", "60"));

    assertThat(map(subscribe("Event: presence\nExpires: 0\n"))).isInstanceOf(Intake.Forward.class);
  }

  @Test
  void aPublishIsHeldToThePublicationBoundsAndASubscribeToTheSubscriptionBounds() throws Exception {
    Expiries expiries = new Expiries(new Expiries.Bounds(60, 3600, 600), new Expiries.Bounds(120, 7200, 3600));
    RequestMapper bounded = new RequestMapper(EdgeConfig.builder("127.0.0.1", 5060)
        .packages(EventPackages.descriptors(PackageSettings.of(expiries))).build());

    Intake.Reject publish = rejected(bounded.map(parse(publish(
        "Event: presence\nExpires: 90\nContent-Type: application/pidf+xml\n", "<presence/>")), source, 1L));

    assertThat(publish.status()).isEqualTo(423);
    assertThat(publish.headers()).containsExactly(new Header("Min-Expires", "120"));
    assertThat(bounded.map(parse(subscribe("Event: presence\nExpires: 90\n")), source, 1L))
        .isInstanceOf(Intake.Forward.class);
  }

  @Test
  void aSubscribeWithoutContactGets400() throws Exception {
    String noContact = subscribe("Event: presence\n").replace("Contact: <sip:alice@192.0.2.10:5062>\n", "");
    assertThat(rejected(map(noContact)).status()).isEqualTo(400);
  }

  @Test
  void maxForwardsZeroGets483() throws Exception {
    assertThat(rejected(map(subscribe("Event: presence\n").replace("Max-Forwards: 70", "Max-Forwards: 0"))).status())
        .isEqualTo(483);
  }

  @Test
  void aPublishCarriesBodyAndEntityTagButNotTheHeadersOfAnotherPackage() throws Exception {
    RequestEvent event = forwarded(map(publish(
        "Event: presence\nExpires: 3600\nSIP-If-Match: abc\nContent-Type: application/pidf+xml\n"
            + "Call-Info: <sip:bob@example.com>;appearance-index=1\n",
        "<presence/>")));

    Publish publish = (Publish) event.getPayload();
    assertThat(event.getResource()).isEqualTo("presence|sip:bob@example.com");
    assertThat(publish.getIfMatch()).isEqualTo("abc");
    assertThat(publish.getExpires()).isEqualTo(3600);
    assertThat(publish.getContentType()).isEqualTo("application/pidf+xml");
    assertThat(StandardCharsets.UTF_8.decode(publish.getBody()).toString()).isEqualTo("<presence/>");
    assertThat(publish.getExtraHeaders()).as("Call-Info carries call-info's state, not presence's").isEmpty();
  }

  @Test
  void aPublishWithoutBodyOrEntityTagGets400AndARefreshIsForwarded() throws Exception {
    Intake.Reject initialWithoutBody = rejected(map(publish("Event: presence\n", "")));
    assertThat(initialWithoutBody.status()).isEqualTo(400);
    assertThat(initialWithoutBody.reason()).as("worded as the processor words it")
        .isEqualTo(Refusals.INITIAL_PUBLISH_NEEDS_BODY.reason());
    assertThat(map(publish("Event: presence\nSIP-If-Match: abc\nExpires: 60\n", ""))).isInstanceOf(Intake.Forward.class);
  }

  @Test
  void aPublishBodyOfAnotherMediaTypeGets415WithAccept() throws Exception {
    Intake.Reject reject = rejected(map(publish("Event: presence\nContent-Type: text/plain\n", "open")));

    assertThat(reject.status()).isEqualTo(415);
    assertThat(reject.headers()).containsExactly(new Header("Accept", "application/pidf+xml"));
  }

  @Test
  void aBodyOverTheLimitGets413() throws Exception {
    String big = "x".repeat(EdgeConfig.defaults("127.0.0.1", 5060).maxBodyBytes() + 1);
    assertThat(rejected(map(publish("Event: presence\nContent-Type: application/pidf+xml\n", big))).status())
        .isEqualTo(413);
  }

  @Test
  void aRegisterListsItsBindingsWithInstanceAndRegId() throws Exception {
    RequestEvent event = forwarded(map("""
        REGISTER sip:example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-3
        From: <sip:bob@example.com>;tag=r1
        To: <sip:bob@example.com>
        Call-ID: r1@192.0.2.10
        CSeq: 3 REGISTER
        Max-Forwards: 70
        Contact: <sip:bob@192.0.2.10:5062>;+sip.instance="<urn:uuid:1>";reg-id=1;expires=120
        Contact: <sip:bob@192.0.2.11>
        Expires: 600
        Content-Length: 0

        """));

    Registration registration = (Registration) event.getPayload();
    assertThat(event.getResource()).isEqualTo("presence|sip:bob@example.com");
    assertThat(registration.getBindings()).hasSize(2);
    assertThat(registration.getBindings().get(0).getExpires()).isEqualTo(120);
    assertThat(registration.getBindings().get(0).getInstanceId()).isEqualTo("<urn:uuid:1>");
    assertThat(registration.getBindings().get(0).getRegId()).isEqualTo(1);
    assertThat(registration.getBindings().get(1).getExpires()).isEqualTo(600);
  }

  @Test
  void aWildcardContactIsOnlyValidAloneWithExpiresZero() throws Exception {
    String register = """
        REGISTER sip:example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-4
        From: <sip:bob@example.com>;tag=r1
        To: <sip:bob@example.com>
        Call-ID: r2@192.0.2.10
        CSeq: 4 REGISTER
        Max-Forwards: 70
        Contact: *
        Expires: %s
        Content-Length: 0

        """;
    assertThat(((Registration) forwarded(map(register.formatted("0"))).getPayload()).getRemoveAll()).isTrue();
    assertThat(rejected(map(register.formatted("60"))).status()).isEqualTo(400);
  }

  @Test
  void otherMethodsGet405() throws Exception {
    String message = """
        MESSAGE sip:bob@example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-5
        From: <sip:alice@example.com>;tag=a1
        To: <sip:bob@example.com>
        Call-ID: m1@192.0.2.10
        CSeq: 1 MESSAGE
        Max-Forwards: 70
        Content-Length: 0

        """;
    assertThat(rejected(map(message)).status()).isEqualTo(405);
  }

  // Flows: the SUBSCRIBE's or REGISTER's flow, for NOTIFYs to go back over it (DESIGN.md "Flows").

  private final RequestMapper edge3 = new RequestMapper(
      EdgeConfig.defaults("198.51.100.1", 5070).withEdge("edge-3", 3, Duration.ofSeconds(3), 5));

  private static String subscribeVia(String via, String contact) {
    return subscribe("Event: presence\n")
        .replace("Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-1", "Via: " + via + ";branch=z9hG4bK-1")
        .replace("Contact: <sip:alice@192.0.2.10:5062>", "Contact: " + contact);
  }

  private Flow subscribeFlow(String via, String contact, RequestMapper.Source from) throws Exception {
    return ((Subscribe) forwarded(edge3.map(parse(subscribeVia(via, contact)), from, 1L)).getPayload()).getFlow();
  }

  private Flow subscribeFlow(String via, RequestMapper.Source from) throws Exception {
    return subscribeFlow(via, "<sip:alice@192.0.2.10:5062>", from);
  }

  private static RequestMapper.Source udpFrom(String host, int port) {
    return new RequestMapper.Source("udp", host, port, "198.51.100.1", 5070);
  }

  @Test
  void aSubscribeFromItsViaSentByCarriesThisEdgesFlowNotNatted() throws Exception {
    Flow flow = subscribeFlow("SIP/2.0/UDP 192.0.2.10:5062", udpFrom("192.0.2.10", 5062));

    assertThat(flow.getEdgeId()).isEqualTo("edge-3");
    assertThat(flow.getEdgeInstance()).as("the edge's reply partition").isEqualTo(3);
    assertThat(flow.getTransport()).isEqualTo("udp");
    assertThat(flow.getLocalHost()).isEqualTo("198.51.100.1");
    assertThat(flow.getLocalPort()).isEqualTo(5070);
    assertThat(flow.getRemoteHost()).isEqualTo("192.0.2.10");
    assertThat(flow.getRemotePort()).isEqualTo(5062);
    assertThat(flow.getNatted()).isFalse();
    assertThat(flow.getOutbound()).isFalse();
  }

  @Test
  void aSourceAddressOtherThanTheViaSentByIsNattedAndTheFlowKeepsTheSourceAsReceived() throws Exception {
    Flow flow = subscribeFlow("SIP/2.0/UDP 127.0.0.2:5062", udpFrom("127.0.0.1", 5062));

    assertThat(flow.getNatted()).isTrue();
    assertThat(flow.getRemoteHost()).isEqualTo("127.0.0.1");
    assertThat(flow.getRemotePort()).isEqualTo(5062);
  }

  @Test
  void aSourcePortOtherThanTheViaSentByPortIsNatted() throws Exception {
    assertThat(subscribeFlow("SIP/2.0/UDP 192.0.2.10:5062", udpFrom("192.0.2.10", 40000)).getNatted()).isTrue();
  }

  @Test
  void aViaWithoutPortIsComparedAsPort5060() throws Exception {
    assertThat(subscribeFlow("SIP/2.0/UDP 192.0.2.10", udpFrom("192.0.2.10", 5060)).getNatted()).isFalse();
    assertThat(subscribeFlow("SIP/2.0/UDP 192.0.2.10", udpFrom("192.0.2.10", 5062)).getNatted()).isTrue();
  }

  @Test
  void aTlsViaWithoutPortIsComparedAsPort5061() throws Exception {
    RequestMapper.Source tls = new RequestMapper.Source("tls", "192.0.2.10", 5061, "198.51.100.1", 5071);

    assertThat(subscribeFlow("SIP/2.0/TLS 192.0.2.10", tls).getNatted()).isFalse();
  }

  @Test
  void aViaSentByHostNameCountsAsNattedSinceNoNamesAreResolved() throws Exception {
    assertThat(subscribeFlow("SIP/2.0/UDP localhost:5062", udpFrom("127.0.0.1", 5062)).getNatted()).isTrue();
    assertThat(subscribeFlow("SIP/2.0/UDP phone.example.com:5062", udpFrom("192.0.2.10", 5062)).getNatted())
        .isTrue();
    // Looks like an address, is a name: compared as text only, never resolved.
    assertThat(subscribeFlow("SIP/2.0/UDP 192.0.2.10.5:5062", udpFrom("192.0.2.10", 5062)).getNatted()).isTrue();
  }

  @Test
  void anIpv6ViaSentByMatchesItsSourceInAnotherSpelling() throws Exception {
    Flow flow = subscribeFlow("SIP/2.0/UDP [2001:db8::10]:5062", udpFrom("2001:db8:0:0:0:0:0:10", 5062));

    assertThat(flow.getNatted()).isFalse();
  }

  @Test
  void obInTheSubscribeContactUriAsksForTheFlowOnly() throws Exception {
    Flow flow = subscribeFlow("SIP/2.0/UDP 192.0.2.10:5062", "<sip:alice@192.0.2.10:5062;ob>",
        udpFrom("192.0.2.10", 5062));

    assertThat(flow.getOutbound()).isTrue();
  }

  @Test
  void aTcpSourceGivesATcpFlow() throws Exception {
    RequestMapper.Source tcp = new RequestMapper.Source("tcp", "192.0.2.10", 49152, "198.51.100.1", 5070);

    Flow flow = subscribeFlow("SIP/2.0/TCP 192.0.2.10:5062", "<sip:alice@192.0.2.10:5062;transport=tcp>", tcp);

    assertThat(flow.getTransport()).isEqualTo("tcp");
    assertThat(flow.getRemoteHost()).isEqualTo("192.0.2.10");
    assertThat(flow.getRemotePort()).as("the connection's source port, not the sent-by").isEqualTo(49152);
  }

  private static final String REGISTER = """
      REGISTER sip:example.com SIP/2.0
      Via: SIP/2.0/TCP 192.0.2.10:5062;branch=z9hG4bK-6
      From: <sip:bob@example.com>;tag=r1
      To: <sip:bob@example.com>
      Call-ID: r6@192.0.2.10
      CSeq: 6 REGISTER
      Max-Forwards: 70
      Contact: %s
      Expires: 600
      Content-Length: 0

      """;

  @Test
  void aRegisterWithRegIdIsOutboundAndCarriesItsFlow() throws Exception {
    RequestMapper.Source tcp = new RequestMapper.Source("tcp", "203.0.113.5", 61000, "198.51.100.1", 5070);

    RequestEvent event = forwarded(edge3.map(parse(REGISTER.formatted(
        "<sip:bob@192.0.2.10:5062;transport=tcp>;+sip.instance=\"<urn:uuid:1>\";reg-id=1")), tcp, 1L));

    Flow flow = ((Registration) event.getPayload()).getFlow();
    assertThat(flow).isNotNull();
    assertThat(flow.getOutbound()).isTrue();
    assertThat(flow.getEdgeId()).isEqualTo("edge-3");
    assertThat(flow.getEdgeInstance()).isEqualTo(3);
    assertThat(flow.getTransport()).isEqualTo("tcp");
    assertThat(flow.getLocalHost()).isEqualTo("198.51.100.1");
    assertThat(flow.getLocalPort()).isEqualTo(5070);
    assertThat(flow.getRemoteHost()).isEqualTo("203.0.113.5");
    assertThat(flow.getRemotePort()).isEqualTo(61000);
    assertThat(flow.getNatted()).isTrue();
  }

  @Test
  void aRegisterWithoutRegIdIsNotOutbound() throws Exception {
    RequestMapper.Source tcp = new RequestMapper.Source("tcp", "192.0.2.10", 5062, "198.51.100.1", 5070);

    RequestEvent event = forwarded(edge3.map(parse(REGISTER.formatted("<sip:bob@192.0.2.10:5062;transport=tcp>")),
        tcp, 1L));

    Flow flow = ((Registration) event.getPayload()).getFlow();
    assertThat(flow.getOutbound()).isFalse();
    assertThat(flow.getNatted()).isFalse();
  }
}
