package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import dev.herald.common.tls.SelfSignedCertificate;
import dev.herald.testkit.SipTestAgent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** What the one-command integration tests share: fresh settings, health, and reading NOTIFYs. */
final class SipChecks {

  static final Duration ANSWER = Duration.ofSeconds(15);

  private SipChecks() {}

  /** The data directory of each admin port the tests started a Herald on, where its admin token is. */
  private static final Map<Integer, Path> DATA_DIRS = new ConcurrentHashMap<>();

  /** Defaults on free ports, with their state in {@code dataDir}; the helpers find its admin token. */
  static HeraldSettings freshSettings(Path dataDir) {
    return register(HeraldSettings.builder().sipHost("127.0.0.1").sipPort(FreePorts.findFreeSipPort("127.0.0.1"))
        .adminHost("127.0.0.1").adminPort(FreePorts.findFreePort()).dataDir(dataDir).build());
  }

  /** Lets the helpers ({@link #adminGet}, {@link #healthy}, {@link CliRun}) send the admin token of these settings. */
  static HeraldSettings register(HeraldSettings settings) {
    DATA_DIRS.put(settings.adminPort(), settings.dataDir());
    return settings;
  }

  /** Lets the helpers send the admin token generated into {@code dataDir} to the Herald on {@code adminPort}. */
  static void register(int adminPort, Path dataDir) {
    DATA_DIRS.put(adminPort, dataDir);
  }

  /** The data directory of the Herald on {@code adminPort}, if the tests registered it. */
  static Optional<Path> dataDir(int adminPort) {
    return Optional.ofNullable(DATA_DIRS.get(adminPort));
  }

  /** The admin token Herald generated into the data directory of the Herald on {@code adminPort}. */
  static String adminToken(int adminPort) {
    Path dataDir = dataDir(adminPort).orElseThrow(() -> new IllegalStateException("no data directory registered for"
        + " admin port " + adminPort + " (SipChecks.register)"));
    try {
      return Files.readString(dataDir.resolve(AdminAuthSettings.GENERATED_TOKEN_FILE)).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A request to {@code path} on the admin port with its generated admin token. */
  static HttpRequest.Builder adminRequest(int adminPort, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .header("Authorization", "Bearer " + adminToken(adminPort));
  }

  /** The self-signed certificate Herald generated into {@code dataDir}, for a test client to trust. */
  static Path selfSignedCertificate(Path dataDir) {
    return dataDir.resolve(TlsSettings.SELF_SIGNED_DIRECTORY).resolve(SelfSignedCertificate.CERTIFICATE_FILE);
  }

  /** Waits until Herald's admin port says it is healthy. */
  static void awaitHealthy(HeraldSettings settings) {
    await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
  }

  static boolean healthy(int adminPort) throws Exception {
    return HttpClient.newHttpClient().send(adminRequest(adminPort, "/health").build(),
        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  static Request nextNotify(SipTestAgent agent) throws InterruptedException {
    Request notify = agent.nextRequest(ANSWER);
    assertThat(notify).as("a NOTIFY within %s", ANSWER).isNotNull();
    assertThat(notify.getMethod()).isEqualTo(Request.NOTIFY);
    return notify;
  }

  static String body(Request request) {
    return request.getRawContent() == null ? "" : new String(request.getRawContent(), StandardCharsets.UTF_8);
  }

  /** The body of a GET of {@code path} on the admin port. */
  static String adminGet(int adminPort, String path) throws Exception {
    return HttpClient.newHttpClient().send(adminRequest(adminPort, path).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The un-SUBSCRIBE of the dialog {@code subscribed} made: same Call-ID and tags, next CSeq, Expires 0. */
  static Request unsubscribe(SipTestAgent watcher, Request initial, Response subscribed) throws Exception {
    Request request = (Request) initial.clone();
    ((ToHeader) request.getHeader(ToHeader.NAME)).setTag(((ToHeader) subscribed.getHeader(ToHeader.NAME)).getTag());
    CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
    cseq.setSeqNumber(cseq.getSeqNumber() + 1);
    request.setHeader(watcher.headers.createViaHeader("127.0.0.1", watcher.port(), "udp", null));
    request.setHeader(watcher.headers.createExpiresHeader(0));
    return request;
  }

  /**
   * {@code count} TCP connections from {@code source}, a loopback address, to 127.0.0.1:{@code port}
   * that send nothing, as a flood of TLS handshakes never finished; the caller closes them.
   */
  static List<Socket> flood(String source, int port, int count) throws IOException {
    List<Socket> flood = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket();
        flood.add(socket);
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      }
      return flood;
    } catch (IOException e) {
      close(flood);
      throw e;
    }
  }

  static void close(List<Socket> sockets) throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  /** Whether the server closed {@code socket}, without waiting long if it did not. */
  static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(200);
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
