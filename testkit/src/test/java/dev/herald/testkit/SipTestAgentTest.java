package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** The test agent against a raw UDP notifier that sends each NOTIFY before the answer to its SUBSCRIBE. */
class SipTestAgentTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  /**
   * RFC 6665 §4.1.2.4 lets a NOTIFY overtake the answer to its SUBSCRIBE. With the SUBSCRIBE that
   * made the dialog still in its transaction table, an un-SUBSCRIBE's answer used to be held back
   * for good: the NOTIFY locked both SUBSCRIBE transactions and released one.
   */
  @Test
  void anUnsubscribeIsAnsweredWhenItsNotifyOvertakesTheAnswer() throws Exception {
    try (DatagramSocket notifier = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         SipTestAgent watcher = SipTestAgent.udp("watcher")) {
      for (int i = 0; i < 5; i++) {
        Request subscribe = watcher.request(Request.SUBSCRIBE, "sip:w@example.com", "sip:bob@example.com",
            notifier.getLocalPort());
        subscribe.addHeader(watcher.headers.createEventHeader("presence"));
        subscribe.addHeader(watcher.headers.createExpiresHeader(600));
        CompletableFuture<Response> subscribed = watcher.sendAsync(subscribe);
        notifyThenAnswer(notifier, watcher, "active;expires=600");
        assertThat(subscribed.get(WAIT.toSeconds(), TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        assertThat(watcher.nextRequest(WAIT)).as("the first NOTIFY").isNotNull();

        Request unsubscribe = (Request) subscribe.clone();
        ((ToHeader) unsubscribe.getHeader(ToHeader.NAME)).setTag("srv");
        CSeqHeader cseq = (CSeqHeader) unsubscribe.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        unsubscribe.setHeader(watcher.headers.createViaHeader("127.0.0.1", watcher.port(), "udp", null));
        unsubscribe.setHeader(watcher.headers.createExpiresHeader(0));
        CompletableFuture<Response> unsubscribed = watcher.sendAsync(unsubscribe);
        notifyThenAnswer(notifier, watcher, "terminated;reason=timeout");
        assertThat(unsubscribed.get(WAIT.toSeconds(), TimeUnit.SECONDS).getStatusCode()).as("dialog " + i)
            .isEqualTo(200);
        assertThat(watcher.nextRequest(WAIT)).as("the last NOTIFY").isNotNull();
      }
    }
  }

  /** Takes the next SUBSCRIBE and sends, in this order, its NOTIFY and its 200. */
  private static void notifyThenAnswer(DatagramSocket notifier, SipTestAgent watcher, String state)
      throws Exception {
    String subscribe = nextSubscribe(notifier);
    String contact = "Contact: <sip:127.0.0.1:" + notifier.getLocalPort() + ">\r\n";
    String notify = "NOTIFY sip:w@127.0.0.1:" + watcher.port() + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + notifier.getLocalPort() + ";branch=z9hG4bK-" + System.nanoTime() + "\r\n"
        + "From: " + withoutTag(header(subscribe, ToHeader.NAME)) + ";tag=srv\r\n"
        + "To: " + header(subscribe, "From") + "\r\n"
        + "Call-ID: " + header(subscribe, "Call-ID") + "\r\n"
        + "CSeq: " + System.nanoTime() % 100000 + " NOTIFY\r\nMax-Forwards: 70\r\nEvent: presence\r\n"
        + "Subscription-State: " + state + "\r\n" + contact + "Content-Length: 0\r\n\r\n";
    String ok = "SIP/2.0 200 OK\r\n"
        + "Via: " + header(subscribe, ViaHeader.NAME) + "\r\n"
        + "From: " + header(subscribe, "From") + "\r\n"
        + "To: " + withoutTag(header(subscribe, ToHeader.NAME)) + ";tag=srv\r\n"
        + "Call-ID: " + header(subscribe, "Call-ID") + "\r\n"
        + "CSeq: " + header(subscribe, CSeqHeader.NAME) + "\r\nExpires: 600\r\n" + contact
        + "Content-Length: 0\r\n\r\n";
    for (String message : new String[] {notify, ok}) {
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      notifier.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), watcher.port()));
    }
  }

  /** The next SUBSCRIBE the socket receives; the watcher's answers to NOTIFYs are skipped. */
  private static String nextSubscribe(DatagramSocket socket) throws Exception {
    byte[] buffer = new byte[65535];
    while (true) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      socket.receive(packet);
      String received = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      if (received.startsWith(Request.SUBSCRIBE + " ")) {
        return received;
      }
    }
  }

  private static String withoutTag(String nameAddress) {
    return nameAddress.replaceAll(";tag=[^;]*", "");
  }

  private static String header(String message, String name) {
    Matcher matcher = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$").matcher(message);
    if (!matcher.find()) {
      throw new AssertionError("no " + name + " in " + message);
    }
    return matcher.group(1);
  }
}
