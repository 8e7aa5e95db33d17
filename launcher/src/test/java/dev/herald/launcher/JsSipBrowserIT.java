package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.herald.edge.ws.ConnectionLimits;
import dev.herald.edge.ws.WebSocketSettings;
import dev.herald.testkit.Browser;
import dev.herald.testkit.FlowAgent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * A browser phone: JsSIP (from npm, bundled by src/test/browser/build.sh) in headless Chromium
 * connects to Herald over WebSocket and over secure WebSocket from a page of an allowed origin,
 * SUBSCRIBEs to a presentity, and shows the presence a SIP test agent PUBLISHes over UDP; the test
 * reads the page.
 */
class JsSipBrowserIT {

  private static final Path PAGES = Path.of("src", "test", "browser");
  private static final Path BUNDLE = PAGES.resolve("build").resolve("jssip.js");
  private static final Duration SHOWN = Duration.ofSeconds(20);
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8");

  @TempDir
  static Path dataDir;

  private static Herald herald;
  private static HttpServer pages;
  private static InetSocketAddress sip;
  private static String pageOrigin;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeAvailable();
    assumeBundle();
    pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pages.createContext("/", exchange -> {
      String name = exchange.getRequestURI().getPath().substring(1);
      Path file = name.equals("jssip.js") ? BUNDLE : PAGES.resolve(name);
      if (!List.of("phone.html", "phone.js", "jssip.js").contains(name)) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      byte[] body = Files.readAllBytes(file);
      exchange.getResponseHeaders().set("Content-Type", TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    pages.start();
    pageOrigin = "http://127.0.0.1:" + pages.getAddress().getPort();

    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    herald = new Herald(settings).withTls(TlsSettings.selfSigned(0))
        .withWebSocket(Optional.of(new WebSocketSettings(OptionalInt.of(0), OptionalInt.of(0), List.of(pageOrigin),
            ConnectionLimits.defaults())))
        .start();
    sip = new InetSocketAddress("127.0.0.1", settings.sipPort());
    SipChecks.awaitHealthy(settings);
  }

  @AfterAll
  static void stop() {
    if (herald != null) {
      herald.close();
    }
    if (pages != null) {
      pages.stop(0);
    }
  }

  @Test
  void aJsSipPhoneOverWebSocketShowsThePresenceAnotherPhonePublishes(@TempDir Path profile) throws Exception {
    watchInBrowser("ws://127.0.0.1:" + herald.sipWsPort(), "sip:ws-browser-presentity@example.com", profile,
        List.of());
  }

  @Test
  void aJsSipPhoneOverSecureWebSocketShowsThePresenceAnotherPhonePublishes(@TempDir Path profile)
      throws Exception {
    // Chromium trusts exactly the certificate Herald generated, by its public key.
    String pin = "--ignore-certificate-errors-spki-list=" + spkiHash(SipChecks.selfSignedCertificate(dataDir));
    watchInBrowser("wss://127.0.0.1:" + herald.sipWssPort(), "sip:wss-browser-presentity@example.com", profile,
        List.of(pin));
  }

  private static void watchInBrowser(String webSocket, String presentity, Path profile, List<String> arguments)
      throws Exception {
    String user = presentity.substring(4, presentity.indexOf('@'));
    try (Browser browser = Browser.start(profile, 1024, 768, arguments);
         FlowAgent publisher = FlowAgent.udp(user, sip, "127.0.0.1")) {
      browser.open(pageOrigin + "/phone.html?ws=" + encode(webSocket) + "&uri=" + encode("sip:browser@example.com")
          + "&target=" + encode(presentity));
      browser.waitForText("#transport", "connected", SHOWN);
      browser.waitForText("#subscription", "active", SHOWN);
      browser.waitForText("#presence", "closed", SHOWN);

      String etag = FlowsIT.publish(publisher, presentity, "open", "at my desk", null);
      browser.waitForText("#presence", "open", SHOWN);
      browser.waitForText("#note", "(at my desk)", SHOWN);
      assertThat(Integer.parseInt(browser.all("#notifies").get(0).getText()))
          .as("the first NOTIFY, then the one of the PUBLISH").isGreaterThanOrEqualTo(2);

      // RFC 3903 §4.4: a modification of that publication.
      FlowsIT.publish(publisher, presentity, "closed", "in a meeting", etag);
      browser.waitForText("#presence", "closed", SHOWN);
      browser.waitForText("#note", "(in a meeting)", SHOWN);
    }
  }

  private static void assumeBundle() {
    if (Files.isRegularFile(BUNDLE)) {
      return;
    }
    String missing = BUNDLE + " is missing: run launcher/src/test/browser/build.sh (Node.js and npm)";
    if ("1".equals(System.getenv(Browser.REQUIRE_VARIABLE))) {
      throw new AssertionError(missing + ", and " + Browser.REQUIRE_VARIABLE + "=1 requires the browser tests to run");
    }
    throw new TestAbortedException("browser test skipped: " + missing);
  }

  private static String spkiHash(Path certificate) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(certificate)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
      return Base64.getEncoder().encodeToString(digest);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
