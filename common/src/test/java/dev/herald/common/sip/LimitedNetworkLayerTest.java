package dev.herald.common.sip;

import static dev.herald.common.sip.LoopbackClients.closedByServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.FreePorts;
import dev.herald.common.net.SourceLimits;
import dev.herald.common.tls.PemFiles;
import dev.herald.common.tls.SelfSignedCertificate;
import gov.nist.javax.sip.SipStackImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.sip.ListeningPoint;
import javax.sip.SipStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network layers' listening sockets under connection limits, on real JAIN-SIP stacks. */
class LimitedNetworkLayerTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir
  Path dir;

  private final List<SipStack> stacks = new ArrayList<>();
  private final LoopbackClients clients = new LoopbackClients();

  @AfterEach
  void tearDown() throws Exception {
    clients.close();
    stacks.forEach(SipStacks::shutdown);
  }

  @Test
  void anIdleTcpConnectionIsClosedByTheStackOnceItsIdleTimeoutPasses() throws Exception {
    SipConnectionLimits limits = new SipConnectionLimits(SourceLimits.defaults(), Duration.ofSeconds(1));
    int port = listen(limits.stackProperties(), ListeningPoint.TCP);

    Socket idle = clients.connect("127.0.0.1", port);

    await().atMost(Duration.ofSeconds(15)).until(() -> closedByServer(idle));
  }

  @Test
  void anIdleTlsConnectionIsClosedByTheStackOnceItsIdleTimeoutPasses() throws Exception {
    SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "127.0.0.1", Clock.systemUTC());
    Map<String, String> properties = new HashMap<>(new SipConnectionLimits(SourceLimits.defaults(),
        Duration.ofSeconds(1)).stackProperties());
    properties.putAll(SipTls.of(pair.certificate(), pair.key()).stackProperties(false));
    int port = listen(properties, ListeningPoint.TLS);

    try (SSLSocket idle = handshake(pair.certificate(), port)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> closedByServer(idle));
    }
  }

  @Test
  void aFloodOfUnfinishedTlsHandshakesFromOneSourceLeavesAnotherServed() throws Exception {
    SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "127.0.0.1", Clock.systemUTC());
    Map<String, String> properties = new HashMap<>(new SipConnectionLimits(
        SourceLimits.builder().maxPerSource(3).build(), Duration.ofMinutes(5)).stackProperties());
    properties.putAll(SipTls.of(pair.certificate(), pair.key()).stackProperties(false));
    int port = listen(properties, ListeningPoint.TLS);

    List<Socket> flood = clients.flood("127.0.0.2", port, 8);
    for (Socket over : flood.subList(3, 8)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> closedByServer(over));
    }

    try (SSLSocket tls = handshake(pair.certificate(), port)) {
      assertThat(tls.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }
    assertThat(closedByServer(flood.get(0))).as("within the limit, left to its handshake timeout").isFalse();
  }

  @Test
  void theTlsListeningSocketKeepsTheSettingsTheStackGivesIt() throws Exception {
    SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "127.0.0.1", Clock.systemUTC());
    Map<String, String> properties = new HashMap<>(SipConnectionLimits.defaults().stackProperties());
    properties.putAll(SipTls.of(pair.certificate(), pair.key()).stackProperties(false));
    SipStackImpl stack = (SipStackImpl) stack(properties);

    try (SSLServerSocket socket = stack.getNetworkLayer().createSSLServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      assertThat(socket).isInstanceOf(LimitedSslServerSocket.class);
      assertThat(socket.isBound()).isTrue();
      assertThat(socket.getLocalPort()).isPositive();
      assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
      socket.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
      assertThat(socket.getEnabledCipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256");
      socket.setWantClientAuth(true);
      assertThat(socket.getWantClientAuth()).isTrue();
      socket.setNeedClientAuth(true);
      assertThat(socket.getNeedClientAuth()).isTrue();
      socket.setUseClientMode(false);
      assertThat(socket.getUseClientMode()).isFalse();
      socket.setSoTimeout(1234);
      assertThat(socket.getSoTimeout()).isEqualTo(1234);
      socket.close();
      assertThat(socket.isClosed()).isTrue();
    }
  }

  @Test
  void everyLayerLimitsItsTcpListeningSocketsWhenTheStackHasLimits() throws Exception {
    Map<String, String> shared = new HashMap<>(SipConnectionLimits.defaults().stackProperties());
    shared.put(ReusePortNetworkLayer.PROPERTY, ReusePortNetworkLayer.class.getName());

    for (Map<String, String> properties : List.of(SipConnectionLimits.defaults().stackProperties(), shared)) {
      try (ServerSocket socket = ((SipStackImpl) stack(properties)).getNetworkLayer().createServerSocket(0, 1,
          InetAddress.getLoopbackAddress())) {
        assertThat(socket).isInstanceOf(LimitedServerSocket.class);
        assertThat(socket.isBound()).isTrue();
      }
    }
    try (ServerSocket socket = ((SipStackImpl) stack(Map.of(ReusePortNetworkLayer.PROPERTY,
        ReusePortNetworkLayer.class.getName()))).getNetworkLayer().createServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      assertThat(socket).as("no limits, none applied").isNotInstanceOf(LimitedServerSocket.class);
    }
  }

  private int listen(Map<String, String> properties, String transport) throws Exception {
    SipStack stack = stack(properties);
    int port = FreePorts.findFreePort();
    ListeningPoint point = stack.createListeningPoint("127.0.0.1", port, transport);
    stack.createSipProvider(point).addSipListener(new NoopSipListener());
    stack.start();
    return port;
  }

  private SipStack stack(Map<String, String> properties) throws Exception {
    SipStack stack = SipStacks.create(SipStackOptions.defaults("limits-test-" + NAMES.incrementAndGet())
        .withExtraProperties(properties));
    stacks.add(stack);
    return stack;
  }

  /** A TLS connection from 127.0.0.1 to {@code port}, its handshake done, trusting {@code certificate}. */
  private static SSLSocket handshake(Path certificate, int port) throws Exception {
    SSLSocket tls = (SSLSocket) client(certificate).getSocketFactory().createSocket();
    try {
      tls.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      tls.setSoTimeout(10_000);
      tls.startHandshake();
      return tls;
    } catch (Exception e) {
      tls.close();
      throw e;
    }
  }

  private static SSLContext client(Path certificate) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("server", PemFiles.certificates(certificate).get(0));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
