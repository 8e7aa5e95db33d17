package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testkit.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that lack a header every request must carry, or carry one that does not parse, sent
 * as raw bytes over UDP and TCP to a running edge. RFC 3261 §8.1.1 makes To, From, CSeq, Call-ID,
 * Max-Forwards and Via mandatory; §21.4.1: such a request gets 400 with a reason phrase naming
 * the problem, wherever its top Via tells where to send it.
 */
class MalformedRequestsIT {

  private static final Duration ANSWER = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(700);
  private static final int REPLY_PARTITION = 10;
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final String PIDF = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
      + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:alice@example.com\">"
      + "<tuple id=\"t1\"><status><basic>open</basic></status></tuple></presence>\r\n";

  private static KafkaFixture kafka;
  private static SipEdge edge;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaFixture.shared();
    edge = EdgeFixture.start(kafka, "edge-malformed", REPLY_PARTITION, Duration.ofSeconds(1));
  }

  @AfterAll
  static void stop() throws Exception {
    if (edge != null) {
      edge.close();
    }
  }

  /** A request that is wrong in one way, and the reason phrase naming it. */
  record Case(String name, String method, String header, String replacement, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> malformed() {
    return Stream.of(
        new Case("SUBSCRIBE without From", "SUBSCRIBE", "From", null, "Missing From"),
        new Case("SUBSCRIBE without To", "SUBSCRIBE", "To", null, "Missing To"),
        new Case("SUBSCRIBE without Call-ID", "SUBSCRIBE", "Call-ID", null, "Missing Call-ID"),
        new Case("SUBSCRIBE without CSeq", "SUBSCRIBE", "CSeq", null, "Missing CSeq"),
        new Case("SUBSCRIBE with CSeq: abc SUBSCRIBE", "SUBSCRIBE", "CSeq", "CSeq: abc SUBSCRIBE", "Bad CSeq"),
        new Case("SUBSCRIBE with an unclosed To", "SUBSCRIBE", "To", "To: <sip:bob@127.0.0.1", "Bad To"),
        // RFC 3261 §20.19, §25.1: Expires is delta-seconds, 1*DIGIT.
        new Case("SUBSCRIBE with Expires: -1", "SUBSCRIBE", "Expires", "Expires: -1", "Bad Expires"),
        new Case("SUBSCRIBE with Expires: abc", "SUBSCRIBE", "Expires", "Expires: abc", "Bad Expires"),
        new Case("PUBLISH with Expires: -1", "PUBLISH", "Expires", "Expires: -1", "Bad Expires"),
        new Case("PUBLISH with Expires: abc", "PUBLISH", "Expires", "Expires: abc", "Bad Expires"),
        new Case("REGISTER with Expires: -1", "REGISTER", "Expires", "Expires: -1", "Bad Expires"),
        new Case("REGISTER with Expires: abc", "REGISTER", "Expires", "Expires: abc", "Bad Expires"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void overUdpTheRequestIsAnswered400NamingTheHeaderAtItsSourceWithRportFilledIn(Case c) throws IOException {
    try (UdpPeer alice = new UdpPeer()) {
      String branch = branch();
      String via = "127.0.0.1:" + alice.port() + ";branch=" + branch + ";rport";
      String request = wrong(request(c.method(), "UDP", via), c);

      alice.send(request);
      String response = alice.await(branch);

      assertThat(statusLine(response)).isEqualTo("SIP/2.0 400 " + c.reason());
      // RFC 3581 §4: rport filled with the source port, and received added even if equal to sent-by.
      assertThat(header(response, "Via")).contains("branch=" + branch)
          .contains("received=127.0.0.1").contains("rport=" + alice.port());
      if (!c.header().equals("To")) {
        // RFC 3261 §8.2.6.2: the UAS adds a To tag.
        assertThat(header(response, "To")).contains("tag=");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void overTcpTheRequestIsAnswered400NamingTheHeaderOnTheSameConnectionWhichStaysUsable(Case c) throws IOException {
    try (TcpPeer alice = new TcpPeer()) {
      String branch = branch();
      String via = "127.0.0.1:" + alice.port() + ";branch=" + branch + ";rport";
      String request = wrong(request(c.method(), "TCP", via), c);

      alice.send(request);
      String response = alice.await(branch);
      String next = branch();
      alice.send(options("TCP", "127.0.0.1:" + alice.port() + ";branch=" + next + ";rport"));
      String options = alice.await(next);

      assertThat(statusLine(response)).isEqualTo("SIP/2.0 400 " + c.reason());
      // A body after the bad head was read as its body: the next request on the connection is answered.
      assertThat(statusLine(options)).isEqualTo("SIP/2.0 200 OK");
    }
  }

  @Test
  void overUdpWithoutRportThe400GoesToTheSourceAddressAtTheViaSentByPort() throws IOException {
    try (UdpPeer sender = new UdpPeer(); UdpPeer sentBy = new UdpPeer()) {
      String branch = branch();
      // RFC 3261 §18.2.2: to the address in received (the source), at the port in sent-by.
      String request = without(request("SUBSCRIBE", "UDP", "client.invalid:" + sentBy.port() + ";branch=" + branch),
          "Call-ID");

      sender.send(request);
      String response = sentBy.await(branch);

      assertThat(statusLine(response)).isEqualTo("SIP/2.0 400 Missing Call-ID");
      // §18.2.1: sent-by is a host name, so received is added.
      assertThat(header(response, "Via")).contains("received=127.0.0.1");
      assertThat(sender.received()).isEmpty();
    }
  }

  @Test
  void overUdpARequestWithoutAViaIsDroppedAndTheEdgeKeepsAnswering() throws IOException {
    try (UdpPeer alice = new UdpPeer()) {
      String request = without(without(request("SUBSCRIBE", "UDP", "127.0.0.1:" + alice.port()
          + ";branch=z9hG4bK-gone;rport"), "Via"), "Call-ID");

      alice.send(request);
      await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> alice.received().isEmpty());
      String next = branch();
      alice.send(options("UDP", "127.0.0.1:" + alice.port() + ";branch=" + next + ";rport"));

      assertThat(statusLine(alice.await(next))).isEqualTo("SIP/2.0 200 OK");
    }
  }

  @Test
  void overUdpARequestWhoseTopViaDoesNotParseIsDroppedNotAnsweredToTheViaBelow() throws IOException {
    try (UdpPeer alice = new UdpPeer()) {
      String request = replaced(request("SUBSCRIBE", "UDP", "127.0.0.1:" + alice.port()
          + ";branch=z9hG4bK-below;rport"), "Via", "Via: SIP/2.0/UDP\r\nVia: SIP/2.0/UDP 127.0.0.1:"
          + alice.port() + ";branch=z9hG4bK-below;rport");

      alice.send(request);
      await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> alice.received().isEmpty());
      String next = branch();
      alice.send(options("UDP", "127.0.0.1:" + alice.port() + ";branch=" + next + ";rport"));

      assertThat(statusLine(alice.await(next))).isEqualTo("SIP/2.0 200 OK");
    }
  }

  @Test
  void overTcpARequestWithoutAViaIsDroppedAndTheConnectionKeepsWorking() throws IOException {
    try (TcpPeer alice = new TcpPeer()) {
      String request = without(without(request("PUBLISH", "TCP", "127.0.0.1:" + alice.port()
          + ";branch=z9hG4bK-gone;rport"), "Via"), "CSeq");

      alice.send(request);
      await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> alice.received().isEmpty());
      String next = branch();
      alice.send(options("TCP", "127.0.0.1:" + alice.port() + ";branch=" + next + ";rport"));

      assertThat(statusLine(alice.await(next))).isEqualTo("SIP/2.0 200 OK");
    }
  }

  // --- raw requests ----------------------------------------------------------------------------

  private static String branch() {
    return "z9hG4bK-malformed-" + IDS.incrementAndGet();
  }

  /** A well-formed SUBSCRIBE, PUBLISH or REGISTER with the given top Via value after the transport. */
  private static String request(String method, String transport, String via) {
    int id = IDS.incrementAndGet();
    String target = method.equals("REGISTER") ? "sip:127.0.0.1" : "sip:bob-" + id + "@127.0.0.1";
    String aor = method.equals("REGISTER") ? "sip:alice-" + id + "@127.0.0.1" : "sip:bob-" + id + "@127.0.0.1";
    String body = method.equals("PUBLISH") ? PIDF : "";
    StringBuilder text = new StringBuilder()
        .append(method).append(' ').append(target).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/").append(transport).append(' ').append(via).append("\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <sip:alice-").append(id).append("@127.0.0.1>;tag=f").append(id).append("\r\n")
        .append("To: <").append(aor).append(">\r\n")
        .append("Call-ID: malformed-").append(id).append("@127.0.0.1\r\n")
        .append("CSeq: 1 ").append(method).append("\r\n")
        .append("Contact: <sip:alice-").append(id).append("@127.0.0.1>\r\n");
    if (!method.equals("REGISTER")) {
      text.append("Event: presence\r\n");
    }
    if (method.equals("PUBLISH")) {
      text.append("Content-Type: application/pidf+xml\r\n");
    }
    return text.append("Expires: 600\r\n")
        .append("Content-Length: ").append(body.length()).append("\r\n\r\n")
        .append(body).toString();
  }

  private static String options(String transport, String via) {
    int id = IDS.incrementAndGet();
    return "OPTIONS sip:herald@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/" + transport + " " + via + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@127.0.0.1>;tag=o" + id + "\r\n"
        + "To: <sip:herald@127.0.0.1>\r\n"
        + "Call-ID: options-" + id + "@127.0.0.1\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  private static String wrong(String request, Case c) {
    return c.replacement() == null ? without(request, c.header()) : replaced(request, c.header(), c.replacement());
  }

  private static String without(String request, String header) {
    return replaced(request, header, null);
  }

  private static String replaced(String request, String header, String line) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(header) + ":[^\r\n]*\r\n").matcher(request);
    assertThat(m.find()).as("%s in the template", header).isTrue();
    return m.replaceFirst(line == null ? "" : Matcher.quoteReplacement(line + "\r\n"));
  }

  // --- raw responses ---------------------------------------------------------------------------

  private static String statusLine(String message) {
    return message.substring(0, message.indexOf("\r\n"));
  }

  private static String header(String message, String name) {
    Matcher m = Pattern.compile("(?mi)^" + Pattern.quote(name) + "[ \t]*:[ \t]*([^\r\n]*)").matcher(message);
    return m.find() ? m.group(1) : null;
  }

  private static boolean answers(String response, String branch) {
    String via = header(response, "Via");
    return response.startsWith("SIP/2.0 ") && via != null && via.contains("branch=" + branch);
  }

  /** A UDP client: what it receives is collected without blocking. */
  private static final class UdpPeer implements AutoCloseable {
    private final DatagramChannel channel = DatagramChannel.open();
    private final List<String> received = new ArrayList<>();

    UdpPeer() throws IOException {
      channel.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
    }

    int port() throws IOException {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    void send(String message) throws IOException {
      channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)),
          new InetSocketAddress("127.0.0.1", edge.sipPort()));
    }

    List<String> received() throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(65_536);
      while (channel.receive(buffer.clear()) != null) {
        received.add(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
      }
      return received;
    }

    String await(String branch) {
      return firstOf(() -> received().stream().filter(r -> answers(r, branch)).findFirst());
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** A TCP client on one connection: its stream is split into messages by Content-Length. */
  private static final class TcpPeer implements AutoCloseable {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:content-length|l)[ \t]*:[ \t]*(\\d+)");
    private final SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", edge.sipPort()));
    private final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    private final List<String> received = new ArrayList<>();

    TcpPeer() throws IOException {
      channel.configureBlocking(false);
    }

    int port() throws IOException {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    void send(String message) throws IOException {
      ByteBuffer bytes = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    List<String> received() throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(65_536);
      int read;
      while ((read = channel.read(buffer.clear())) > 0) {
        stream.write(buffer.array(), 0, read);
      }
      byte[] bytes = stream.toByteArray();
      int start = 0;
      while (true) {
        while (bytes.length - start >= 2 && bytes[start] == '\r' && bytes[start + 1] == '\n') {
          start += 2;
        }
        String text = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
          break;
        }
        Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
        int total = end + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
        if (text.length() < total) {
          break;
        }
        received.add(text.substring(0, total));
        start += total;
      }
      stream.reset();
      stream.write(bytes, start, bytes.length - start);
      return received;
    }

    String await(String branch) {
      return firstOf(() -> received().stream().filter(r -> answers(r, branch)).findFirst());
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  interface Poll {
    Optional<String> next() throws IOException;
  }

  private static String firstOf(Poll poll) {
    String[] found = new String[1];
    await().atMost(ANSWER).pollInterval(Duration.ofMillis(20)).until(() -> {
      found[0] = poll.next().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }
}
