package dev.herald.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.Header;
import dev.herald.avro.NotifyCommand;
import dev.herald.common.FreePorts;
import dev.herald.common.sip.SipStackOptions;
import dev.herald.common.sip.SipStacks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipStack;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.CallInfoHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NotifyRequestsTest {

  private static final AtomicInteger STACKS = new AtomicInteger();
  private static final String PIDF = "<?xml version=\"1.0\"?><presence xmlns=\"urn:ietf:params:xml:ns:pidf\""
      + " entity=\"sip:bob@example.com\"><tuple id=\"t1\"><status><basic>open</basic></status></tuple></presence>";

  private static SipStack stack;
  private static ListeningPoint udp;
  private static NotifyRequests requests;

  @BeforeAll
  static void createStack() throws Exception {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    stack = SipStacks.create(SipStackOptions.defaults("notify-requests-test-" + STACKS.incrementAndGet()));
    udp = stack.createListeningPoint("127.0.0.1", FreePorts.findFreeSipPort("127.0.0.1"), ListeningPoint.UDP);
    requests = new NotifyRequests(factory.createAddressFactory(), factory.createHeaderFactory(),
        factory.createMessageFactory());
  }

  @AfterAll
  static void shutDownStack() {
    SipStacks.shutdown(stack);
  }

  private static NotifyCommand.Builder command() {
    return NotifyCommand.newBuilder()
        .setSubscriptionId("sub-1")
        .setResource("presence|sip:bob@example.com")
        .setRequestUri("sip:alice@192.0.2.10:5070;transport=udp")
        .setRouteSet(List.of("<sip:proxy1.example.com;lr>", "<sip:proxy2.example.net:5080;lr>"))
        .setCallId("call-1@192.0.2.10")
        .setFromUri("sip:bob@example.com")
        .setFromTag("notifier-tag")
        .setToUri("sip:alice@example.com")
        .setToTag("subscriber-tag")
        .setCseq(7)
        .setContact("sip:herald@127.0.0.1:5060")
        .setEvent("presence")
        .setEventId("e42")
        .setSubscriptionState("active;expires=600")
        .setContentType("application/pidf+xml")
        .setBody(ByteBuffer.wrap(PIDF.getBytes(StandardCharsets.UTF_8)))
        .setCreatedAtMs(1_700_000_000_000L);
  }

  private static Request build(NotifyCommand command) throws Exception {
    return requests.build(command, udp, "z9hG4bK-test-branch");
  }

  @Test
  void requestUriIsTheSubscribersRemoteTarget() throws Exception {
    Request notify = build(command().build());

    assertThat(notify.getMethod()).isEqualTo(Request.NOTIFY);
    assertThat(notify.getRequestURI()).hasToString("sip:alice@192.0.2.10:5070;transport=udp");
  }

  @Test
  void routeSetBecomesOneRouteHeaderPerEntryInOrder() throws Exception {
    Request notify = build(command().build());

    List<String> routes = new ArrayList<>();
    for (ListIterator<?> it = notify.getHeaders(RouteHeader.NAME); it.hasNext(); ) {
      routes.add(((RouteHeader) it.next()).getAddress().getURI().toString());
    }
    assertThat(routes).containsExactly("sip:proxy1.example.com;lr", "sip:proxy2.example.net:5080;lr");
  }

  @Test
  void emptyRouteSetAddsNoRouteHeader() throws Exception {
    Request notify = build(command().setRouteSet(List.of()).build());

    assertThat(notify.getHeader(RouteHeader.NAME)).isNull();
  }

  @Test
  void dialogIdentifiersComeFromTheCommandWithTheNotifierAsFrom() throws Exception {
    Request notify = build(command().build());

    FromHeader from = (FromHeader) notify.getHeader(FromHeader.NAME);
    ToHeader to = (ToHeader) notify.getHeader(ToHeader.NAME);
    CallIdHeader callId = (CallIdHeader) notify.getHeader(CallIdHeader.NAME);
    CSeqHeader cseq = (CSeqHeader) notify.getHeader(CSeqHeader.NAME);
    assertThat(from.getAddress().getURI()).hasToString("sip:bob@example.com");
    assertThat(from.getTag()).isEqualTo("notifier-tag");
    assertThat(to.getAddress().getURI()).hasToString("sip:alice@example.com");
    assertThat(to.getTag()).isEqualTo("subscriber-tag");
    assertThat(callId.getCallId()).isEqualTo("call-1@192.0.2.10");
    assertThat(cseq.getSeqNumber()).isEqualTo(7L);
    assertThat(cseq.getMethod()).isEqualTo(Request.NOTIFY);
  }

  @Test
  void viaNamesTheListeningPointAndTheGivenBranch() throws Exception {
    Request notify = build(command().build());

    ViaHeader via = (ViaHeader) notify.getHeader(ViaHeader.NAME);
    assertThat(via.getHost()).isEqualTo("127.0.0.1");
    assertThat(via.getPort()).isEqualTo(udp.getPort());
    assertThat(via.getTransport()).isEqualToIgnoringCase("udp");
    assertThat(via.getBranch()).isEqualTo("z9hG4bK-test-branch");
    assertThat(((MaxForwardsHeader) notify.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(70);
  }

  @Test
  void contactIsTheCommandsContact() throws Exception {
    Request notify = build(command().build());

    ContactHeader contact = (ContactHeader) notify.getHeader(ContactHeader.NAME);
    assertThat(contact.getAddress().getURI()).hasToString("sip:herald@127.0.0.1:5060");
  }

  @Test
  void noContactHeaderWhenTheCommandHasNone() throws Exception {
    Request notify = build(command().setContact(null).build());

    assertThat(notify.getHeader(ContactHeader.NAME)).isNull();
  }

  @Test
  void eventCarriesTheIdParameterWhenTheSubscriptionHasOne() throws Exception {
    Request notify = build(command().build());

    EventHeader event = (EventHeader) notify.getHeader(EventHeader.NAME);
    assertThat(event.getEventType()).isEqualTo("presence");
    assertThat(event.getEventId()).isEqualTo("e42");
    assertThat(event.toString()).contains("id=e42");
  }

  @Test
  void eventHasNoIdParameterWhenTheSubscriptionHasNone() throws Exception {
    Request notify = build(command().setEventId(null).build());

    EventHeader event = (EventHeader) notify.getHeader(EventHeader.NAME);
    assertThat(event.getEventType()).isEqualTo("presence");
    assertThat(event.getEventId()).isNull();
    assertThat(event.toString()).doesNotContain("id=");
  }

  @Test
  void subscriptionStateCarriesTheCommandsValue() throws Exception {
    Request notify = build(command().setSubscriptionState("terminated;reason=timeout").build());

    SubscriptionStateHeader state = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
    assertThat(state.getState()).isEqualTo("terminated");
    assertThat(state.getReasonCode()).isEqualTo("timeout");
  }

  @Test
  void activeSubscriptionStateKeepsItsExpires() throws Exception {
    Request notify = build(command().build());

    SubscriptionStateHeader state = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
    assertThat(state.getState()).isEqualTo("active");
    assertThat(state.getExpires()).isEqualTo(600);
  }

  @Test
  void bodyIsSentWithItsContentType() throws Exception {
    Request notify = build(command().build());

    ContentTypeHeader type = (ContentTypeHeader) notify.getHeader(ContentTypeHeader.NAME);
    assertThat(type.getContentType()).isEqualTo("application");
    assertThat(type.getContentSubType()).isEqualTo("pidf+xml");
    assertThat(notify.getRawContent()).isEqualTo(PIDF.getBytes(StandardCharsets.UTF_8));
    assertThat(notify.getContentLength().getContentLength()).isEqualTo(PIDF.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void bodyOfTheCommandIsNotConsumedByBuilding() throws Exception {
    NotifyCommand command = command().build();

    build(command);
    Request again = build(command);

    assertThat(again.getRawContent()).isEqualTo(PIDF.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void contentTypeParametersStayParameters() throws Exception {
    Request notify = build(command()
        .setContentType("multipart/related;type=\"application/rlmi+xml\";boundary=50UBfW7LSCVLtggUPe5z")
        .build());

    ContentTypeHeader type = (ContentTypeHeader) notify.getHeader(ContentTypeHeader.NAME);
    assertThat(type.getContentType()).isEqualTo("multipart");
    assertThat(type.getContentSubType()).isEqualTo("related");
    assertThat(type.getParameter("boundary")).isEqualTo("50UBfW7LSCVLtggUPe5z");
    assertThat(type.getParameter("type")).contains("application/rlmi+xml");
  }

  @Test
  void withoutBodyThereIsNoContentTypeAndContentLengthIsZero() throws Exception {
    Request notify = build(command().setContentType(null).setBody(null).build());

    assertThat(notify.getHeader(ContentTypeHeader.NAME)).isNull();
    assertThat(notify.getRawContent()).isNull();
    assertThat(((ContentLengthHeader) notify.getHeader(ContentLengthHeader.NAME)).getContentLength()).isZero();
    assertThat(notify.toString()).containsIgnoringCase("Content-Length: 0");
  }

  @Test
  void extraHeadersArePresentAsGiven() throws Exception {
    Request notify = build(command()
        .setEvent("call-info")
        .setExtraHeaders(List.of(
            new Header("Call-Info", "<sip:line@example.com>;appearance-index=1;appearance-state=active"),
            new Header("X-Herald-Version", "3")))
        .build());

    CallInfoHeader callInfo = (CallInfoHeader) notify.getHeader(CallInfoHeader.NAME);
    assertThat(callInfo.getInfo()).hasToString("sip:line@example.com");
    assertThat(callInfo.getParameter("appearance-index")).isEqualTo("1");
    assertThat(callInfo.getParameter("appearance-state")).isEqualTo("active");
    assertThat(notify.getHeader("X-Herald-Version").toString()).contains("X-Herald-Version: 3");
  }

  @Test
  void theWholeRequestParsesBackAsTheSameNotify() throws Exception {
    Request notify = build(command().build());

    Request parsed = SipFactory.getInstance().createMessageFactory().createRequest(notify.toString());

    assertThat(parsed.getMethod()).isEqualTo(Request.NOTIFY);
    assertThat(((CSeqHeader) parsed.getHeader(CSeqHeader.NAME)).getSeqNumber()).isEqualTo(7L);
    assertThat(parsed.getRawContent()).isEqualTo(PIDF.getBytes(StandardCharsets.UTF_8));
    Iterator<?> routes = parsed.getHeaders(RouteHeader.NAME);
    assertThat(routes.hasNext()).isTrue();
    assertThat(((RouteHeader) routes.next()).getAddress().getURI()).hasToString("sip:proxy1.example.com;lr");
  }
}
