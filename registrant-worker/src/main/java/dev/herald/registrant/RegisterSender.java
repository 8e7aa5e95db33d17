package dev.herald.registrant;

import dev.herald.avro.RegistrantAccount;
import dev.herald.common.FreePorts;
import dev.herald.common.sip.DialoglessListener;
import dev.herald.common.sip.SipStackOptions;
import dev.herald.common.sip.SipStacks;
import gov.nist.javax.sip.Utils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an account's REGISTERs in JAIN-SIP client transactions (no dialogs: Call-ID, tags and CSeq
 * are the account's own) and hands each final response or timeout back, reduced to an
 * {@link AccountCycle.Reply}. One stack per worker; an account's forced socket gets a listening
 * point, and a provider, of its own, so the REGISTER leaves from that address.
 */
final class RegisterSender implements DialoglessListener, AutoCloseable {

  /** Where the outcome of a REGISTER goes; called on a SIP stack thread. */
  interface Outcomes {
    void reply(String accountId, long cseq, AccountCycle.Reply reply);

    void timeout(String accountId, long cseq);
  }

  /** What one REGISTER carries beyond the account's own fields. */
  record Register(RegistrantAccount account, String callId, long cseq, int expires, DigestChallenge challenge,
      String cnonce) {}

  private record Pending(String accountId, long cseq) {}

  private static final Logger log = LoggerFactory.getLogger(RegisterSender.class);

  private final RegistrantConfig config;
  private final Outcomes outcomes;
  private final SipStack stack;
  private final AddressFactory addresses;
  private final HeaderFactory headers;
  private final MessageFactory messages;
  private final SipProvider provider;
  private final Map<String, SipProvider> forced = new ConcurrentHashMap<>();

  RegisterSender(RegistrantConfig config, Outcomes outcomes) throws Exception {
    this.config = config;
    this.outcomes = outcomes;
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    stack = SipStacks.create(SipStackOptions.defaults("herald-registrant-" + config.workerId() + "-"
        + System.identityHashCode(this)));
    try {
      addresses = factory.createAddressFactory();
      headers = factory.createHeaderFactory();
      messages = factory.createMessageFactory();
      int port = config.sipPort() != 0 ? config.sipPort() : FreePorts.findFreeSipPort(config.sipHost());
      ListeningPoint udp = stack.createListeningPoint(config.sipHost(), port, ListeningPoint.UDP);
      ListeningPoint tcp = stack.createListeningPoint(config.sipHost(), port, ListeningPoint.TCP);
      provider = stack.createSipProvider(udp);
      provider.addListeningPoint(tcp);
      provider.addSipListener(this);
      stack.start();
    } catch (Exception e) {
      SipStacks.shutdown(stack);
      throw e;
    }
  }

  int port() {
    return provider.getListeningPoint(ListeningPoint.UDP).getPort();
  }

  /** Builds and sends the REGISTER; throws if it cannot be built or handed to the transport. */
  void send(Register register) throws Exception {
    RegistrantAccount account = register.account();
    SipURI registrar = sipUri(account.getRegistrar());
    SipURI proxy = account.getProxy() == null || account.getProxy().isBlank() ? null : sipUri(account.getProxy());
    String transport = transportOf(proxy != null ? proxy : registrar);
    SipProvider from = providerFor(account.getForcedSocket(), transport);
    ListeningPoint point = from.getListeningPoint(transport);
    if (point == null) {
      throw new IllegalStateException("no " + transport + " socket for " + account.getAccountId());
    }
    ViaHeader via = headers.createViaHeader(point.getIPAddress(), point.getPort(), transport,
        Utils.getInstance().generateBranchId());
    Request request = messages.createRequest(registrar, Request.REGISTER,
        headers.createCallIdHeader(register.callId()),
        headers.createCSeqHeader(register.cseq(), Request.REGISTER),
        // RFC 3261 §10.2: To is the AOR; From is the registrant, another party for third-party registration.
        headers.createFromHeader(address(account.getThirdPartyRegistrant() != null
            ? account.getThirdPartyRegistrant() : account.getAor()), fromTag(register.callId())),
        headers.createToHeader(address(account.getAor()), null),
        new ArrayList<>(List.of(via)),
        headers.createMaxForwardsHeader(70));
    if (proxy != null) {
      // RFC 3261 §8.1.2: the outbound proxy as a loose Route; the stack sends to it.
      SipURI route = (SipURI) proxy.clone();
      route.setLrParam();
      request.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
    }
    request.addHeader(headers.createHeader(ContactHeader.NAME, contact(account)));
    // RFC 3261 §10.2.1.1: the Expires header asks for the binding's lifetime; 0 removes it (§10.2.2).
    request.addHeader(headers.createExpiresHeader(register.expires()));
    if (register.challenge() != null) {
      DigestChallenge challenge = register.challenge();
      DigestClient.Answer answer = DigestClient.answer(challenge, Request.REGISTER, registrar.toString(),
          account.getUsername(), account.getPassword(), register.cnonce(), 1);
      // RFC 3261 §22.2 / §22.3: a 401 is answered in Authorization, a 407 in Proxy-Authorization.
      request.addHeader(headers.createHeader(challenge.proxy() ? "Proxy-Authorization" : "Authorization",
          answer.headerValue()));
    }
    ClientTransaction transaction = from.getNewClientTransaction(request);
    transaction.setApplicationData(new Pending(account.getAccountId(), register.cseq()));
    transaction.sendRequest();
  }

  private String contact(RegistrantAccount account) {
    String params = account.getBindingParams();
    if (params == null || params.isBlank()) {
      return "<" + account.getBindingUri() + ">";
    }
    params = params.strip();
    return "<" + account.getBindingUri() + ">" + (params.startsWith(";") ? params : ";" + params);
  }

  /** A stable From tag per Call-ID: the same registration keeps one (RFC 3261 §8.1.1.3). */
  static String fromTag(String callId) {
    return Integer.toHexString(callId.hashCode() & 0x7fffffff) + "r";
  }

  private SipURI sipUri(String text) throws ParseException {
    String value = text.strip();
    if (!value.regionMatches(true, 0, "sip:", 0, 4) && !value.regionMatches(true, 0, "sips:", 0, 5)) {
      value = "sip:" + value;
    }
    URI uri = addresses.createURI(value);
    if (!(uri instanceof SipURI sip)) {
      throw new ParseException("not a SIP URI: " + text, 0);
    }
    return sip;
  }

  private Address address(String uri) throws ParseException {
    return addresses.createAddress(uri.strip());
  }

  private static String transportOf(SipURI uri) {
    String transport = uri.getTransportParam();
    return transport == null ? ListeningPoint.UDP : transport.toUpperCase(Locale.ROOT);
  }

  /**
   * The provider whose socket the REGISTER leaves from: the worker's own, or one bound to the
   * account's forced socket, written {@code [proto:]host[:port]} as uac_registrant takes it.
   */
  private SipProvider providerFor(String forcedSocket, String transport) throws Exception {
    if (forcedSocket == null || forcedSocket.isBlank()) {
      return provider;
    }
    String key = forcedSocket.strip().toLowerCase(Locale.ROOT);
    SipProvider existing = forced.get(key);
    if (existing != null) {
      return existing;
    }
    synchronized (forced) {
      existing = forced.get(key);
      if (existing != null) {
        return existing;
      }
      String[] parts = key.split(":");
      String proto = transport;
      int at = 0;
      if (parts.length > 1 && (parts[0].equals("udp") || parts[0].equals("tcp"))) {
        proto = parts[0].toUpperCase(Locale.ROOT);
        at = 1;
      }
      String host = parts[at];
      int port = parts.length > at + 1 ? Integer.parseInt(parts[at + 1]) : 5060;
      ListeningPoint point = stack.createListeningPoint(host, port, proto);
      SipProvider created = stack.createSipProvider(point);
      created.addSipListener(this);
      forced.put(key, created);
      log.info("registrant {}: forced socket {}:{}/{}", config.workerId(), host, port, proto);
      return created;
    }
  }

  @Override
  public void processResponse(ResponseEvent event) {
    Response response = event.getResponse();
    ClientTransaction transaction = event.getClientTransaction();
    if (response.getStatusCode() < 200 || transaction == null
        || !(transaction.getApplicationData() instanceof Pending pending)) {
      return;
    }
    outcomes.reply(pending.accountId(), pending.cseq(), reply(response, (Request) transaction.getRequest()));
  }

  /** The response reduced to what the cycle needs. */
  static AccountCycle.Reply reply(Response response, Request request) {
    List<DigestChallenge> challenges = new ArrayList<>();
    collectChallenges(response, WWWAuthenticateHeader.NAME, false, challenges);
    collectChallenges(response, ProxyAuthenticateHeader.NAME, true, challenges);
    MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
    ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
    RetryAfterHeader retryAfter = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
    return new AccountCycle.Reply(response.getStatusCode(), response.getReasonPhrase(), challenges,
        min == null ? null : min.getExpires(), ourContactExpires(response, request),
        expires == null ? null : expires.getExpires(), retryAfter == null ? null : retryAfter.getRetryAfter());
  }

  /** RFC 3261 §10.2.4: the 200 lists every binding of the AOR; ours is the one whose URI we sent. */
  private static Integer ourContactExpires(Response response, Request request) {
    ContactHeader sent = (ContactHeader) request.getHeader(ContactHeader.NAME);
    if (sent == null) {
      return null;
    }
    URI ours = sent.getAddress().getURI();
    for (Iterator<?> it = response.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
      ContactHeader contact = (ContactHeader) it.next();
      // RFC 3261 §19.1.4: URI equality, as the registrar compares bindings.
      if (contact.getAddress() != null && ours.equals(contact.getAddress().getURI())) {
        int expires = contact.getExpires();
        return expires >= 0 ? expires : null;
      }
    }
    return null;
  }

  private static void collectChallenges(Response response, String name, boolean proxy, List<DigestChallenge> into) {
    for (Iterator<?> it = response.getHeaders(name); it.hasNext(); ) {
      WWWAuthenticateHeader header = (WWWAuthenticateHeader) it.next();
      if (!"Digest".equalsIgnoreCase(header.getScheme())) {
        continue;
      }
      into.add(new DigestChallenge(proxy, header.getRealm(), header.getNonce(), header.getAlgorithm(),
          header.getQop(), header.getOpaque(), header.isStale()));
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    ClientTransaction transaction = event.getClientTransaction();
    if (transaction != null && transaction.getApplicationData() instanceof Pending pending) {
      // RFC 3261 §17.1.2.2: Timer F fired.
      outcomes.timeout(pending.accountId(), pending.cseq());
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    log.debug("REGISTER transport error towards {}:{} {}", event.getHost(), event.getPort(), event.getTransport());
  }

  @Override
  public void processRequest(RequestEvent event) {
    // A registrant receives no requests it must answer; a stray one is left to the stack.
  }

  @Override
  public void close() {
    SipStacks.shutdown(stack);
  }
}
