package dev.herald.loadgen;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The conference mode: a focus publishes a roster of {@code participants} users (RFC 4575), then
 * {@code watchers} watch it; one participant joins, then leaves, and so on, each change a partial
 * PUBLISH; every watcher's NOTIFY is timed from its PUBLISH and measured. The same run against a
 * server with partial NOTIFYs off and on shows what partial state saves.
 *
 * <p>One change at a time: the focus waits for every watcher's NOTIFY before the next change, so
 * the figures are of one change on an otherwise idle server.
 */
final class ConferenceRun {

  record Config(Endpoint target, String domain, int participants, int watchers, int changes, int warmupChanges,
      Duration interval, Duration timeout) {
    Config {
      if (participants < 1 || watchers < 1 || changes < 1 || warmupChanges < 0) {
        throw new IllegalArgumentException("participants, watchers and changes must be positive");
      }
    }
  }

  /** What a run measured: NOTIFY sizes and PUBLISH-to-NOTIFY latencies of the counted changes. */
  record Report(int firstNotifyBytes, long[] notifyBytes, long[] bodyBytes, long[] latencyMicros,
      long[] publishAnswerMicros, int lost) {
    String summary() {
      return String.format(Locale.ROOT, "first NOTIFY %d bytes; per change: NOTIFY %d bytes (body %d), "
              + "PUBLISH-to-NOTIFY p50 %.2f ms p90 %.2f ms p99 %.2f ms max %.2f ms over %d NOTIFYs, "
              + "PUBLISH answered p50 %.2f ms; %d NOTIFYs missing",
          firstNotifyBytes, median(notifyBytes), median(bodyBytes), pct(latencyMicros, 50) / 1000.0,
          pct(latencyMicros, 90) / 1000.0, pct(latencyMicros, 99) / 1000.0, pct(latencyMicros, 100) / 1000.0,
          latencyMicros.length, pct(publishAnswerMicros, 50) / 1000.0, lost);
    }

    private static long median(long[] values) {
      return pct(values, 50);
    }

    private static long pct(long[] values, int percentile) {
      if (values.length == 0) {
        return 0;
      }
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  private final Config config;
  private final String conference;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  ConferenceRun(Config config) {
    this.config = config;
    this.conference = "sip:conf-" + run + "@" + config.domain();
  }

  Report run() throws IOException, InterruptedException {
    List<Agent> watchers = new ArrayList<>();
    try (Agent focus = new Agent(config.target())) {
      for (int i = 0; i < config.watchers(); i++) {
        watchers.add(new Agent(config.target()));
      }
      long version = 1;
      StringBuilder roster = new StringBuilder();
      for (int p = 1; p <= config.participants(); p++) {
        roster.append(user("p" + p));
      }
      String etag = published(focus.publish(conference, null, document("full", version, "<users>" + roster + "</users>")));
      int firstNotifyBytes = 0;
      for (Agent watcher : watchers) {
        Message answer = watcher.subscribe(conference);
        if (answer.status() / 100 != 2) {
          throw new IOException("SUBSCRIBE answered " + answer.status());
        }
        Message first = watcher.nextNotify(config.timeout());
        if (first == null) {
          throw new IOException("no first NOTIFY within " + config.timeout());
        }
        firstNotifyBytes = first.length();
      }
      List<Long> sizes = new ArrayList<>();
      List<Long> bodies = new ArrayList<>();
      List<Long> latencies = new ArrayList<>();
      List<Long> answers = new ArrayList<>();
      int lost = 0;
      for (int change = 1; change <= config.changes() + config.warmupChanges(); change++) {
        boolean counted = change > config.warmupChanges();
        String joiner = "j" + ((change + 1) / 2);
        String users = change % 2 == 1 ? user(joiner)
            : "<user entity=\"sip:" + joiner + "@" + config.domain() + "\" state=\"deleted\"/>";
        long sent = System.nanoTime();
        Message answer = focus.publish(conference, etag,
            document("partial", ++version, "<users state=\"partial\">" + users + "</users>"));
        long answered = System.nanoTime();
        etag = published(answer);
        for (Agent watcher : watchers) {
          Message notify = watcher.nextNotify(config.timeout());
          if (notify == null) {
            lost++;
            continue;
          }
          if (counted) {
            latencies.add((notify.receivedNanos() - sent) / 1000);
            sizes.add((long) notify.length());
            bodies.add((long) notify.body().getBytes(StandardCharsets.UTF_8).length);
          }
        }
        if (counted) {
          answers.add((answered - sent) / 1000);
        }
        LockSupport.parkNanos(config.interval().toNanos());
      }
      return new Report(firstNotifyBytes, toArray(sizes), toArray(bodies), toArray(latencies), toArray(answers), lost);
    } finally {
      for (Agent watcher : watchers) {
        watcher.close();
      }
    }
  }

  private String user(String name) {
    return "<user entity=\"sip:" + name + "@" + config.domain() + "\"><endpoint entity=\"sip:" + name
        + "@10.0.0.1\"><status>connected</status></endpoint></user>";
  }

  private String document(String state, long version, String users) {
    return "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"" + conference + "\" state=\""
        + state + "\" version=\"" + version + "\">" + users + "</conference-info>";
  }

  private static String published(Message answer) throws IOException {
    if (answer.status() != 200 || answer.header("SIP-ETag") == null) {
      throw new IOException("PUBLISH answered " + answer.status() + " " + answer.firstLine());
    }
    return answer.header("SIP-ETag");
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  /** A received SIP message, parsed just enough. */
  record Message(String firstLine, Map<String, String> headers, String body, int length, long receivedNanos,
      List<String> vias) {
    int status() {
      return firstLine.startsWith("SIP/2.0 ") ? Integer.parseInt(firstLine.substring(8, 11)) : 0;
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static Message parse(byte[] data, int length, long receivedNanos) {
      String text = new String(data, 0, length, StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String[] lines = head.split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      List<String> vias = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
          String value = lines[i].substring(colon + 1).strip();
          if (name.equals("via") || name.equals("v")) {
            vias.add(value);
          }
          headers.putIfAbsent(name, value);
        }
      }
      return new Message(lines[0], headers, split < 0 ? "" : text.substring(split + 4), length, receivedNanos, vias);
    }
  }

  /** One UDP user agent: sends requests, answers NOTIFYs with 200 as they arrive, queues what it receives. */
  private final class Agent implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final BlockingQueue<Message> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Message> notifies = new LinkedBlockingQueue<>();
    private final Thread receiver;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private long cseq;

    Agent(Endpoint target) throws SocketException {
      this.target = new InetSocketAddress(target.host(), target.port());
      this.socket = new DatagramSocket(new InetSocketAddress(target.host(), 0));
      this.socket.setReceiveBufferSize(1 << 20);
      this.receiver = new Thread(this::receive, "conference-agent-" + tag);
      this.receiver.setDaemon(true);
      this.receiver.start();
    }

    Message subscribe(String uri) throws IOException, InterruptedException {
      return send("SUBSCRIBE", uri, "Event: conference\r\nAccept: application/conference-info+xml\r\nExpires: 600\r\n",
          null, null);
    }

    Message publish(String uri, String ifMatch, String body) throws IOException, InterruptedException {
      return send("PUBLISH", uri, "Event: conference\r\nExpires: 3600\r\n"
          + (ifMatch == null ? "" : "SIP-If-Match: " + ifMatch + "\r\n"), "application/conference-info+xml", body);
    }

    Message nextNotify(Duration timeout) throws InterruptedException {
      return notifies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Message send(String method, String uri, String headers, String contentType, String body)
        throws IOException, InterruptedException {
      String local = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String request = method + " " + uri + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-" + UUID.randomUUID() + ";rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: <sip:" + tag + "@" + config.domain() + ">;tag=" + tag + "\r\n"
          + "To: <" + uri + ">\r\n"
          + "Call-ID: " + tag + "-" + run + "\r\n"
          + "CSeq: " + ++cseq + " " + method + "\r\n"
          + "Contact: <sip:" + tag + "@" + local + ">\r\n"
          + headers
          + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
          + "Content-Length: " + content.length + "\r\n\r\n";
      byte[] head = request.getBytes(StandardCharsets.UTF_8);
      byte[] datagram = Arrays.copyOf(head, head.length + content.length);
      System.arraycopy(content, 0, datagram, head.length, content.length);
      socket.send(new DatagramPacket(datagram, datagram.length, target));
      long deadline = System.nanoTime() + config.timeout().toNanos();
      while (System.nanoTime() < deadline) {
        Message response = responses.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (response != null && response.status() >= 200 && response.header("cseq").startsWith(cseq + " ")) {
          return response;
        }
      }
      throw new IOException(method + " got no final answer within " + config.timeout());
    }

    private void receive() {
      byte[] buffer = new byte[65_536];
      while (!socket.isClosed()) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (IOException e) {
          return;
        }
        Message message = Message.parse(packet.getData(), packet.getLength(), System.nanoTime());
        if (message.status() > 0) {
          responses.add(message);
        } else if (message.firstLine().startsWith("NOTIFY ")) {
          answer(message, packet);
          notifies.add(message);
        }
      }
    }

    private void answer(Message request, DatagramPacket from) {
      StringBuilder response = new StringBuilder("SIP/2.0 200 OK\r\n");
      request.vias().forEach(via -> response.append("Via: ").append(via).append("\r\n"));
      response.append("From: ").append(request.header("from")).append("\r\n")
          .append("To: ").append(request.header("to")).append("\r\n")
          .append("Call-ID: ").append(request.header("call-id")).append("\r\n")
          .append("CSeq: ").append(request.header("cseq")).append("\r\n")
          .append("Content-Length: 0\r\n\r\n");
      byte[] bytes = response.toString().getBytes(StandardCharsets.UTF_8);
      try {
        socket.send(new DatagramPacket(bytes, bytes.length, from.getSocketAddress()));
      } catch (IOException e) {
        // The NOTIFY is retransmitted and answered again.
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
