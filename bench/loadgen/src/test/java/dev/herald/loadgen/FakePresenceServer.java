package dev.herald.loadgen;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny presence server for tests, shaped like Herald from the outside: SUBSCRIBE and PUBLISH
 * are answered on one socket; NOTIFYs go to each subscriber's Contact from another socket (the
 * notifier), or, after {@link #notifyFromTheFront}, from the socket the SUBSCRIBE came in on to
 * the address it came from (as to a subscriber behind a NAT). A SUBSCRIBE gets 200 and a NOTIFY of the current state, a refresh the same (481
 * when the dialog is unknown), Expires: 0 ends the dialog with a terminated NOTIFY; a PUBLISH
 * gets 200 with a new SIP-ETag (412 when SIP-If-Match names no current publication) and its body
 * goes to every subscriber of the presentity in a NOTIFY. {@code rejectEvery} answers every n-th
 * PUBLISH 503 with Retry-After instead; {@code publishDelayMs} holds each PUBLISH that long
 * before handling it, like a slow server. {@link #silenceAt} drops every request for a while
 * from the n-th PUBLISH on, like a dead edge;
 * {@link #forgetPublicationsAt} loses every publication at the n-th PUBLISH, like a server that
 * lost its state. A
 * request whose Via branch was answered before gets that answer again, unhandled: a
 * retransmission, as Herald takes it.
 */
final class FakePresenceServer implements AutoCloseable {

  record Subscription(String callId, String watcherFrom, String resource, String localTag, InetSocketAddress contact,
      InetSocketAddress source) {}

  private final DatagramSocket front;
  private final DatagramSocket notifier;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, String> etags = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> answered = new ConcurrentHashMap<>();
  private volatile boolean notifyFromFront;
  private volatile boolean silent;
  private volatile int silentAt = -1;
  private volatile long silentMs;
  private final AtomicInteger publishesReceived = new AtomicInteger();
  private volatile int forgetAt = -1;
  private final Map<String, AtomicInteger> notifyCseqs = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  final AtomicInteger subscribes = new AtomicInteger();
  final AtomicInteger publishes = new AtomicInteger();
  final AtomicInteger preconditionFailed = new AtomicInteger();
  final AtomicInteger notifiesSent = new AtomicInteger();
  final AtomicInteger notifiesAnswered200 = new AtomicInteger();
  /** The hosts that the Via sent-by and the Contact of the SUBSCRIBEs named. */
  final java.util.Set<String> viaHosts = ConcurrentHashMap.newKeySet();
  final java.util.Set<String> contactHosts = ConcurrentHashMap.newKeySet();
  private final int rejectEvery;
  private final long publishDelayMs;
  private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor();
  private final List<Thread> threads = new ArrayList<>();

  FakePresenceServer(int rejectEvery) throws SocketException {
    this(rejectEvery, 0);
  }

  FakePresenceServer(int rejectEvery, long publishDelayMs) throws SocketException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.front = new DatagramSocket(new InetSocketAddress(loopback, 0));
    this.notifier = new DatagramSocket(new InetSocketAddress(loopback, 0));
    this.rejectEvery = rejectEvery;
    this.publishDelayMs = publishDelayMs;
    threads.add(new Thread(this::serve, "fake-front"));
    threads.add(new Thread(this::countNotifyAnswers, "fake-notifier"));
    threads.forEach(t -> {
      t.setDaemon(true);
      t.start();
    });
  }

  Endpoint endpoint() {
    return new Endpoint(front.getLocalAddress().getHostAddress(), front.getLocalPort());
  }

  int activeSubscriptions() {
    return subscriptions.size();
  }

  /** From now on, NOTIFYs leave from the SIP socket to the address their SUBSCRIBE came from, not to its Contact. */
  void notifyFromTheFront() {
    notifyFromFront = true;
  }

  /** Forgets every publication when the {@code publish}-th PUBLISH comes: modifications get 412 from then on. */
  void forgetPublicationsAt(int publish) {
    forgetAt = publish;
  }

  /** Drops every request for {@code millis} from the {@code publish}-th PUBLISH received on (that one too). */
  void silenceAt(int publish, long millis) {
    silentMs = millis;
    silentAt = publish;
  }

  private void serve() {
    byte[] buffer = new byte[65535];
    while (!front.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        front.receive(packet);
        String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
        if (text.startsWith("SIP/2.0 ")) {
          countNotifyAnswer(text);
          continue;
        }
        if (text.startsWith("PUBLISH") && publishesReceived.incrementAndGet() == silentAt) {
          silent = true;
          delayed.schedule(() -> silent = false, silentMs, TimeUnit.MILLISECONDS);
        }
        if (silent) {
          continue;
        }
        InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
        if (publishDelayMs > 0 && text.startsWith("PUBLISH")) {
          delayed.schedule(() -> handleQuietly(text, from), publishDelayMs, TimeUnit.MILLISECONDS);
        } else {
          handleQuietly(text, from);
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  private void countNotifyAnswers() {
    byte[] buffer = new byte[65535];
    while (!notifier.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        notifier.receive(packet);
        countNotifyAnswer(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void countNotifyAnswer(String text) {
    if (text.startsWith("SIP/2.0 200")) {
      notifiesAnswered200.incrementAndGet();
    }
  }

  private synchronized void handleQuietly(String text, InetSocketAddress from) {
    try {
      handle(text, from);
    } catch (IOException e) {
      // closed
    }
  }

  private void handle(String text, InetSocketAddress from) throws IOException {
    Parsed request = Parsed.of(text);
    String again = answered.get(request.header("Via"));
    if (again != null) {
      send(front, again, from);
      return;
    }
    String resource = request.requestUri();
    if (request.method().equals("SUBSCRIBE")) {
      subscribes.incrementAndGet();
      String callId = request.header("Call-ID");
      int expires = Integer.parseInt(request.header("Expires"));
      if (request.header("To").contains(";tag=")) {
        Subscription existing = subscriptions.get(callId);
        if (existing == null) {
          answer(request, from, "481 Call/Transaction Does Not Exist", "", "");
        } else if (expires == 0) {
          subscriptions.remove(callId);
          answer(request, from, "200 OK", "", "Expires: 0\r\n");
          notify(existing, "terminated;reason=timeout", "");
        } else {
          answer(request, from, "200 OK", "", "Expires: " + expires + "\r\n");
          notify(existing, "active;expires=" + expires, bodies.getOrDefault(resource, ""));
        }
        return;
      }
      String localTag = "srv" + counter.incrementAndGet();
      String contact = request.header("Contact").replaceAll(".*@([^:>]+):(\\d+).*", "$1 $2");
      viaHosts.add(request.header("Via").replaceAll("SIP/2.0/UDP ([^:;]+).*", "$1"));
      contactHosts.add(contact.split(" ")[0]);
      Subscription subscription = new Subscription(callId, request.header("From"), resource, localTag,
          new InetSocketAddress(contact.split(" ")[0], Integer.parseInt(contact.split(" ")[1])), from);
      subscriptions.put(callId, subscription);
      answer(request, from, "200 OK", localTag, "Expires: " + expires + "\r\n");
      notify(subscription, "active;expires=" + expires, bodies.getOrDefault(resource, ""));
    } else if (request.method().equals("PUBLISH")) {
      int n = publishes.incrementAndGet();
      if (n == forgetAt) {
        etags.clear();
      }
      if (rejectEvery > 0 && n % rejectEvery == 0) {
        answer(request, from, "503 Service Unavailable", "", "Retry-After: 5\r\n");
        return;
      }
      String ifMatch = request.header("SIP-If-Match");
      if (ifMatch != null && !ifMatch.equals(etags.get(resource))) {
        preconditionFailed.incrementAndGet();
        answer(request, from, "412 Conditional Request Failed", "", "");
        return;
      }
      if ("0".equals(request.header("Expires"))) {
        etags.remove(resource);
        bodies.remove(resource);
        answer(request, from, "200 OK", "", "Expires: 0\r\n");
        return;
      }
      String etag = "e" + counter.incrementAndGet();
      etags.put(resource, etag);
      answer(request, from, "200 OK", "", "SIP-ETag: " + etag + "\r\nExpires: " + request.header("Expires") + "\r\n");
      if (!request.body().isEmpty()) {
        bodies.put(resource, request.body());
        for (Subscription subscription : subscriptions.values()) {
          if (subscription.resource().equals(resource)) {
            notify(subscription, "active", request.body());
          }
        }
      }
    } else if (!request.method().equals("ACK")) {
      answer(request, from, "501 Not Implemented", "", "");
    }
  }

  private void answer(Parsed request, InetSocketAddress to, String status, String toTag, String extra)
      throws IOException {
    StringBuilder out = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
    out.append("Via: ").append(request.header("Via")).append("\r\n");
    out.append("From: ").append(request.header("From")).append("\r\n");
    String toHeader = request.header("To");
    out.append("To: ").append(toHeader).append(toTag.isEmpty() || toHeader.contains(";tag=") ? "" : ";tag=" + toTag)
        .append("\r\n");
    out.append("Call-ID: ").append(request.header("Call-ID")).append("\r\n");
    out.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
    out.append(extra).append("Content-Length: 0\r\n\r\n");
    answered.put(request.header("Via"), out.toString());
    send(front, out.toString(), to);
  }

  private void notify(Subscription s, String state, String body) throws IOException {
    int cseq = notifyCseqs.computeIfAbsent(s.callId(), k -> new AtomicInteger()).incrementAndGet();
    DatagramSocket socket = notifyFromFront ? front : notifier;
    String message = "NOTIFY sip:watcher@" + s.contact().getHostString() + ":" + s.contact().getPort() + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-n" + counter.incrementAndGet() + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <" + s.resource() + ">;tag=" + s.localTag() + "\r\n"
        + "To: " + s.watcherFrom() + "\r\n"
        + "Call-ID: " + s.callId() + "\r\n"
        + "CSeq: " + cseq + " NOTIFY\r\n"
        + "Event: presence\r\n"
        + "Subscription-State: " + state + "\r\n"
        + (body.isEmpty() ? "" : "Content-Type: application/pidf+xml\r\n")
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    notifiesSent.incrementAndGet();
    send(socket, message, notifyFromFront ? s.source() : s.contact());
  }

  private static void send(DatagramSocket socket, String message, InetSocketAddress to) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
    socket.send(new DatagramPacket(bytes, bytes.length, to));
  }

  @Override
  public void close() {
    delayed.shutdownNow();
    front.close();
    notifier.close();
  }

  /** A request parsed the slow, obvious way. */
  record Parsed(String method, String requestUri, Map<String, String> headers, String body) {
    static Parsed of(String text) {
      int split = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, split).split("\r\n");
      String[] start = lines[0].split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
      }
      return new Parsed(start[0], start[1], headers, text.substring(split + 4));
    }

    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }
}
