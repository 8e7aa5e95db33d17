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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** What the one-command integration tests share: fresh settings, health, and reading NOTIFYs. */
final class SipChecks {

  static final Duration ANSWER = Duration.ofSeconds(15);

  private SipChecks() {}

  /** Defaults on free ports, with their state in {@code dataDir}. */
  static HeraldSettings freshSettings(Path dataDir) {
    return HeraldSettings.builder().sipHost("127.0.0.1").sipPort(FreePorts.findFreeSipPort("127.0.0.1"))
        .adminHost("127.0.0.1").adminPort(FreePorts.findFreePort()).dataDir(dataDir).build();
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
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
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
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
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
