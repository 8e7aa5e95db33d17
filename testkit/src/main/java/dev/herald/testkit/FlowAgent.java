package dev.herald.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A SIP user agent as a phone behind a NAT is: it speaks SIP over one plain socket and hears only
 * what comes back on it. Over UDP it takes datagrams from the address and port it sends to and
 * drops (and counts) any other, as a port-restricted NAT does; over TCP or TLS it opens one
 * connection and listens on no port. It names another address ({@code advertised}, e.g. 127.0.0.2) in its Via
 * and Contact, as a phone names its private address. It answers every NOTIFY 200 and keeps every
 * message it received, in order.
 */
public final class FlowAgent implements AutoCloseable {

  /** One SIP message as received: start line, headers by lower-case full name, body. */
  public record Message(String startLine, Map<String, List<String>> headers, String body) {

    private static final Map<String, String> COMPACT = Map.of("v", "via", "f", "from", "t", "to", "i", "call-id",
        "l", "content-length", "c", "content-type", "m", "contact", "o", "event");

    public boolean isRequest(String method) {
      return startLine.startsWith(method + " ");
    }

    /** The status code of a response, or 0 for a request. */
    public int status() {
      return startLine.startsWith("SIP/2.0 ") ? Integer.parseInt(startLine.substring(8, 11)) : 0;
    }

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> all(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The tag parameter of the To header. */
    public String toTag() {
      String to = header("to");
      int at = to == null ? -1 : to.indexOf(";tag=");
      return at < 0 ? null : to.substring(at + 5).split("[;>\\s]", 2)[0];
    }

    public long cseq() {
      return Long.parseLong(header("cseq").strip().split("\\s+")[0]);
    }

    static Message parse(String text) {
      int end = text.indexOf("\r\n\r\n");
      String head = end < 0 ? text : text.substring(0, end);
      String body = end < 0 ? "" : text.substring(end + 4);
      String[] lines = head.split("\r\n");
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
        headers.computeIfAbsent(COMPACT.getOrDefault(name, name), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
      return new Message(lines[0], headers, body);
    }
  }

  private final String transport;
  private final String user;
  private final String advertisedHost;
  private final int advertisedPort;
  private final InetSocketAddress server;
  private final DatagramSocket udp;
  private final ServerSocket listener;
  private volatile Socket tcp;
  private final WebSocketLink webSocketLink;
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
  private final AtomicInteger fromElsewhere = new AtomicInteger();
  private final AtomicInteger cseq = new AtomicInteger();
  private final String callId = UUID.randomUUID() + "@flow-agent";
  private final String fromTag = UUID.randomUUID().toString().substring(0, 8);
  private final Thread reader;
  private volatile boolean open = true;

  private FlowAgent(String transport, String user, String advertisedHost, int advertisedPort, InetSocketAddress server,
      DatagramSocket udp, Socket tcp, ServerSocket listener) {
    this(transport, user, advertisedHost, advertisedPort, server, udp, tcp, listener, null);
  }

  private FlowAgent(String transport, String user, String advertisedHost, int advertisedPort, InetSocketAddress server,
      DatagramSocket udp, Socket tcp, ServerSocket listener, WebSocketLink webSocketLink) {
    this.webSocketLink = webSocketLink;
    this.transport = transport;
    this.user = user;
    this.advertisedHost = advertisedHost;
    this.advertisedPort = advertisedPort;
    this.server = server;
    this.udp = udp;
    this.tcp = tcp;
    this.listener = listener;
    this.reader = new Thread(this::read, "flow-agent-" + user);
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** An agent on a UDP socket of 127.0.0.1 that takes datagrams only from {@code server}. */
  public static FlowAgent udp(String user, InetSocketAddress server, String advertisedHost) throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new FlowAgent("UDP", user, advertisedHost, 5060, server, socket, null, null);
  }

  /** An agent on one TCP connection it opens to {@code server}; it listens on no port. */
  public static FlowAgent tcp(String user, InetSocketAddress server, String advertisedHost) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(server, 5000);
    return new FlowAgent("TCP", user, advertisedHost, 5060, server, null, socket, null);
  }

  /**
   * An agent on one TLS connection it opens to {@code server}, trusting only the certificates in the
   * PEM file {@code trusted} (a self-signed server certificate, say) and checking that the
   * certificate names {@code server}'s address; it listens on no port.
   */
  public static FlowAgent tls(String user, InetSocketAddress server, String advertisedHost, Path trusted,
      String... protocols) throws IOException, GeneralSecurityException {
    SSLContext context = trusting(trusted);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    if (protocols.length > 0) {
      socket.setEnabledProtocols(protocols);
    }
    SSLParameters parameters = socket.getSSLParameters();
    // RFC 5922 §7.2: the server's certificate must name the host the client connected to.
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.setTcpNoDelay(true);
    socket.connect(server, 5000);
    socket.startHandshake();
    return new FlowAgent("TLS", user, advertisedHost, 5061, server, null, socket, null);
  }

  /**
   * An agent on a WebSocket connection to {@code server} (ws: or wss:) offering the {@code sip}
   * subprotocol, as a browser phone (RFC 7118): its Via and Contact name an invalid host
   * (§5.2, §7), so it is reached over this connection only. {@code origin} is the page's origin
   * sent in the upgrade (null: none); {@code tls} the context a wss: connection trusts (null for ws:).
   */
  public static FlowAgent webSocket(String user, URI server, String origin, SSLContext tls) {
    WebSocketLink link = new WebSocketLink(server, origin, tls);
    String transport = server.getScheme().equalsIgnoreCase("wss") ? "WSS" : "WS";
    FlowAgent agent = new FlowAgent(transport, user, UUID.randomUUID().toString().substring(0, 12) + ".invalid",
        5060, null, null, null, null, link);
    link.connect(agent);
    return agent;
  }

  /** An SSL context that trusts only the certificates of the PEM file {@code trusted}. */
  public static SSLContext trusting(Path trusted) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(trusted)) {
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("trusted-" + i++, certificate);
      }
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }

  /**
   * Opens a new WebSocket connection for this agent, the old one closed, as a browser phone does
   * after its network changed; the dialog (Call-ID, tag, CSeq) stays.
   */
  public void reconnectWebSocket() {
    webSocketLink.connect(this);
  }

  /** The TLS protocol of this agent's connection, e.g. TLSv1.3; null when it has none. */
  public String tlsProtocol() {
    return tcp instanceof SSLSocket ssl ? ssl.getSession().getProtocol() : null;
  }

  /**
   * An agent that listens on {@code contact} for TCP connections: a phone reachable at its Contact,
   * for NOTIFYs that can no longer take the connection the SUBSCRIBE came on. It answers on the
   * latest connection.
   */
  public static FlowAgent tcpListener(String user, InetSocketAddress contact) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(contact);
    return new FlowAgent("TCP", user, contact.getHostString(), listener.getLocalPort(), null, null, null, listener);
  }

  /** Contact URI this agent names. */
  public String contact() {
    return "sip:" + user + "@" + advertisedHost + ":" + advertisedPort
        + (transport.equals("UDP") ? "" : ";transport=" + transport.toLowerCase(Locale.ROOT));
  }

  /** Datagrams that came from an address other than the server's, and were dropped. */
  public int droppedFromElsewhere() {
    return fromElsewhere.get();
  }

  public String callId() {
    return callId;
  }

  /**
   * Sends {@code method} to {@code target} in this agent's dialog (Call-ID and From tag), with the
   * next CSeq, {@code toTag} (null outside the dialog) and extra header lines (a Contact among
   * them replaces the agent's own).
   */
  public void send(String method, String target, String toTag, List<String> extraHeaders, String body)
      throws IOException {
    String branch = "z9hG4bK-flow-" + UUID.randomUUID();
    StringBuilder message = new StringBuilder()
        .append(method).append(' ').append(target).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/").append(transport).append(' ').append(advertisedHost).append(':')
        .append(advertisedPort).append(";rport;branch=").append(branch).append("\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <sip:").append(user).append("@example.com>;tag=").append(fromTag).append("\r\n")
        .append("To: <").append(target).append('>').append(toTag == null ? "" : ";tag=" + toTag).append("\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: ").append(cseq.incrementAndGet()).append(' ').append(method).append("\r\n");
    if (extraHeaders.stream().noneMatch(h -> h.regionMatches(true, 0, "Contact:", 0, 8))) {
      message.append("Contact: <").append(contact()).append(">\r\n");
    }
    extraHeaders.forEach(h -> message.append(h).append("\r\n"));
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    message.append("Content-Length: ").append(content.length).append("\r\n\r\n");
    write(concat(message.toString().getBytes(StandardCharsets.UTF_8), content));
  }

  /** The next message received, or null after {@code timeout}. */
  public Message next(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closes the TCP connection (as a phone whose NAT binding expired), keeping what was received. */
  public void dropConnection() throws IOException {
    if (webSocketLink != null) {
      webSocketLink.close();
      return;
    }
    Socket socket = tcp;
    if (socket != null) {
      socket.close();
    }
  }

  private void write(byte[] bytes) throws IOException {
    if (webSocketLink != null) {
      webSocketLink.send(new String(bytes, StandardCharsets.UTF_8));
      return;
    }
    if (udp != null) {
      udp.send(new DatagramPacket(bytes, bytes.length, server));
      return;
    }
    OutputStream out = tcp.getOutputStream();
    synchronized (this) {
      out.write(bytes);
      out.flush();
    }
  }

  private void read() {
    if (webSocketLink != null) {
      // The WebSocket client's listener hands each message over.
      return;
    }
    try {
      if (udp != null) {
        readDatagrams();
      } else if (listener != null) {
        while (open) {
          Socket accepted = listener.accept();
          tcp = accepted;
          Thread connection = new Thread(() -> {
            try {
              readStream(accepted.getInputStream());
            } catch (IOException e) {
              // Closed.
            }
          }, "flow-agent-" + user + "-connection");
          connection.setDaemon(true);
          connection.start();
        }
      } else {
        readStream(tcp.getInputStream());
      }
    } catch (IOException e) {
      // Closed.
    }
  }

  private void readDatagrams() throws IOException {
    byte[] buffer = new byte[65535];
    while (open) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      udp.receive(packet);
      SocketAddress from = packet.getSocketAddress();
      if (!from.equals(server)) {
        // A NAT lets in nothing but answers from where its client sent to (RFC 4787 §4.1).
        fromElsewhere.incrementAndGet();
        continue;
      }
      handle(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
    }
  }

  /** Frames messages by their blank line and Content-Length (RFC 3261 §18.3). */
  private void readStream(InputStream in) throws IOException {
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while (open && (n = in.read(chunk)) >= 0) {
      pending.write(chunk, 0, n);
      String text = pending.toString(StandardCharsets.UTF_8);
      int end;
      while ((end = text.indexOf("\r\n\r\n")) >= 0) {
        Message head = Message.parse(text.substring(0, end));
        String length = head.header("content-length");
        int bodyLength = length == null ? 0 : Integer.parseInt(length.strip());
        if (text.length() < end + 4 + bodyLength) {
          break;
        }
        handle(text.substring(0, end + 4 + bodyLength));
        text = text.substring(end + 4 + bodyLength).replaceFirst("^(\r\n)+", "");
      }
      pending.reset();
      pending.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Answers a NOTIFY before anyone reading {@link #next} sees it, as a phone does: a test that
   * closes the connection once it has a NOTIFY must not leave that NOTIFY unanswered, or the
   * sender's transaction lingers and JAIN-SIP may send it again over another connection.
   */
  void handle(String text) throws IOException {
    Message message = Message.parse(text);
    if (message.isRequest("NOTIFY")) {
      answer(message, 200, "OK");
    }
    received.add(message);
  }

  private void answer(Message request, int status, String reason) throws IOException {
    StringBuilder response = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
    request.all("via").forEach(v -> response.append("Via: ").append(v).append("\r\n"));
    response.append("From: ").append(request.header("from")).append("\r\n")
        .append("To: ").append(request.header("to")).append("\r\n")
        .append("Call-ID: ").append(request.header("call-id")).append("\r\n")
        .append("CSeq: ").append(request.header("cseq")).append("\r\n")
        .append("Content-Length: 0\r\n\r\n");
    write(response.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Override
  public void close() throws IOException {
    open = false;
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      tcp.close();
    }
    if (listener != null) {
      listener.close();
    }
    if (webSocketLink != null) {
      webSocketLink.close();
    }
  }
}
