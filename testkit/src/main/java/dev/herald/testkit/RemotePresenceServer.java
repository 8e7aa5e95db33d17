package dev.herald.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The presence server of another domain, over UDP on 127.0.0.1, written message by message: it takes
 * the SUBSCRIBEs Herald's back-end subscriber sends, answers them, and sends NOTIFYs in their dialog
 * (RFC 6665 as notifier), so tests see what Herald does with a resource it does not serve.
 */
public final class RemotePresenceServer implements AutoCloseable {

  /** One subscription as its SUBSCRIBE made it: where NOTIFYs go and with which tags. */
  public record Dialog(String callId, String subscriberTag, String notifierTag, InetSocketAddress target,
      String subscriberUri, String resourceUri, String event) {}

  private final DatagramSocket socket;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger cseq = new AtomicInteger();
  private final Thread reader;
  private volatile boolean open = true;

  /** A message and the address it came from. */
  public record Received(FlowAgent.Message message, InetSocketAddress from) {}

  public RemotePresenceServer() throws SocketException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    reader = new Thread(this::read, "remote-presence-server");
    reader.setDaemon(true);
    reader.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** The next message that came in, or null after {@code timeout}. */
  public Received next(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next request, skipping responses (to NOTIFYs) on the way; null after {@code timeout}. */
  public Received nextRequest(String method, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      Received next = received.poll(left, TimeUnit.NANOSECONDS);
      if (next != null && next.message().isRequest(method)) {
        return next;
      }
    }
    return null;
  }

  /** Answers {@code request} with {@code status}, adding a To tag and the headers given; returns the dialog it makes. */
  public Dialog answer(Received request, int status, List<String> headers) throws IOException {
    FlowAgent.Message m = request.message();
    String to = m.header("to");
    String notifierTag = m.toTag() != null ? m.toTag() : UUID.randomUUID().toString().substring(0, 8);
    StringBuilder response = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(status < 300 ? "OK" : "Error")
        .append("\r\n");
    m.all("via").forEach(via -> response.append("Via: ").append(via).append("\r\n"));
    response.append("From: ").append(m.header("from")).append("\r\n")
        .append("To: ").append(to).append(m.toTag() == null ? ";tag=" + notifierTag : "").append("\r\n")
        .append("Call-ID: ").append(m.header("call-id")).append("\r\n")
        .append("CSeq: ").append(m.header("cseq")).append("\r\n")
        .append("Contact: <sip:presence@127.0.0.1:").append(port()).append(">\r\n");
    headers.forEach(h -> response.append(h).append("\r\n"));
    response.append("Content-Length: 0\r\n\r\n");
    send(response.toString(), request.from());
    String contact = m.header("contact");
    String contactUri = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
    String hostPort = contactUri.substring(contactUri.indexOf('@') + 1).split("[;>]", 2)[0];
    int colon = hostPort.lastIndexOf(':');
    InetSocketAddress target = new InetSocketAddress(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1)));
    String from = m.header("from");
    String fromTag = from.substring(from.indexOf(";tag=") + 5).split("[;\\s]", 2)[0];
    return new Dialog(m.header("call-id"), fromTag, notifierTag, target,
        from.substring(from.indexOf('<') + 1, from.indexOf('>')), to.substring(to.indexOf('<') + 1, to.indexOf('>')),
        m.header("event"));
  }

  /** Sends a NOTIFY in {@code dialog} with {@code subscriptionState} and, if not null, a PIDF body. */
  public void notify(Dialog dialog, String subscriptionState, String pidf) throws IOException {
    byte[] body = pidf == null ? new byte[0] : pidf.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder("NOTIFY sip:herald@").append(dialog.target().getHostString()).append(':')
        .append(dialog.target().getPort()).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP 127.0.0.1:").append(port()).append(";branch=z9hG4bK-remote-")
        .append(UUID.randomUUID()).append("\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <").append(dialog.resourceUri()).append(">;tag=").append(dialog.notifierTag()).append("\r\n")
        .append("To: <").append(dialog.subscriberUri()).append(">;tag=").append(dialog.subscriberTag()).append("\r\n")
        .append("Call-ID: ").append(dialog.callId()).append("\r\n")
        .append("CSeq: ").append(cseq.incrementAndGet()).append(" NOTIFY\r\n")
        .append("Contact: <sip:presence@127.0.0.1:").append(port()).append(">\r\n")
        .append("Event: ").append(dialog.event()).append("\r\n")
        .append("Subscription-State: ").append(subscriptionState).append("\r\n");
    if (pidf != null) {
      request.append("Content-Type: application/pidf+xml\r\n");
    }
    request.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] head = request.toString().getBytes(StandardCharsets.UTF_8);
    byte[] packet = new byte[head.length + body.length];
    System.arraycopy(head, 0, packet, 0, head.length);
    System.arraycopy(body, 0, packet, head.length, body.length);
    socket.send(new DatagramPacket(packet, packet.length, dialog.target()));
  }

  private void send(String text, InetSocketAddress to) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, to));
  }

  private void read() {
    byte[] buffer = new byte[65_535];
    while (open) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return;
      }
      String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      received.add(new Received(FlowAgent.Message.parse(text),
          new InetSocketAddress(packet.getAddress(), packet.getPort())));
    }
  }

  @Override
  public void close() {
    open = false;
    socket.close();
  }
}
