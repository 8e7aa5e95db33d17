package dev.herald.launcher;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exercises a started Herald through its own SIP port before it says it is ready, so the first
 * phones meet compiled code, filled caches and an edge that has measured its processor's pace,
 * rather than a JVM that interprets, and sheds what it cannot yet decide.
 *
 * <p>Each cycle is one presentity of the reserved domain {@value #DOMAIN} (RFC 2606 §2): a
 * SUBSCRIBE, an initial PUBLISH, a PUBLISH that modifies it, one that removes it (RFC 3903 §4.5),
 * and an un-SUBSCRIBE, each sent once the one before it got its 2xx; every NOTIFY is answered 200.
 * So the warm-up leaves nothing behind; a cycle cut short by a lost answer leaves a subscription
 * and a publication that expire after {@value #EXPIRES} s. The requests are in the request log like
 * any other.
 *
 * <p>The pace rises from a tenth of the peak rate to the peak over the warm-up, but never runs
 * ahead of the answers: at most {@value #IN_FLIGHT} requests wait for theirs at once, so a cold
 * Herald is driven at what it can take rather than shedding most of the warm-up with 503.
 */
final class WarmUp {

  static final String DOMAIN = "warm-up.invalid";
  static final int EXPIRES = 60;

  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
  /** An answer later than this counts the request as failed; its cycle stops. */
  private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** After the warm-up, how long cycles under way may take to finish. */
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Requests waiting for their answers at once: a cold processor decides a few hundred a second. */
  static final int IN_FLIGHT = 128;

  /** What the warm-up sent and got. */
  record Report(long requests, long succeeded, long failed, long notifies, long cyclesCompleted) {}

  private enum Step { SUBSCRIBE, PUBLISH, MODIFY, REMOVE, UNSUBSCRIBE, DONE }

  private static final class Cycle {
    final int index;
    Step step = Step.SUBSCRIBE;
    int subscribeCseq;
    String toTag;
    String entityTag;

    Cycle(int index) {
      this.index = index;
    }
  }

  private record Sent(Cycle cycle, long atNanos) {}

  private final WarmUpSettings settings;
  private final InetSocketAddress target;
  private final String run = Long.toHexString(System.nanoTime());
  private final Map<String, Sent> pending = new ConcurrentHashMap<>();
  private final Queue<Cycle> ready = new ConcurrentLinkedQueue<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong notifies = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private DatagramSocket socket;
  private String local;
  private long branches;

  WarmUp(WarmUpSettings settings, InetSocketAddress target) {
    this.settings = settings;
    this.target = target;
  }

  /** Runs the warm-up to its end; the SIP port must be answering. */
  Report run() throws IOException, InterruptedException {
    try (DatagramSocket opened = new DatagramSocket(new InetSocketAddress(target.getAddress(), 0))) {
      socket = opened;
      socket.setSoTimeout(50);
      String host = target.getAddress().getHostAddress();
      // RFC 3261 §25.1: an IPv6 reference in a Via or a URI is bracketed.
      local = (target.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + socket.getLocalPort();
      Thread receiver = new Thread(this::receive, "herald-warm-up");
      receiver.setDaemon(true);
      receiver.start();
      try {
        drive();
      } finally {
        socket.close();
        receiver.join(1_000);
      }
    }
    Report report = new Report(requests.get(), succeeded.get(), failed.get(), notifies.get(), completed.get());
    log.info("warm-up done: {} requests ({} answered 2xx, {} not), {} NOTIFYs answered, {} cycles completed",
        report.requests(), report.succeeded(), report.failed(), report.notifies(), report.cyclesCompleted());
    return report;
  }

  private void drive() throws IOException {
    long start = System.nanoTime();
    long duration = settings.duration().toNanos();
    long last = start;
    double credits = 0;
    int cycles = 0;
    long nextProgress = start + PROGRESS_NANOS;
    long answeredBefore = 0;
    long warmUntil = Long.MAX_VALUE;
    for (long now = start; now - Math.min(warmUntil, start + duration) < DRAIN_NANOS; now = System.nanoTime()) {
      boolean warming = warmUntil == Long.MAX_VALUE && now - start < duration;
      double share = Math.min(1.0, (double) (now - start) / duration);
      double rate = settings.peakRate() * (0.1 + 0.9 * share);
      credits = Math.min(credits + rate * (now - last) / 1e9, rate / 10);
      last = now;
      expire(now);
      if (now >= nextProgress) {
        long answered = succeeded.get() + failed.get();
        log.info("warm-up: {} requests answered in the last {} s, {} waiting", answered - answeredBefore,
            TimeUnit.NANOSECONDS.toSeconds(PROGRESS_NANOS), pending.size());
        answeredBefore = answered;
        nextProgress += PROGRESS_NANOS;
      }
      while (credits >= 1 && pending.size() < IN_FLIGHT) {
        Cycle cycle = ready.poll();
        if (cycle == null && warming) {
          cycle = new Cycle(cycles++);
        }
        if (cycle == null) {
          break;
        }
        send(cycle, now);
        credits--;
      }
      if (!warming && warmUntil == Long.MAX_VALUE) {
        warmUntil = now;
        log.info("warm-up: no new cycles after {} s; finishing those under way",
            TimeUnit.NANOSECONDS.toSeconds(now - start));
      }
      if (!warming && pending.isEmpty() && ready.isEmpty()) {
        return;
      }
      LockSupport.parkNanos(TICK_NANOS);
    }
  }

  private void expire(long now) {
    pending.entrySet().removeIf(entry -> {
      if (now - entry.getValue().atNanos() < ANSWER_TIMEOUT_NANOS) {
        return false;
      }
      failed.incrementAndGet();
      return true;
    });
  }

  private void send(Cycle cycle, long now) throws IOException {
    String branch = "z9hG4bK-warm-up-" + run + "-" + branches++;
    String message = request(cycle, branch);
    pending.put(branch, new Sent(cycle, now));
    requests.incrementAndGet();
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, target));
  }

  private String request(Cycle cycle, String branch) {
    String presentity = "sip:warm-up-" + run + "-" + cycle.index + "@" + DOMAIN;
    StringBuilder out = new StringBuilder(512);
    boolean subscribe = cycle.step == Step.SUBSCRIBE || cycle.step == Step.UNSUBSCRIBE;
    String method = subscribe ? "SUBSCRIBE" : "PUBLISH";
    out.append(method).append(' ').append(presentity).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP ").append(local).append(";branch=").append(branch).append(";rport\r\n")
        .append("Max-Forwards: 70\r\n");
    if (subscribe) {
      out.append("From: <sip:warm-up-watcher@").append(DOMAIN).append(">;tag=w").append(cycle.index).append("\r\n")
          .append("To: <").append(presentity).append('>')
          .append(cycle.toTag == null ? "" : ";tag=" + cycle.toTag).append("\r\n")
          .append("Call-ID: warm-up-").append(run).append('-').append(cycle.index).append("\r\n")
          .append("CSeq: ").append(++cycle.subscribeCseq).append(" SUBSCRIBE\r\n")
          .append("Contact: <sip:warm-up-watcher@").append(local).append(">\r\n")
          .append("Event: presence\r\nAccept: application/pidf+xml\r\n")
          .append("Expires: ").append(cycle.step == Step.UNSUBSCRIBE ? 0 : EXPIRES).append("\r\n")
          .append("Content-Length: 0\r\n\r\n");
      return out.toString();
    }
    out.append("From: <").append(presentity).append(">;tag=p").append(cycle.index).append("\r\n")
        .append("To: <").append(presentity).append(">\r\n")
        .append("Call-ID: ").append(branch).append("\r\n")
        .append("CSeq: 1 PUBLISH\r\nEvent: presence\r\n");
    if (cycle.entityTag != null) {
      out.append("SIP-If-Match: ").append(cycle.entityTag).append("\r\n");
    }
    if (cycle.step == Step.REMOVE) {
      out.append("Expires: 0\r\nContent-Length: 0\r\n\r\n");
      return out.toString();
    }
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + presentity + "\">"
        + "<tuple id=\"t1\"><status><basic>" + (cycle.step == Step.PUBLISH ? "open" : "closed") + "</basic></status>"
        + "</tuple><note>warm-up</note></presence>";
    out.append("Expires: ").append(EXPIRES).append("\r\n")
        .append("Content-Type: application/pidf+xml\r\n")
        .append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
        .append(body);
    return out.toString();
  }

  private void receive() {
    byte[] buffer = new byte[65_535];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return;
      }
      try {
        onMessage(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8),
            packet.getSocketAddress());
      } catch (IOException | RuntimeException e) {
        log.debug("warm-up: cannot handle a message: {}", e.toString());
      }
    }
  }

  private void onMessage(String text, SocketAddress from) throws IOException {
    int headEnd = text.indexOf("\r\n\r\n");
    List<String> lines = List.of((headEnd < 0 ? text : text.substring(0, headEnd)).split("\r\n"));
    if (lines.isEmpty()) {
      return;
    }
    if (lines.get(0).startsWith("NOTIFY ")) {
      answer(lines, from);
      return;
    }
    if (!lines.get(0).startsWith("SIP/2.0 ")) {
      return;
    }
    int status = Integer.parseInt(lines.get(0).substring(8, 11));
    String branch = param(header(lines, "via", "v"), "branch");
    if (status < 200 || branch == null) {
      return;
    }
    Sent sent = pending.remove(branch);
    if (sent == null) {
      return;
    }
    Cycle cycle = sent.cycle();
    if (status >= 300) {
      failed.incrementAndGet();
      if (status == 503) {
        ready.add(cycle);   // shed while the edge learns the pace: the same step again, later
      }
      return;
    }
    succeeded.incrementAndGet();
    switch (cycle.step) {
      case SUBSCRIBE -> cycle.toTag = param(header(lines, "to", "t"), "tag");
      case PUBLISH, MODIFY -> cycle.entityTag = header(lines, "sip-etag", null);
      default -> { }
    }
    cycle.step = Step.values()[cycle.step.ordinal() + 1];
    if (cycle.step == Step.DONE) {
      completed.incrementAndGet();
    } else {
      ready.add(cycle);
    }
  }

  /** RFC 3261 §8.2.6.2: a response copies Via, From, To, Call-ID and CSeq of its request. */
  private void answer(List<String> lines, SocketAddress from) throws IOException {
    notifies.incrementAndGet();
    StringBuilder out = new StringBuilder("SIP/2.0 200 OK\r\n");
    for (String line : lines) {
      String name = nameOf(line);
      if (List.of("via", "v", "from", "f", "to", "t", "call-id", "i", "cseq").contains(name)) {
        out.append(line).append("\r\n");
      }
    }
    out.append("Content-Length: 0\r\n\r\n");
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, from));
  }

  private static String header(List<String> lines, String name, String compact) {
    for (String line : lines.subList(1, lines.size())) {
      String lineName = nameOf(line);
      if (lineName.equals(name) || lineName.equals(compact)) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return null;
  }

  private static String nameOf(String line) {
    int colon = line.indexOf(':');
    return colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
  }

  private static String param(String value, String name) {
    if (value == null) {
      return null;
    }
    for (String part : value.split(";")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2 && pair[0].trim().equalsIgnoreCase(name)) {
        return pair[1].trim();
      }
    }
    return null;
  }
}
