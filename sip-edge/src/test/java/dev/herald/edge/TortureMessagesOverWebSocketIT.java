package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.edge.TortureMessagesIT.Kind;
import dev.herald.edge.TortureMessagesIT.Message;
import dev.herald.edge.ws.WebSocketSettings;
import dev.herald.testkit.KafkaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The 49 RFC 4475 torture messages again, each as one WebSocket message (RFC 7118 §5.2: text when
 * UTF-8, binary otherwise) on one connection: whatever transport a message's Via names, its answers
 * come back on that connection (RFC 3261 §18.2.2). After each one a well-formed OPTIONS on the same
 * connection must still get a 200, an invalid message no 2xx, a response no answer at all.
 */
class TortureMessagesOverWebSocketIT {

  private static final Duration WINDOW = Duration.ofMillis(500);
  private static final Duration ANSWER = Duration.ofSeconds(5);
  private static final int REPLY_PARTITION = 13;
  private static final AtomicInteger PROBES = new AtomicInteger();

  private static SipEdge edge;
  private static WebSocket socket;
  private static final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
  private static final List<Integer> closes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    edge = EdgeFixture.start(KafkaFixture.shared(), EdgeConfig.builder("127.0.0.1", 0).edgeId("edge-ws-torture")
        .replyPartition(REPLY_PARTITION).decisionTimeout(Duration.ofSeconds(1))
        .webSocket(Optional.of(WebSocketSettings.ws(0))).build());
    socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("sip")
        .buildAsync(URI.create("ws://127.0.0.1:" + edge.wsPort() + "/"), new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              received.add(partial.toString().getBytes(StandardCharsets.UTF_8));
              partial.setLength(0);
            }
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closes.add(statusCode);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (socket != null) {
      socket.abort();
    }
    if (edge != null) {
      edge.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> theEdgeSurvivesEveryTortureMessageOverAWebSocketAndAcceptsNoInvalidOne() {
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("the edge answers a well-formed OPTIONS before the run",
        () -> assertThat(probe()).isEqualTo(200)));
    for (Message message : TortureMessagesIT.CATALOG) {
      tests.add(DynamicTest.dynamicTest(message.name() + " (RFC 4475 §" + message.section() + ", "
          + message.kind() + ") over a WebSocket", () -> replay(message)));
    }
    tests.add(DynamicTest.dynamicTest("the connection is still open after the run",
        () -> assertThat(closes).isEmpty()));
    return tests.stream();
  }

  private static void replay(Message message) throws Exception {
    byte[] bytes = TortureMessagesIT.resource(message.name() + ".dat");
    String callId = TortureMessagesIT.header(bytes, "call-id", "i");
    send(bytes);
    List<Integer> answers = new ArrayList<>();
    long deadline = System.nanoTime() + WINDOW.toNanos();
    byte[] reply;
    while ((reply = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
      if (callId == null || callId.equals(TortureMessagesIT.header(reply, "call-id", "i"))) {
        answers.add(TortureMessagesIT.statusOf(reply));
      }
    }
    assertThat(probe()).as("OPTIONS answered after %s", message.name()).isEqualTo(200);
    if (message.kind() == Kind.INVALID) {
      assertThat(answers).as("answers to %s, which RFC 4475 says not to accept", message.name())
          .noneMatch(status -> status >= 200 && status < 300);
    }
    if (message.kind() == Kind.RESPONSE) {
      assertThat(answers).as("answers to the response %s", message.name()).isEmpty();
    }
  }

  /** A well-formed OPTIONS over the connection; its final status, or 0 when none came in time. */
  private static int probe() throws Exception {
    int id = PROBES.incrementAndGet();
    String callId = "ws-torture-options-" + id;
    send(("OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/WS torture.invalid;branch=z9hG4bK-ws-probe-" + id + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:torture@example.com>;tag=probe-" + id + "\r\n"
        + "To: <sip:probe@127.0.0.1>\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    long deadline = System.nanoTime() + ANSWER.toNanos();
    byte[] reply;
    while ((reply = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
      if (callId.equals(TortureMessagesIT.header(reply, "call-id", "i")) && TortureMessagesIT.statusOf(reply) >= 200) {
        return TortureMessagesIT.statusOf(reply);
      }
    }
    return 0;
  }

  private static void send(byte[] message) throws Exception {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
      socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    } catch (CharacterCodingException e) {
      socket.sendBinary(ByteBuffer.wrap(message), true).get(5, TimeUnit.SECONDS);
    }
  }
}
