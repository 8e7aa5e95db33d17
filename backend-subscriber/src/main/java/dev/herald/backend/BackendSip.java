package dev.herald.backend;

import dev.herald.common.FreePorts;
import dev.herald.common.sip.DialoglessListener;
import dev.herald.common.sip.SipStackOptions;
import dev.herald.common.sip.SipStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sip.ClientTransaction;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of the back-end subscriber: its SUBSCRIBEs in client transactions, and the NOTIFYs
 * they bring, answered with what the core says. Dialog state is the core's (no JAIN-SIP dialogs).
 */
final class BackendSip implements DialoglessListener, AutoCloseable {

  /** What comes in, for the core. */
  interface Inputs {
    void answered(String callId, long cseq, int status, String remoteTag, String remoteTarget, Integer expires);

    /** The status to answer the NOTIFY with. */
    int notified(BackendCore.Notify notify);
  }

  private static final Logger log = LoggerFactory.getLogger(BackendSip.class);
  /** What each package's NOTIFYs carry (RFC 3856 §6.6, RFC 4235 §4.2, RFC 3842 §5.2). */
  private static final Map<String, String> ACCEPT = Map.of("presence", "application/pidf+xml",
      "dialog", "application/dialog-info+xml", "message-summary", "application/simple-message-summary");

  private record Pending(String callId, long cseq) {}

  private final BackendConfig config;
  private final SipStack stack;
  private final AddressFactory addresses;
  private final HeaderFactory headers;
  private final MessageFactory messages;
  private final SipProvider provider;
  private Inputs inputs;

  BackendSip(BackendConfig config) throws Exception {
    this.config = config;
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    stack = SipStacks.create(SipStackOptions.defaults("herald-backend-" + System.identityHashCode(this)));
    try {
      addresses = factory.createAddressFactory();
      headers = factory.createHeaderFactory();
      messages = factory.createMessageFactory();
      int port = config.sip().port() != 0 ? config.sip().port() : FreePorts.findFreeSipPort(config.sip().host());
      ListeningPoint udp = stack.createListeningPoint(config.sip().host(), port, ListeningPoint.UDP);
      ListeningPoint tcp = stack.createListeningPoint(config.sip().host(), port, ListeningPoint.TCP);
      provider = stack.createSipProvider(udp);
      provider.addListeningPoint(tcp);
      provider.addSipListener(this);
    } catch (Exception e) {
      SipStacks.shutdown(stack);
      throw e;
    }
  }

  BackendSip start(Inputs handler) throws Exception {
    this.inputs = handler;
    stack.start();
    return this;
  }

  int port() {
    return provider.getListeningPoint(ListeningPoint.UDP).getPort();
  }

  /** Sends the subscription's SUBSCRIBE: in its dialog when it has one (RFC 6665 §4.1.2.2), else a new one. */
  void subscribe(RemoteSubscription subscription, int expires) throws Exception {
    ListeningPoint point = provider.getListeningPoint(ListeningPoint.UDP);
    String target = subscription.inDialog() && subscription.remoteTarget() != null ? subscription.remoteTarget()
        : subscription.uri();
    ViaHeader via = headers.createViaHeader(point.getIPAddress(), point.getPort(), ListeningPoint.UDP, null);
    Address resource = addresses.createAddress(subscription.uri());
    Request request = messages.createRequest(addresses.createURI(target), Request.SUBSCRIBE,
        headers.createCallIdHeader(subscription.callId()),
        headers.createCSeqHeader(subscription.cseq(), Request.SUBSCRIBE),
        headers.createFromHeader(addresses.createAddress(config.identity()), subscription.localTag()),
        headers.createToHeader(resource, subscription.inDialog() ? subscription.remoteTag() : null),
        new ArrayList<>(List.of(via)), headers.createMaxForwardsHeader(70));
    request.addHeader(headers.createContactHeader(addresses.createAddress(
        "<sip:herald@" + point.getIPAddress() + ":" + point.getPort() + ">")));
    request.addHeader(headers.createEventHeader(subscription.event()));
    String accept = ACCEPT.getOrDefault(subscription.event(), "application/pidf+xml");
    request.addHeader(headers.createAcceptHeader(accept.substring(0, accept.indexOf('/')),
        accept.substring(accept.indexOf('/') + 1)));
    request.addHeader(headers.createExpiresHeader(expires));
    ClientTransaction transaction = provider.getNewClientTransaction(request);
    transaction.setApplicationData(new Pending(subscription.callId(), subscription.cseq()));
    transaction.sendRequest();
  }

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    try {
      if (request.getMethod().equals(Request.ACK)) {
        return;
      }
      if (!request.getMethod().equals(Request.NOTIFY)) {
        provider.sendResponse(messages.createResponse(Response.METHOD_NOT_ALLOWED, request));
        return;
      }
      ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
      SubscriptionStateHeader state = (SubscriptionStateHeader) request.getHeader(SubscriptionStateHeader.NAME);
      ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
      BackendCore.Notify notify = new BackendCore.Notify(
          ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
          ((ToHeader) request.getHeader(ToHeader.NAME)).getTag(),
          ((FromHeader) request.getHeader(FromHeader.NAME)).getTag(),
          contact == null ? null : contact.getAddress().getURI().toString(),
          state == null ? null : state.getState() + (state.getReasonCode() == null ? "" : ";reason=" + state.getReasonCode()),
          type == null ? null : (type.getContentType() + "/" + type.getContentSubType()).toLowerCase(Locale.ROOT),
          request.getRawContent());
      provider.sendResponse(messages.createResponse(inputs.notified(notify), request));
    } catch (Exception e) {
      log.warn("back-end subscriber: a {} could not be answered", request.getMethod(), e);
    }
  }

  @Override
  public void processResponse(ResponseEvent event) {
    Response response = event.getResponse();
    if (response.getStatusCode() < 200 || event.getClientTransaction() == null
        || !(event.getClientTransaction().getApplicationData() instanceof Pending pending)) {
      return;
    }
    ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
    ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
    inputs.answered(pending.callId(), pending.cseq(), response.getStatusCode(),
        ((ToHeader) response.getHeader(ToHeader.NAME)).getTag(),
        contact == null ? null : contact.getAddress().getURI().toString(),
        expires == null ? null : expires.getExpires());
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (event.getClientTransaction() != null
        && event.getClientTransaction().getApplicationData() instanceof Pending pending) {
      inputs.answered(pending.callId(), pending.cseq(), Response.REQUEST_TIMEOUT, null, null, null);
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    log.debug("back-end subscriber: I/O error towards {}:{}", event.getHost(), event.getPort());
  }

  @Override
  public void close() {
    SipStacks.shutdown(stack);
  }
}
