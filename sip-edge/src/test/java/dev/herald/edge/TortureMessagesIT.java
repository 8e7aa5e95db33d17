package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testkit.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the 49 RFC 4475 torture messages byte-exact over UDP against a running edge, like
 * {@code send.py} next to them does: after each one a well-formed OPTIONS must still get a 200, a
 * message RFC 4475 calls invalid or to be rejected must not get a 2xx, and a response must get no
 * answer at all. At the end a well-formed SUBSCRIBE must still get a final answer.
 *
 * <p>The messages carry no {@code ;rport}, so an RFC 3261 server answers them at their Via sent-by
 * port (5060 when none is given) with their Via transport: the test also listens there, over UDP
 * and TCP, when the port is free. bext01 (§3.3.5) has a TLS Via, a transport the edge does not
 * offer, so whatever the edge answers it never reaches the test.
 */
class TortureMessagesIT {

  private static final Duration WINDOW = Duration.ofMillis(500);
  private static final Duration ANSWER = Duration.ofSeconds(5);
  private static final int REPLY_PARTITION = 14;

  enum Kind { VALID, INVALID, RESPONSE }

  record Message(String name, String section, Kind kind) {}

  /**
   * How RFC 4475 classifies each message, in its order (the same as send.py's catalog). INVALID
   * holds the §3.1.2 requests ("invalid", including those an element may be liberal about) and the
   * §3.3 requests the RFC says an element should reject. RESPONSE marks the responses (§3.1.1.12,
   * §3.1.1.13, §3.1.2.5, §3.1.2.19, §3.3.10): never to be answered.
   */
  static final List<Message> CATALOG = List.of(
      // §3.1.1 valid messages
      new Message("wsinv", "3.1.1.1", Kind.VALID),
      new Message("intmeth", "3.1.1.2", Kind.VALID),
      new Message("esc01", "3.1.1.3", Kind.VALID),
      new Message("escnull", "3.1.1.4", Kind.VALID),
      new Message("esc02", "3.1.1.5", Kind.VALID),
      new Message("lwsdisp", "3.1.1.6", Kind.VALID),
      new Message("longreq", "3.1.1.7", Kind.VALID),
      new Message("dblreq", "3.1.1.8", Kind.VALID),
      new Message("semiuri", "3.1.1.9", Kind.VALID),
      new Message("transports", "3.1.1.10", Kind.VALID),
      new Message("mpart01", "3.1.1.11", Kind.VALID),
      new Message("unreason", "3.1.1.12", Kind.RESPONSE),
      new Message("noreason", "3.1.1.13", Kind.RESPONSE),
      // §3.1.2 invalid messages
      new Message("badinv01", "3.1.2.1", Kind.INVALID),
      new Message("clerr", "3.1.2.2", Kind.INVALID),
      new Message("ncl", "3.1.2.3", Kind.INVALID),
      new Message("scalar02", "3.1.2.4", Kind.INVALID),
      new Message("scalarlg", "3.1.2.5", Kind.RESPONSE),
      new Message("quotbal", "3.1.2.6", Kind.INVALID),
      new Message("ltgtruri", "3.1.2.7", Kind.INVALID),
      new Message("lwsruri", "3.1.2.8", Kind.INVALID),
      new Message("lwsstart", "3.1.2.9", Kind.INVALID),
      new Message("trws", "3.1.2.10", Kind.INVALID),
      new Message("escruri", "3.1.2.11", Kind.INVALID),
      new Message("baddate", "3.1.2.12", Kind.INVALID),
      new Message("regbadct", "3.1.2.13", Kind.INVALID),
      new Message("badaspec", "3.1.2.14", Kind.INVALID),
      new Message("baddn", "3.1.2.15", Kind.INVALID),
      new Message("badvers", "3.1.2.16", Kind.INVALID),
      new Message("mismatch01", "3.1.2.17", Kind.INVALID),
      new Message("mismatch02", "3.1.2.18", Kind.INVALID),
      new Message("bigcode", "3.1.2.19", Kind.RESPONSE),
      // §3.2 transaction layer semantics
      new Message("badbranch", "3.2.1", Kind.VALID),
      // §3.3 application layer semantics
      new Message("insuf", "3.3.1", Kind.INVALID),
      new Message("unkscm", "3.3.2", Kind.INVALID),
      new Message("novelsc", "3.3.3", Kind.INVALID),
      new Message("unksm2", "3.3.4", Kind.INVALID),
      new Message("bext01", "3.3.5", Kind.INVALID),
      new Message("invut", "3.3.6", Kind.INVALID),
      new Message("regaut01", "3.3.7", Kind.VALID),
      new Message("multi01", "3.3.8", Kind.INVALID),
      new Message("mcl01", "3.3.9", Kind.INVALID),
      new Message("bcast", "3.3.10", Kind.RESPONSE),
      new Message("zeromf", "3.3.11", Kind.VALID),
      new Message("cparam01", "3.3.12", Kind.VALID),
      new Message("cparam02", "3.3.13", Kind.VALID),
      new Message("regescrt", "3.3.14", Kind.VALID),
      new Message("sdp01", "3.3.15", Kind.INVALID),
      // §3.4 backward compatibility
      new Message("inv2543", "3.4.1", Kind.VALID));

  private static final AtomicInteger PROBES = new AtomicInteger();
  private static KafkaFixture kafka;
  private static SipEdge edge;
  private static Inbox inbox;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaFixture.shared();
    edge = EdgeFixture.start(kafka, "edge-torture", REPLY_PARTITION, Duration.ofSeconds(1));
    inbox = new Inbox(new InetSocketAddress("127.0.0.1", edge.sipPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (inbox != null) {
      inbox.close();
    }
    if (edge != null) {
      edge.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> theEdgeSurvivesEveryTortureMessageAndAcceptsNoInvalidOne() {
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("the copied messages are byte-exact (SHA256SUMS)",
        TortureMessagesIT::theCopiesMatchTheirChecksums));
    tests.add(DynamicTest.dynamicTest("the edge answers a well-formed OPTIONS before the run",
        () -> assertThat(probe()).isEqualTo(200)));
    for (Message message : CATALOG) {
      tests.add(DynamicTest.dynamicTest(behaviour(message), () -> replay(message)));
    }
    tests.add(DynamicTest.dynamicTest("a well-formed SUBSCRIBE still gets a final answer after the run",
        TortureMessagesIT::subscribeIsStillAnswered));
    return tests.stream();
  }

  private static String behaviour(Message message) {
    String which = message.name() + " (RFC 4475 §" + message.section() + ")";
    return switch (message.kind()) {
      case VALID -> "after the valid " + which + " the edge still answers OPTIONS";
      case INVALID -> "the invalid " + which + " gets no 2xx and the edge still answers OPTIONS";
      case RESPONSE -> "the response " + which + " gets no answer and the edge still answers OPTIONS";
    };
  }

  private static void replay(Message message) throws Exception {
    byte[] bytes = resource(message.name() + ".dat");
    Integer viaPort = viaPortOf(bytes);
    if (viaPort != null) {
      inbox.listenOn(viaPort);
    }
    Predicate<byte[]> mine = replyTo(bytes);
    int before = inbox.received().size();

    inbox.send(bytes);
    inbox.receive(WINDOW, () -> message.kind() == Kind.VALID
        && inbox.received().stream().skip(before).filter(mine).anyMatch(r -> statusOf(r) >= 200));
    int alive = probe();

    List<Integer> answers = inbox.received().stream().skip(before).filter(mine)
        .map(TortureMessagesIT::statusOf).toList();
    assertThat(alive).as("OPTIONS answered after %s", message.name()).isEqualTo(200);
    if (message.kind() == Kind.INVALID) {
      assertThat(answers).as("answers to %s, which RFC 4475 says not to accept", message.name())
          .noneMatch(status -> status >= 200 && status < 300);
    }
    if (message.kind() == Kind.RESPONSE) {
      assertThat(answers).as("answers to the response %s", message.name()).isEmpty();
    }
  }

  private static void theCopiesMatchTheirChecksums() throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String line : new String(resource("SHA256SUMS"), StandardCharsets.US_ASCII).split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2) {
        sums.put(parts[1].replaceFirst("^\\*", ""), parts[0]);
      }
    }
    assertThat(sums.keySet()).containsExactlyInAnyOrderElementsOf(
        CATALOG.stream().map(m -> m.name() + ".dat").toList());
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sums.forEach((file, digest) -> assertThat(HexFormat.of().formatHex(sha256.digest(resource(file))))
        .as(file).isEqualTo(digest));
  }

  private static void subscribeIsStillAnswered() throws Exception {
    int id = PROBES.incrementAndGet();
    String callId = "torture-subscribe-" + id + "@127.0.0.1";
    String user = "torture-bob-" + id;
    String request = "SUBSCRIBE sip:" + user + "@127.0.0.1:" + edge.sipPort() + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + inbox.localPort() + ";branch=z9hG4bK-torture-sub-" + id + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:torture@127.0.0.1>;tag=sub-" + id + "\r\n"
        + "To: <sip:" + user + "@127.0.0.1:" + edge.sipPort() + ">\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 SUBSCRIBE\r\n"
        + "Contact: <sip:torture@127.0.0.1:" + inbox.localPort() + ">\r\n"
        + "Event: presence\r\n"
        + "Accept: application/pidf+xml\r\n"
        + "Expires: 600\r\n"
        + "Content-Length: 0\r\n\r\n";

    assertThat(exchange(request, callId)).as("final answer to SUBSCRIBE").isGreaterThanOrEqualTo(200);
  }

  /** Sends a well-formed OPTIONS and returns the final status, or 0 when none came in time. */
  private static int probe() throws IOException {
    int id = PROBES.incrementAndGet();
    String callId = "torture-options-" + id + "@127.0.0.1";
    String request = "OPTIONS sip:probe@127.0.0.1:" + edge.sipPort() + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + inbox.localPort() + ";branch=z9hG4bK-torture-probe-" + id + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:torture@127.0.0.1>;tag=probe-" + id + "\r\n"
        + "To: <sip:probe@127.0.0.1:" + edge.sipPort() + ">\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Contact: <sip:torture@127.0.0.1:" + inbox.localPort() + ">\r\n"
        + "Accept: application/sdp\r\n"
        + "Content-Length: 0\r\n\r\n";
    return exchange(request, callId);
  }

  private static int exchange(String request, String callId) throws IOException {
    int before = inbox.received().size();
    Predicate<byte[]> mine = reply -> callId.equals(header(reply, "call-id", "i"));
    inbox.send(request.getBytes(StandardCharsets.US_ASCII));
    inbox.receive(ANSWER, () -> inbox.received().stream().skip(before).filter(mine)
        .anyMatch(r -> statusOf(r) >= 200));
    return inbox.received().stream().skip(before).filter(mine).mapToInt(TortureMessagesIT::statusOf)
        .filter(status -> status >= 200).findFirst().orElse(0);
  }

  /** A reply to {@code request}: a response with its Call-ID, or with its top Via branch if it has none (insuf). */
  private static Predicate<byte[]> replyTo(byte[] request) {
    String callId = header(request, "call-id", "i");
    if (callId != null) {
      return reply -> statusOf(reply) > 0 && callId.equals(header(reply, "call-id", "i"));
    }
    String branch = branchOf(request);
    return reply -> statusOf(reply) > 0 && branch != null && branch.equals(branchOf(reply));
  }

  static byte[] resource(String name) {
    try (InputStream in = TortureMessagesIT.class.getResourceAsStream("/rfc4475/" + name)) {
      assertThat(in).as("test resource rfc4475/%s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- a little raw SIP, as send.py reads it -------------------------------------------------

  private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0\\s+(\\d{3})\\b");
  private static final Pattern VIA_PORT = Pattern.compile(
      "^\\s*SIP\\s*/\\s*[\\d.]+\\s*/\\s*\\S+\\s+(\\[[^\\]]*\\]|[^\\s;:]+)\\s*(?::\\s*(\\d+))?");
  private static final Pattern RPORT = Pattern.compile(";\\s*rport", Pattern.CASE_INSENSITIVE);
  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:content-length|l)[ \\t]*:[ \\t]*(\\d+)");
  private static final Pattern BRANCH = Pattern.compile(";\\s*branch\\s*=\\s*([^;,\\s]+)", Pattern.CASE_INSENSITIVE);

  /** The status code of a response, 0 for anything else. */
  static int statusOf(byte[] message) {
    Matcher m = STATUS.matcher(text(message));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The first value of a header (full or compact name), unfolded and trimmed; null if absent. */
  static String header(byte[] message, String... names) {
    String head = text(message).split("\r\n\r\n", 2)[0].replaceAll("\r\n[ \t]+", " ");
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim();
      for (String wanted : names) {
        if (name.equalsIgnoreCase(wanted)) {
          return lines[i].substring(colon + 1).trim();
        }
      }
    }
    return null;
  }

  /** The port an RFC 3261 server answers this request at (Via sent-by port, 5060 by default); null with rport. */
  static Integer viaPortOf(byte[] request) {
    if (statusOf(request) > 0) {
      return null;
    }
    String via = header(request, "via", "v");
    if (via == null) {
      return 5060;
    }
    String first = via.split(",")[0];
    if (RPORT.matcher(first).find()) {
      return null;
    }
    Matcher m = VIA_PORT.matcher(first);
    return m.find() && m.group(2) != null ? Integer.valueOf(m.group(2)) : 5060;
  }

  private static String branchOf(byte[] message) {
    String via = header(message, "via", "v");
    Matcher m = via == null ? null : BRANCH.matcher(via.split(",")[0]);
    return m != null && m.find() ? m.group(1) : null;
  }

  private static String text(byte[] message) {
    return new String(message, StandardCharsets.ISO_8859_1);
  }

  /**
   * The test's side of the wire: sends from one UDP socket and collects every SIP message that
   * arrives there or at a Via port it listens on (UDP datagrams, and TCP connections the edge opens).
   */
  private static final class Inbox implements AutoCloseable {
    private final InetSocketAddress edgeAddress;
    private final Selector selector = Selector.open();
    private final DatagramChannel sender = DatagramChannel.open();
    private final Map<Integer, Boolean> viaPorts = new HashMap<>();
    private final Map<SocketChannel, ByteArrayOutputStream> streams = new HashMap<>();
    private final List<byte[]> received = new ArrayList<>();

    Inbox(InetSocketAddress edgeAddress) throws IOException {
      this.edgeAddress = edgeAddress;
      sender.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
      sender.register(selector, SelectionKey.OP_READ);
    }

    int localPort() throws IOException {
      return ((InetSocketAddress) sender.getLocalAddress()).getPort();
    }

    List<byte[]> received() {
      return received;
    }

    /** Listens on 127.0.0.1:port over UDP and TCP, where that port is free. */
    void listenOn(int port) {
      viaPorts.computeIfAbsent(port, p -> {
        boolean any = false;
        try {
          DatagramChannel udp = DatagramChannel.open();
          try {
            udp.bind(new InetSocketAddress("127.0.0.1", p)).configureBlocking(false);
            udp.register(selector, SelectionKey.OP_READ);
            any = true;
          } catch (IOException taken) {
            udp.close();
          }
          ServerSocketChannel tcp = ServerSocketChannel.open();
          try {
            tcp.bind(new InetSocketAddress("127.0.0.1", p)).configureBlocking(false);
            tcp.register(selector, SelectionKey.OP_ACCEPT);
            any = true;
          } catch (IOException taken) {
            tcp.close();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return any;
      });
    }

    void send(byte[] datagram) throws IOException {
      sender.send(ByteBuffer.wrap(datagram), edgeAddress);
    }

    /** Collects what arrives until {@code done} holds or {@code window} has passed. */
    void receive(Duration window, BooleanSupplier done) throws IOException {
      long deadline = System.nanoTime() + window.toNanos();
      ByteBuffer buffer = ByteBuffer.allocate(70_000);
      while (!done.getAsBoolean()) {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
          return;
        }
        selector.select(left);
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isAcceptable()) {
            SocketChannel connection = ((ServerSocketChannel) key.channel()).accept();
            if (connection != null) {
              connection.configureBlocking(false).register(selector, SelectionKey.OP_READ);
              streams.put(connection, new ByteArrayOutputStream());
            }
          } else if (key.channel() instanceof DatagramChannel udp) {
            buffer.clear();
            if (udp.receive(buffer) != null) {
              received.add(Arrays.copyOf(buffer.array(), buffer.position()));
            }
          } else if (key.channel() instanceof SocketChannel tcp) {
            buffer.clear();
            int read = tcp.read(buffer);
            ByteArrayOutputStream stream = streams.get(tcp);
            if (read < 0) {
              key.cancel();
              tcp.close();
              streams.remove(tcp);
              continue;
            }
            stream.write(buffer.array(), 0, read);
            byte[] rest = split(stream.toByteArray());
            stream.reset();
            stream.write(rest, 0, rest.length);
          }
        }
        selector.selectedKeys().clear();
      }
    }

    /** Moves the complete messages at the start of a TCP stream to {@link #received}; returns the rest. */
    private byte[] split(byte[] stream) {
      int start = 0;
      while (true) {
        while (stream.length - start >= 2 && stream[start] == '\r' && stream[start + 1] == '\n') {
          start += 2;
        }
        String text = new String(stream, start, stream.length - start, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
          return Arrays.copyOfRange(stream, start, stream.length);
        }
        Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
        int total = end + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
        if (text.length() < total) {
          return Arrays.copyOfRange(stream, start, stream.length);
        }
        received.add(Arrays.copyOfRange(stream, start, start + total));
        start += total;
      }
    }

    @Override
    public void close() throws IOException {
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
    }
  }
}
