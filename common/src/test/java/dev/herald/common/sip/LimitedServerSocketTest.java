package dev.herald.common.sip;

import static dev.herald.common.sip.LoopbackClients.closedByServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.net.SourceLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitedServerSocketTest {

  private static final Duration IDLE = Duration.ofSeconds(30);

  private final LoopbackClients clients = new LoopbackClients();
  private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
  private LimitedServerSocket server;
  private Thread acceptor;

  @AfterEach
  void tearDown() throws Exception {
    clients.close();
    if (server != null) {
      server.close();
      acceptor.join(5000);
    }
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  @Test
  void connectionsOverTheirSourcesLimitAreClosedAndAcceptKeepsServingOthers() throws Exception {
    int port = listen(SourceLimits.builder().maxPerSource(2).build());

    List<Socket> flood = clients.flood("127.0.0.2", port, 5);
    Socket other = clients.connect("127.0.0.1", port);

    Socket served = accepted.poll(10, TimeUnit.SECONDS);
    Socket second = accepted.poll(10, TimeUnit.SECONDS);
    Socket third = accepted.poll(10, TimeUnit.SECONDS);
    assertThat(List.of(served, second, third)).extracting(socket -> socket.getInetAddress().getHostAddress())
        .containsExactly("127.0.0.2", "127.0.0.2", "127.0.0.1");
    for (Socket over : flood.subList(2, 5)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> closedByServer(over));
    }
    assertThat(closedByServer(flood.get(0))).as("within the limit, left open").isFalse();
    assertThat(closedByServer(other)).isFalse();
    assertThat(acceptor.isAlive()).as("the accept loop goes on").isTrue();
    assertThat(server.connections()).isEqualTo(3);
  }

  @Test
  void aClosedConnectionFreesItsSourcesPlace() throws Exception {
    int port = listen(SourceLimits.builder().maxPerSource(1).build());
    clients.connect("127.0.0.2", port);
    accepted.poll(10, TimeUnit.SECONDS).close();

    clients.connect("127.0.0.2", port);

    Socket again = accepted.poll(10, TimeUnit.SECONDS);
    assertThat(again).isNotNull();
    assertThat(again.getInetAddress().getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void aSourceOpeningConnectionsTooFastHasTheExtraOnesClosed() throws Exception {
    int port = listen(SourceLimits.builder().acceptsPerSecondPerSource(1).build());

    List<Socket> flood = clients.flood("127.0.0.2", port, 4);

    assertThat(accepted.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(accepted.poll(10, TimeUnit.SECONDS)).as("a burst of two seconds' worth").isNotNull();
    for (Socket over : flood.subList(2, 4)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> closedByServer(over));
    }
  }

  @Test
  void anAcceptedConnectionTimesOutAfterTheIdleTimeout() throws Exception {
    int port = listen(SourceLimits.defaults());
    clients.connect("127.0.0.1", port);

    assertThat(accepted.poll(10, TimeUnit.SECONDS).getSoTimeout()).isEqualTo((int) IDLE.toMillis());
  }

  @Test
  void itIsBoundLikeTheSocketItIs() throws Exception {
    int port = listen(SourceLimits.defaults());

    assertThat(server.isBound()).isTrue();
    assertThat(server.getLocalPort()).isEqualTo(port);
    assertThat(server.getInetAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    server.close();
    assertThat(server.isClosed()).isTrue();
  }

  private int listen(SourceLimits limits) throws IOException {
    server = new LimitedServerSocket(new AcceptedConnections(new SipConnectionLimits(limits, IDLE), System::nanoTime));
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(server.accept());
        }
      } catch (IOException e) {
        // closed by the test
      }
    }, "accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return server.getLocalPort();
  }
}
