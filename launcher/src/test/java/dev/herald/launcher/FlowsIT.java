package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import dev.herald.testkit.FlowAgent;
import dev.herald.testkit.FlowAgent.Message;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NOTIFYs ride the subscriber's own flow (RFC 3581, RFC 5626 §5.3, RFC 5923): a phone behind a
 * NAT, which hears only the address and port it sent to and names a private address (127.0.0.2
 * here) in its Via and Contact, and a phone on one TCP connection that listens on no port, get
 * the 200 of their SUBSCRIBE first and then every NOTIFY, initial, after a PUBLISH and final.
 */
class FlowsIT {

  private static final Duration ANSWER = Duration.ofSeconds(15);
  private static final String PRIVATE = "127.0.0.2";

  @TempDir
  static Path dataDir;

  private static Herald herald;
  private static InetSocketAddress sip;

  @BeforeAll
  static void start() throws Exception {
    int sipPort = FreePorts.findFreeSipPort("127.0.0.1");
    int adminPort = FreePorts.findFreePort();
    herald = new Herald(SipChecks.register(HeraldSettings.builder().sipHost("127.0.0.1").sipPort(sipPort)
        .adminHost("127.0.0.1").adminPort(adminPort).dataDir(dataDir).build())).start();
    sip = new InetSocketAddress("127.0.0.1", sipPort);
    await().atMost(ANSWER).until(() -> SipChecks.healthy(adminPort));
  }

  @AfterAll
  static void stop() {
    if (herald != null) {
      herald.close();
    }
  }

  @Test
  void aPhoneBehindANatOverUdpGetsThe200FirstThenEveryNotifyFromTheAddressItSentTo() throws Exception {
    try (FlowAgent watcher = FlowAgent.udp("nat-watcher", sip, PRIVATE);
         FlowAgent publisher = FlowAgent.udp("nat-presentity", sip, "127.0.0.1")) {
      watchPublishAndEnd(watcher, publisher, "sip:nat-presentity@example.com");
      assertThat(watcher.droppedFromElsewhere()).as("packets from ports other than the SIP port").isZero();
    }
  }

  @Test
  void aPhoneOnOneTcpConnectionListeningNowhereGetsThe200FirstThenEveryNotifyOnThatConnection() throws Exception {
    try (FlowAgent watcher = FlowAgent.tcp("tcp-watcher", sip, PRIVATE);
         FlowAgent publisher = FlowAgent.udp("tcp-presentity", sip, "127.0.0.1")) {
      watchPublishAndEnd(watcher, publisher, "sip:tcp-presentity@example.com");
    }
  }

  @Test
  void whenTheSubscribersConnectionIsGoneTheNotifyGoesToItsContact() throws Exception {
    int contactPort = FreePorts.findFreePort();
    try (FlowAgent contact = FlowAgent.tcpListener("moved", new InetSocketAddress(PRIVATE, contactPort));
         FlowAgent watcher = FlowAgent.tcp("moved", sip, PRIVATE);
         FlowAgent publisher = FlowAgent.udp("moved-presentity", sip, "127.0.0.1")) {
      String presentity = "sip:moved-presentity@example.com";
      String toTag = subscribe(watcher, presentity, "<" + contact.contact() + ">");
      assertThat(toTag).isNotNull();
      Message first = nextRequest(watcher, "NOTIFY");
      watcher.dropConnection();

      publish(publisher, presentity, "open");

      Message notify = nextRequest(contact, "NOTIFY");
      while (notify.cseq() == first.cseq()) {
        // The first NOTIFY again, same CSeq: seen now and then when the connection closes right
        // after it (a repeat the subscriber answers as such, not a new NOTIFY).
        notify = nextRequest(contact, "NOTIFY");
      }
      assertThat(notify.header("call-id")).isEqualTo(watcher.callId());
      assertThat(notify.body()).contains("<basic>open</basic>");
      assertThat(notify.cseq()).as("the NOTIFY after the first, which took the connection").isEqualTo(2);
    }
  }

  /** SUBSCRIBE, its 200 then its first NOTIFY; a PUBLISH and its NOTIFY; an un-SUBSCRIBE, its 200 then its last NOTIFY. */
  static void watchPublishAndEnd(FlowAgent watcher, FlowAgent publisher, String presentity) throws Exception {
    String toTag = subscribe(watcher, presentity, null);
    Message first = nextRequest(watcher, "NOTIFY");
    assertThat(first.header("subscription-state")).startsWith("active");
    assertThat(first.body()).contains("<basic>closed</basic>");

    publish(publisher, presentity, "open");
    Message changed = nextRequest(watcher, "NOTIFY");
    assertThat(changed.cseq()).isGreaterThan(first.cseq());
    assertThat(changed.body()).contains("<basic>open</basic>");

    watcher.send("SUBSCRIBE", presentity, toTag, List.of("Event: presence", "Expires: 0"), null);
    Message ended = watcher.next(ANSWER);
    assertThat(ended).as("an answer to the un-SUBSCRIBE").isNotNull();
    assertThat(ended.status()).as("the 200 leaves before the NOTIFY: %s", ended.startLine()).isEqualTo(200);
    Message last = nextRequest(watcher, "NOTIFY");
    assertThat(last.header("subscription-state")).startsWith("terminated");
    assertThat(last.cseq()).isGreaterThan(changed.cseq());
  }

  /** Sends an initial SUBSCRIBE (with another Contact, if given) and returns the To tag of its 200, which must come before any NOTIFY. */
  static String subscribe(FlowAgent watcher, String presentity, String contact) throws Exception {
    List<String> headers = contact == null ? List.of("Event: presence", "Expires: 600")
        : List.of("Event: presence", "Expires: 600", "Contact: " + contact);
    watcher.send("SUBSCRIBE", presentity, null, headers, null);
    Message answer = watcher.next(ANSWER);
    assertThat(answer).as("an answer to the SUBSCRIBE").isNotNull();
    assertThat(answer.status()).as("the 200 leaves before the first NOTIFY: %s", answer.startLine()).isEqualTo(200);
    return answer.toTag();
  }

  static void publish(FlowAgent publisher, String presentity, String basic) throws Exception {
    String pidf = """
        <?xml version="1.0" encoding="UTF-8"?>
        <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="%s">
          <tuple id="desk"><status><basic>%s</basic></status></tuple>
        </presence>
        """.formatted(presentity, basic);
    publisher.send("PUBLISH", presentity, null,
        List.of("Event: presence", "Expires: 3600", "Content-Type: application/pidf+xml"), pidf);
    Message answer = publisher.next(ANSWER);
    assertThat(answer).as("an answer to the PUBLISH").isNotNull();
    assertThat(answer.status()).isEqualTo(200);
  }

  /**
   * PUBLISHes {@code basic} with {@code note}, a modification of the publication of {@code ifMatch}
   * when given (RFC 3903 §4.4); returns the publication's SIP-ETag.
   */
  static String publish(FlowAgent publisher, String presentity, String basic, String note, String ifMatch)
      throws Exception {
    String pidf = """
        <?xml version="1.0" encoding="UTF-8"?>
        <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="%s">
          <tuple id="desk"><status><basic>%s</basic></status><note>%s</note></tuple>
        </presence>
        """.formatted(presentity, basic, note);
    List<String> headers = new ArrayList<>(List.of("Event: presence", "Expires: 3600",
        "Content-Type: application/pidf+xml"));
    if (ifMatch != null) {
      headers.add("SIP-If-Match: " + ifMatch);
    }
    publisher.send("PUBLISH", presentity, null, headers, pidf);
    Message answer = publisher.next(ANSWER);
    assertThat(answer).as("an answer to the PUBLISH").isNotNull();
    assertThat(answer.status()).isEqualTo(200);
    return answer.header("sip-etag");
  }

  static Message nextRequest(FlowAgent agent, String method) throws InterruptedException {
    Message message = agent.next(ANSWER);
    assertThat(message).as("a %s within %s", method, ANSWER).isNotNull();
    assertThat(message.isRequest(method)).as("a %s, not %s", method, message.startLine()).isTrue();
    return message;
  }
}
