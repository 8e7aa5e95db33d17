package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.sip.SipTls;
import dev.herald.common.tls.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsOptionsTest {

  @TempDir
  Path dir;

  @Test
  void tlsIsOnPort5061WithASelfSignedCertificateByDefault() {
    TlsSettings tls = OptionsParsing.parse(new TlsOptions(), Map.of()).settings();

    assertThat(tls.enabled()).isTrue();
    assertThat(tls.port()).isEqualTo(5061);
    assertThat(tls.certificate()).isEmpty();
    assertThat(tls.verifyClient()).isFalse();
    assertThat(tls.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void offSwitchesTlsOff() {
    assertThat(OptionsParsing.parse(new TlsOptions(), Map.of(), "--sip-tls-port", "off").settings().enabled())
        .isFalse();
  }

  @Test
  void everyFlagIsAlsoAVariable() {
    TlsSettings tls = OptionsParsing.parse(new TlsOptions(), Map.of("HERALD_SIP_TLS_PORT", "15061",
        "HERALD_TLS_CERT", "/etc/herald/cert.pem", "HERALD_TLS_KEY", "/etc/herald/key.pem",
        "HERALD_TLS_VERIFY_CLIENT", "true", "HERALD_TLS_CLIENT_CA", "/etc/herald/ca.pem",
        "HERALD_TLS_HANDSHAKE_TIMEOUT_MS", "3000")).settings();

    assertThat(tls.port()).isEqualTo(15061);
    assertThat(tls.certificate()).contains(Path.of("/etc/herald/cert.pem"));
    assertThat(tls.key()).contains(Path.of("/etc/herald/key.pem"));
    assertThat(tls.verifyClient()).isTrue();
    assertThat(tls.clientCa()).contains(Path.of("/etc/herald/ca.pem"));
    assertThat(tls.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aPortThatIsNeitherANumberNorOffIsRefused() {
    TlsOptions options = OptionsParsing.parse(new TlsOptions(), Map.of(), "--sip-tls-port", "tls");

    assertThatThrownBy(options::settings).hasMessageContaining("port number or off");
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertThatThrownBy(() -> new TlsSettings(true, 70000, Optional.empty(), Optional.empty(), false, Optional.empty(),
        Duration.ofSeconds(1))).hasMessageContaining("0..65535");
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused() {
    assertThatThrownBy(() -> OptionsParsing.parse(new TlsOptions(), Map.of(), "--tls-cert", "cert.pem").settings())
        .hasMessageContaining("--tls-cert and --tls-key go together");
  }

  @Test
  void verifyingClientsWithoutTheirCasIsRefused() {
    assertThatThrownBy(() -> OptionsParsing.parse(new TlsOptions(), Map.of(), "--tls-verify-client", "true")
        .settings()).hasMessageContaining("--tls-client-ca");
  }

  @Test
  void aZeroHandshakeTimeoutIsRefused() {
    assertThatThrownBy(() -> OptionsParsing.parse(new TlsOptions(), Map.of(), "--tls-handshake-timeout-ms", "0")
        .settings()).hasMessageContaining("handshake timeout");
  }

  @Test
  void withoutACertificateTheEdgeServesTheSelfSignedOneOfTheDataDirectoryAndKeepsIt() throws Exception {
    SipTls first = TlsSettings.selfSigned(0).sipTls(dir, "127.0.0.1", Clock.systemUTC());
    String certificate = Files.readString(first.certificate());

    SipTls second = TlsSettings.selfSigned(0).sipTls(dir, "127.0.0.1", Clock.systemUTC());

    assertThat(first.certificate()).isEqualTo(dir.resolve("tls").resolve(SelfSignedCertificate.CERTIFICATE_FILE));
    assertThat(Files.readString(second.certificate())).isEqualTo(certificate);
  }

  @Test
  void givenFilesAreServedAsTheyAre() throws Exception {
    TlsSettings tls = new TlsSettings(true, 5061, Optional.of(Path.of("cert.pem")), Optional.of(Path.of("key.pem")),
        false, Optional.empty(), Duration.ofSeconds(1));

    SipTls sipTls = tls.sipTls(dir, "127.0.0.1", Clock.systemUTC());

    assertThat(sipTls.certificate()).isEqualTo(Path.of("cert.pem").toAbsolutePath());
    assertThat(dir.resolve("tls")).doesNotExist();
  }
}
