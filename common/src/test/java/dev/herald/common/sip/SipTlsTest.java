package dev.herald.common.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.tls.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.sip.ListeningPoint;
import javax.sip.PeerUnavailableException;
import javax.sip.SipStack;
import gov.nist.javax.sip.SipStackImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipTlsTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir
  Path dir;

  private final List<SipStack> stacks = new ArrayList<>();

  @AfterEach
  void tearDown() {
    stacks.forEach(SipStacks::shutdown);
  }

  @Test
  void verifyingClientsNeedsTheirCas() {
    assertThatThrownBy(() -> new SipTls(Path.of("c.pem"), Path.of("k.pem"), Optional.empty(), true,
        Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-client-ca");
  }

  @Test
  void theHandshakeTimeoutMustBePositive() {
    assertThatThrownBy(() -> new SipTls(Path.of("c.pem"), Path.of("k.pem"), Optional.empty(), false, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshake timeout");
  }

  @Test
  void theStackIsToldTls12And13OnlyNoClientCertificatesAndTheHandshakeTimeoutButNoJvmWideSetting() {
    Map<String, String> properties = SipTls.of(Path.of("/c.pem"), Path.of("/k.pem")).stackProperties(false);

    assertThat(properties)
        .containsEntry("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2")
        .containsEntry("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled")
        .containsEntry("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000")
        .containsEntry("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", PemSecurityManagerProvider.class.getName())
        .containsEntry("gov.nist.javax.sip.NETWORK_LAYER", TlsNetworkLayer.class.getName());
    assertThat(properties.keySet()).noneMatch(key -> key.startsWith("javax.net.ssl."));
    assertThat(properties.get("gov.nist.javax.sip.ENABLED_CIPHER_SUITES")).contains("TLS_AES_128_GCM_SHA256")
        .doesNotContain("3DES").doesNotContain("_anon_");
  }

  @Test
  void aTlsListeningPointOffersOnlyTls12And13WithThePemCertificate() throws Exception {
    SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "127.0.0.1", Clock.systemUTC());
    SipStack stack = stack(SipTls.of(pair.certificate(), pair.key()).stackProperties(false));
    int port = dev.herald.common.FreePorts.findFreePort();
    ListeningPoint point = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.TLS);
    stack.createSipProvider(point);
    stack.start();

    try (SSLServerSocket socket = (SSLServerSocket) ((SipStackImpl) stack).getNetworkLayer()
        .createSSLServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
      assertThat(socket.getNeedClientAuth()).isFalse();
    }
    assertThat(point.getPort()).isEqualTo(port);
  }

  @Test
  void verifyingClientsMakesTheTlsListeningPointRequireACertificate() throws Exception {
    SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "127.0.0.1", Clock.systemUTC());
    SipTls tls = new SipTls(pair.certificate(), pair.key(), Optional.of(pair.certificate()), true,
        Duration.ofSeconds(5));
    assertThat(tls.stackProperties(false)).containsEntry("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Enabled");
    SipStack stack = stack(tls.stackProperties(false));

    try (SSLServerSocket socket = (SSLServerSocket) ((SipStackImpl) stack).getNetworkLayer()
        .createSSLServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(socket.getNeedClientAuth()).isTrue();
    }
  }

  @Test
  void aKeyThatDoesNotFitTheCertificateStopsTheStackFromStartingNamingTheFile() throws Exception {
    SelfSignedCertificate.PemPair one = SelfSignedCertificate.ensure(dir.resolve("one"), "127.0.0.1",
        Clock.systemUTC());
    SelfSignedCertificate.PemPair two = SelfSignedCertificate.ensure(dir.resolve("two"), "127.0.0.1",
        Clock.systemUTC());

    assertThatThrownBy(() -> stack(SipTls.of(one.certificate(), two.key()).stackProperties(false)))
        .isInstanceOf(PeerUnavailableException.class)
        .hasStackTraceContaining("is not the key of the certificate");
  }

  private SipStack stack(Map<String, String> properties) throws PeerUnavailableException {
    SipStack stack = SipStacks.create(SipStackOptions.defaults("tls-test-" + NAMES.incrementAndGet())
        .withExtraProperties(properties));
    stacks.add(stack);
    return stack;
  }
}
