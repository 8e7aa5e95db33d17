package dev.herald.testkit;

import dev.herald.common.FreePorts;
import dev.herald.common.sip.DialoglessListener;
import dev.herald.common.sip.SipStackOptions;
import dev.herald.common.sip.SipStacks;
import gov.nist.javax.sip.Utils;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A SIP user agent for integration tests: a real JAIN-SIP stack on loopback that sends requests
 * in client transactions (so UDP retransmission is real), collects the requests it receives
 * (NOTIFYs) and answers them with a status the test chooses.
 */
public final class SipTestAgent implements DialoglessListener, AutoCloseable {

  private static final AtomicLong INSTANCES = new AtomicLong();
  private static final String DELIVER_UNSOLICITED_NOTIFY = "gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY";

  public final AddressFactory addresses;
  public final HeaderFactory headers;
  public final MessageFactory messages;
  private final SipStack stack;
  private final SipProvider provider;
  private final ListeningPoint listeningPoint;
  private final String user;
  private final Map<ClientTransaction, CompletableFuture<Response>> waiting = new ConcurrentHashMap<>();
  private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<Response> strayResponses = new LinkedBlockingQueue<>();
  private final AtomicLong cseq = new AtomicLong(1);
  private volatile Function<Request, Integer> answer = request -> 200;

  public SipTestAgent(String user, String transport) throws Exception {
    this(user, transport, FreePorts.findFreeSipPort("127.0.0.1"));
  }

  /** An agent on a given port: a "phone" that comes back from the same address. */
  public SipTestAgent(String user, String transport, int port) throws Exception {
    this.user = user;
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    // Without this, a NOTIFY locks every SUBSCRIBE transaction of its dialog still in the table and
    // releases one: an un-SUBSCRIBE whose NOTIFY overtakes its answer (RFC 6665 §4.1.2.4) would
    // never see that answer. The agent needs no stack dialogs, so it takes NOTIFYs without the lock.
    stack = SipStacks.create(SipStackOptions.defaults("test-agent-" + user + "-" + INSTANCES.incrementAndGet())
        .withExtraProperties(Map.of(DELIVER_UNSOLICITED_NOTIFY, "true")));
    addresses = factory.createAddressFactory();
    headers = factory.createHeaderFactory();
    messages = factory.createMessageFactory();
    listeningPoint = stack.createListeningPoint("127.0.0.1", port, transport);
    provider = stack.createSipProvider(listeningPoint);
    provider.addSipListener(this);
    stack.start();
  }

  public static SipTestAgent udp(String user) throws Exception {
    return new SipTestAgent(user, ListeningPoint.UDP);
  }

  public int port() {
    return listeningPoint.getPort();
  }

  public String transport() {
    return listeningPoint.getTransport();
  }

  /** sip:user@127.0.0.1:port — where this agent receives requests. */
  public SipURI contactUri() throws ParseException {
    SipURI uri = addresses.createSipURI(user, "127.0.0.1");
    uri.setPort(port());
    if (!transport().equalsIgnoreCase("udp")) {
      uri.setTransportParam(transport().toLowerCase());
    }
    return uri;
  }

  /**
   * Which status this agent answers incoming requests with. A function that returns {@code null}
   * leaves that request unanswered, as a lost response would (the sender's retransmission is
   * received, and offered to the function, again).
   */
  public void answerWith(Function<Request, Integer> status) {
    this.answer = status;
  }

  /**
   * A new out-of-dialog request from {@code fromUri} to {@code toUri}, as a phone with Herald as
   * its outbound proxy sends it: the Request-URI is {@code toUri}, a loose Route leads to Herald at
   * 127.0.0.1:{@code heraldPort}; Via, Max-Forwards, Call-ID, tags, CSeq and Contact filled in.
   */
  public Request request(String method, String fromUri, String toUri, int heraldPort) throws Exception {
    FromHeader from = headers.createFromHeader(addresses.createAddress(fromUri), Utils.getInstance().generateTag());
    ToHeader to = headers.createToHeader(addresses.createAddress(toUri), null);
    CallIdHeader callId = provider.getNewCallId();
    CSeqHeader cseqHeader = headers.createCSeqHeader(cseq.getAndIncrement(), method);
    List<ViaHeader> vias = new ArrayList<>(List.of(
        headers.createViaHeader("127.0.0.1", port(), transport(), null)));
    Request request = messages.createRequest(addresses.createURI(toUri), method, callId, cseqHeader, from, to, vias,
        headers.createMaxForwardsHeader(70));
    SipURI herald = addresses.createSipURI(null, "127.0.0.1");
    herald.setPort(heraldPort);
    herald.setLrParam();
    if (!transport().equalsIgnoreCase("udp")) {
      herald.setTransportParam(transport().toLowerCase());
    }
    request.addHeader(headers.createRouteHeader(addresses.createAddress(herald)));
    request.addHeader(headers.createContactHeader(addresses.createAddress(contactUri())));
    return request;
  }

  /** Sends the request in a new client transaction and waits for its final response. */
  public Response send(Request request, Duration timeout) throws Exception {
    return sendAsync(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends in a new client transaction; a Via branch already set is kept, else one is made. */
  public CompletableFuture<Response> sendAsync(Request request) throws Exception {
    ClientTransaction transaction = provider.getNewClientTransaction(request);
    CompletableFuture<Response> response = new CompletableFuture<>();
    waiting.put(transaction, response);
    transaction.sendRequest();
    return response;
  }

  /**
   * The next response of the given call that belongs to no transaction of this agent (an
   * answer to a stateless send); strays of other calls are dropped.
   */
  public Response nextStrayResponse(String callId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      Response response = strayResponses.poll(left, TimeUnit.NANOSECONDS);
      if (response != null && ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId().equals(callId)) {
        return response;
      }
    }
    return null;
  }

  /**
   * Sends a request without a transaction and sends it again as a UAC's Timer E would (RFC 3261
   * §17.1.2.2: T1, doubling up to T2) until a response of its call comes. A copy that reaches a
   * JAIN-SIP server while its listener still handles the first is dropped there, as a retransmission
   * of a transaction in progress; a phone's next retransmission is answered.
   */
  public Response sendUntilAnswered(Request request, Duration timeout) throws Exception {
    String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration interval = Duration.ofMillis(500);
    while (System.nanoTime() < deadline) {
      provider.sendRequest((Request) request.clone());
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      Response response = nextStrayResponse(callId, interval.compareTo(left) < 0 ? interval : left);
      if (response != null) {
        return response;
      }
      interval = interval.multipliedBy(2).compareTo(Duration.ofSeconds(4)) < 0 ? interval.multipliedBy(2)
          : Duration.ofSeconds(4);
    }
    return null;
  }

  /** Sends a request without a transaction: nothing is retransmitted, nothing awaited. */
  public void sendStateless(Request request) throws Exception {
    provider.sendRequest(request);
  }

  /** The next request Herald sent this agent, if one comes within the timeout. */
  public Request nextRequest(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    received.add(request);
    Integer status = answer.apply(request);
    if (status == null) {
      return;
    }
    try {
      provider.sendResponse(messages.createResponse(status, request));
    } catch (Exception e) {
      throw new IllegalStateException("test agent cannot answer " + request.getMethod(), e);
    }
  }

  @Override
  public void processResponse(ResponseEvent event) {
    if (event.getResponse().getStatusCode() < 200) {
      return;
    }
    if (event.getClientTransaction() == null) {
      strayResponses.add(event.getResponse());
      return;
    }
    CompletableFuture<Response> future = waiting.remove(event.getClientTransaction());
    if (future != null) {
      future.complete(event.getResponse());
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    CompletableFuture<Response> future = waiting.remove(event.getClientTransaction());
    if (future != null) {
      future.completeExceptionally(new java.util.concurrent.TimeoutException("no response (Timer F)"));
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {}

  @Override
  public void close() {
    SipStacks.shutdown(stack);
  }
}
