package dev.herald.testkit;

import dev.herald.common.FreePorts;
import dev.herald.common.sip.DialoglessListener;
import dev.herald.common.sip.SipStackOptions;
import dev.herald.common.sip.SipStacks;
import gov.nist.javax.sip.RequestEventExt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP registrar for tests and benchmarks, on loopback with JAIN-SIP: challenges REGISTERs with 401
 * or 407 and MD5 or SHA-256, checks the answers against the passwords it was given, grants a
 * shorter expiry than asked, answers 423 below a threshold, stays silent or fails on demand, and
 * records every REGISTER it receives. Answers statelessly (a retransmission is answered again).
 * Settings may change while it runs.
 */
public final class TestRegistrar implements DialoglessListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TestRegistrar.class);
  private static final AtomicLong INSTANCES = new AtomicLong();

  /** How the registrar asks for credentials. */
  public enum Challenge { NONE, WWW_401, PROXY_407 }

  /** One REGISTER as it arrived. */
  public record Received(String callId, long cseq, String from, String to, String contact, Integer expires,
      String route, String requestUri, String authorization, String sourceHost, int sourcePort, long arrivedAtMs,
      int answeredWith) {

    /** The expiry asked for: the Contact's expires parameter, else the Expires header. */
    public int askedExpires() {
      return expires == null ? -1 : expires;
    }
  }

  public final AddressFactory addresses;
  public final HeaderFactory headers;
  public final MessageFactory messages;
  private final SipStack stack;
  private final SipProvider provider;
  private final String realm = "registrar.test";
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<Long, AtomicLong> perSecond = new ConcurrentSkipListMap<>();
  private final Map<Long, AtomicLong> okPerSecond = new ConcurrentSkipListMap<>();
  private final Set<String> nonces = ConcurrentHashMap.newKeySet();
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final boolean record;

  private volatile Challenge challenge = Challenge.NONE;
  private volatile String algorithm = "MD5";
  private volatile Integer grantExpires;
  private volatile boolean grantInContact = true;
  private volatile int minExpires;
  private volatile Predicate<Request> silent = request -> false;
  private volatile int failWith;

  /** A registrar on 127.0.0.1 over UDP and TCP on a free port, recording every REGISTER. */
  public TestRegistrar() throws Exception {
    this(true);
  }

  /**
   * @param record whether to keep every REGISTER (a benchmark of many thousand accounts keeps
   *     only the per-second counts)
   */
  public TestRegistrar(boolean record) throws Exception {
    this.record = record;
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    stack = SipStacks.create(SipStackOptions.defaults("test-registrar-" + INSTANCES.incrementAndGet()));
    addresses = factory.createAddressFactory();
    headers = factory.createHeaderFactory();
    messages = factory.createMessageFactory();
    int port = FreePorts.findFreeSipPort("127.0.0.1");
    ListeningPoint udp = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
    ListeningPoint tcp = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.TCP);
    provider = stack.createSipProvider(udp);
    provider.addListeningPoint(tcp);
    provider.addSipListener(this);
    stack.start();
  }

  public int port() {
    return provider.getListeningPoint(ListeningPoint.UDP).getPort();
  }

  /** {@code sip:127.0.0.1:port}: the Request-URI accounts register to. */
  public String uri() {
    return "sip:127.0.0.1:" + port();
  }

  /** Challenges every unauthenticated REGISTER with {@code how} and {@code algorithm} (MD5, SHA-256). */
  public TestRegistrar challenge(Challenge how, String algorithm) {
    this.challenge = how;
    this.algorithm = algorithm;
    return this;
  }

  /** The password the user must answer the challenge with. */
  public TestRegistrar password(String user, String password) {
    passwords.put(user, password);
    return this;
  }

  /**
   * Grants at most {@code seconds}, in the binding's expires parameter ({@code inContact}) or in an
   * Expires header; null grants what was asked.
   */
  public TestRegistrar grant(Integer seconds, boolean inContact) {
    this.grantExpires = seconds;
    this.grantInContact = inContact;
    return this;
  }

  /** Answers 423 with this Min-Expires to a REGISTER asking for less (but not 0); 0 turns it off. */
  public TestRegistrar minExpires(int seconds) {
    this.minExpires = seconds;
    return this;
  }

  /** Leaves the REGISTERs that match unanswered, as a dead registrar would. */
  public TestRegistrar silentFor(Predicate<Request> which) {
    this.silent = which;
    return this;
  }

  /** Answers every REGISTER with this final status (e.g. 503); 0 turns it off. */
  public TestRegistrar failWith(int status) {
    this.failWith = status;
    return this;
  }

  /** Every REGISTER received, in order of arrival. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The REGISTERs of one Call-ID. */
  public List<Received> received(String callId) {
    return received.stream().filter(r -> r.callId().equals(callId)).toList();
  }

  /** The REGISTERs whose To is {@code aor}. */
  public List<Received> receivedFor(String aor) {
    return received.stream().filter(r -> r.to().contains(aor)).toList();
  }

  /** REGISTERs received per second of the epoch, in order. */
  public Map<Long, Long> perSecond() {
    return snapshot(perSecond);
  }

  /** REGISTERs answered 2xx per second of the epoch: registrations done. */
  public Map<Long, Long> okPerSecond() {
    return snapshot(okPerSecond);
  }

  private static Map<Long, Long> snapshot(Map<Long, AtomicLong> counters) {
    Map<Long, Long> counts = new ConcurrentSkipListMap<>();
    counters.forEach((second, count) -> counts.put(second, count.get()));
    return counts;
  }

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    if (!Request.REGISTER.equals(request.getMethod())) {
      return;
    }
    long now = System.currentTimeMillis();
    perSecond.computeIfAbsent(now / 1000, s -> new AtomicLong()).incrementAndGet();
    int status = 0;
    try {
      if (silent.test(request)) {
        remember(event, now, 0);
        return;
      }
      Response response = answer(request);
      status = response.getStatusCode();
      if (status / 100 == 2) {
        okPerSecond.computeIfAbsent(now / 1000, sec -> new AtomicLong()).incrementAndGet();
      }
      remember(event, now, status);
      provider.sendResponse(response);
    } catch (Exception e) {
      log.warn("test registrar cannot answer REGISTER: {}", e.toString());
      if (status == 0) {
        remember(event, now, -1);
      }
    }
  }

  private Response answer(Request request) throws Exception {
    if (failWith != 0) {
      Response response = messages.createResponse(failWith, request);
      tag(response);
      return response;
    }
    if (challenge != Challenge.NONE && !authorized(request)) {
      int code = challenge == Challenge.WWW_401 ? Response.UNAUTHORIZED : Response.PROXY_AUTHENTICATION_REQUIRED;
      Response response = messages.createResponse(code, request);
      tag(response);
      String nonce = UUID.randomUUID().toString().replace("-", "");
      nonces.add(nonce);
      WWWAuthenticateHeader header = code == Response.UNAUTHORIZED
          ? headers.createWWWAuthenticateHeader("Digest") : headers.createProxyAuthenticateHeader("Digest");
      header.setRealm(realm);
      header.setNonce(nonce);
      header.setAlgorithm(algorithm);
      header.setQop("auth");
      header.setOpaque("opaque-" + nonce.substring(0, 6));
      response.addHeader(header);
      return response;
    }
    int asked = asked(request);
    if (minExpires > 0 && asked > 0 && asked < minExpires) {
      Response response = messages.createResponse(Response.INTERVAL_TOO_BRIEF, request);
      tag(response);
      response.addHeader(headers.createMinExpiresHeader(minExpires));
      return response;
    }
    Response response = messages.createResponse(Response.OK, request);
    tag(response);
    ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
    int granted = grantExpires == null || asked == 0 ? asked : Math.min(asked, grantExpires);
    if (contact != null && granted > 0) {
      ContactHeader bound = (ContactHeader) contact.clone();
      if (grantInContact) {
        bound.setExpires(granted);
      } else {
        bound.removeParameter("expires");
        response.addHeader(headers.createExpiresHeader(granted));
      }
      response.addHeader(bound);
    }
    return response;
  }

  private int asked(Request request) {
    ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
    if (contact != null && contact.getExpires() >= 0) {
      return contact.getExpires();
    }
    ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
    return expires == null ? 3600 : expires.getExpires();
  }

  private void tag(Response response) throws Exception {
    ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
    if (to.getTag() == null) {
      to.setTag("reg" + Integer.toHexString(System.identityHashCode(response)));
    }
  }

  /** Checks the digest answer independently of Herald's client (RFC 7616 §3.4.1, RFC 8760). */
  private boolean authorized(Request request) throws NoSuchAlgorithmException {
    String name = challenge == Challenge.WWW_401 ? AuthorizationHeader.NAME : "Proxy-Authorization";
    AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(name);
    if (auth == null || auth.getNonce() == null || !nonces.contains(auth.getNonce())) {
      return false;
    }
    String password = passwords.get(auth.getUsername());
    if (password == null || auth.getURI() == null || auth.getResponse() == null) {
      return false;
    }
    String algo = auth.getAlgorithm() == null ? "MD5" : auth.getAlgorithm();
    if (!algo.equalsIgnoreCase(algorithm)) {
      return false;
    }
    String ha1 = hash(algo, auth.getUsername() + ":" + realm + ":" + password);
    String ha2 = hash(algo, request.getMethod() + ":" + auth.getURI());
    String expected = auth.getQop() == null
        ? hash(algo, ha1 + ":" + auth.getNonce() + ":" + ha2)
        : hash(algo, ha1 + ":" + auth.getNonce() + ":" + auth.getParameter("nc") + ":" + auth.getCNonce() + ":"
            + auth.getQop() + ":" + ha2);
    return expected.equalsIgnoreCase(auth.getResponse());
  }

  private static String hash(String algorithm, String text) throws NoSuchAlgorithmException {
    String jdkName = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
    return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private void remember(RequestEvent event, long now, int status) {
    if (!record) {
      return;
    }
    Request request = event.getRequest();
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    String sourceHost = via.getHost();
    int sourcePort = via.getPort();
    if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
      sourceHost = ext.getRemoteIpAddress();
      sourcePort = ext.getRemotePort();
    }
    ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
    ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
    Integer asked = contact != null && contact.getExpires() >= 0 ? Integer.valueOf(contact.getExpires())
        : expires == null ? null : expires.getExpires();
    RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
    Object authorization = request.getHeader(AuthorizationHeader.NAME) != null
        ? request.getHeader(AuthorizationHeader.NAME) : request.getHeader("Proxy-Authorization");
    received.add(new Received(
        ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
        ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber(),
        ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().toString(),
        ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().toString(),
        contact == null ? null : contact.toString().substring(ContactHeader.NAME.length() + 1).strip(),
        asked,
        route == null ? null : route.getAddress().toString(),
        request.getRequestURI().toString(),
        authorization == null ? null : authorization.toString().strip(),
        sourceHost, sourcePort, now, status));
  }

  @Override
  public void processResponse(ResponseEvent event) {}

  @Override
  public void processTimeout(TimeoutEvent event) {}

  @Override
  public void processIOException(IOExceptionEvent event) {}

  @Override
  public void close() {
    SipStacks.shutdown(stack);
  }
}
