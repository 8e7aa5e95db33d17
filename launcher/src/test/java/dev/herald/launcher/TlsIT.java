package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.testkit.FlowAgent;
import dev.herald.testkit.FlowAgent.Message;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over TLS (RFC 3261 §26.2.1, RFC 5923): a phone that opens one TLS connection to the edge,
 * trusting only the certificate Herald generated into its data directory, gets its SUBSCRIBE
 * answered, then every NOTIFY, initial, after a PUBLISH (sent over UDP by another phone) and
 * final, on that connection; it listens on no port. Herald's Contact in the dialog names the TLS
 * port, so the phone's later requests come over TLS as well.
 */
class TlsIT {

  private static final String PRIVATE = "127.0.0.2";

  @TempDir
  static Path dataDir;

  private static Herald herald;
  private static InetSocketAddress sip;
  private static InetSocketAddress sips;
  private static Path certificate;

  @BeforeAll
  static void start() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    herald = new Herald(settings).withTls(TlsSettings.selfSigned(0)).start();
    sip = new InetSocketAddress("127.0.0.1", settings.sipPort());
    sips = new InetSocketAddress("127.0.0.1", herald.sipTlsPort());
    certificate = SipChecks.selfSignedCertificate(dataDir);
    SipChecks.awaitHealthy(settings);
  }

  @AfterAll
  static void stop() {
    if (herald != null) {
      herald.close();
    }
  }

  @Test
  void aPhoneOnOneTlsConnectionGetsThe200FirstThenEveryNotifyOnThatConnection() throws Exception {
    assertThat(herald.sipTlsPort()).isPositive().isNotEqualTo(sip.getPort());
    try (FlowAgent watcher = FlowAgent.tls("tls-watcher", sips, PRIVATE, certificate);
         FlowAgent publisher = FlowAgent.udp("tls-presentity", sip, "127.0.0.1")) {
      assertThat(watcher.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
      FlowsIT.watchPublishAndEnd(watcher, publisher, "sip:tls-presentity@example.com");
    }
  }

  @Test
  void heraldsContactInATlsDialogNamesTheTlsPort() throws Exception {
    try (FlowAgent watcher = FlowAgent.tls("contact-watcher", sips, PRIVATE, certificate)) {
      watcher.send("SUBSCRIBE", "sip:contact-presentity@example.com", null,
          List.of("Event: presence", "Expires: 600"), null);
      Message answer = nextResponse(watcher);
      assertThat(answer.header("via")).startsWith("SIP/2.0/TLS");
      assertThat(answer.header("contact")).as("refreshes come over TLS too")
          .contains(":" + sips.getPort()).contains(";transport=tls");
      Message first = FlowsIT.nextRequest(watcher, "NOTIFY");
      assertThat(first.header("via")).as("sent over TLS").startsWith("SIP/2.0/TLS");
      assertThat(first.header("contact")).contains(":" + sips.getPort()).contains(";transport=tls");
    }
  }

  @Test
  void aSipsRequestUriIsServedOverTlsWithASipsContact() throws Exception {
    try (FlowAgent watcher = FlowAgent.tls("sips-watcher", sips, PRIVATE, certificate)) {
      watcher.send("SUBSCRIBE", "sips:sips-presentity@example.com", null,
          List.of("Event: presence", "Expires: 600", "Contact: <sips:sips-watcher@" + PRIVATE + ":5061>"), null);
      Message answer = nextResponse(watcher);
      // RFC 3261 §12.1.1: a dialog of a sips Request-URI has a sips Contact.
      assertThat(answer.header("contact")).contains("sips:").doesNotContain("transport=");
      Message first = FlowsIT.nextRequest(watcher, "NOTIFY");
      assertThat(first.startLine()).startsWith("NOTIFY sips:sips-watcher@");
      assertThat(first.header("contact")).contains("sips:").contains(":" + sips.getPort());
    }
  }

  @Test
  void tlsOlderThan12IsRefused() {
    assertThatThrownBy(() -> FlowAgent.tls("old-tls", sips, PRIVATE, certificate, "TLSv1.1").close())
        .isInstanceOf(SSLException.class);
  }

  private static Message nextResponse(FlowAgent watcher) throws InterruptedException {
    Message answer = watcher.next(SipChecks.ANSWER);
    assertThat(answer).as("an answer to the SUBSCRIBE").isNotNull();
    assertThat(answer.status()).as("the 200 leaves before the first NOTIFY: %s", answer.startLine()).isEqualTo(200);
    return answer;
  }
}
