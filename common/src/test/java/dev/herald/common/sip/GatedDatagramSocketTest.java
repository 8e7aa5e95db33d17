package dev.herald.common.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatedDatagramSocketTest {

  private static void send(DatagramSocket from, DatagramSocket to, String text) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    from.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), to.getLocalPort()));
  }

  private static String receive(DatagramSocket socket) throws Exception {
    DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
    socket.receive(packet);
    return new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.US_ASCII);
  }

  @Test
  void aDatagramTheGateRefusesNeverReachesTheReceiverAndDoesNotShortenTheNext() throws Exception {
    List<String> refused = new ArrayList<>();
    DatagramGate gate = (packet, socket) -> {
      String text = new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.US_ASCII);
      if (text.startsWith("no")) {
        refused.add(text);
        return false;
      }
      return true;
    };
    try (DatagramSocket gated = new GatedDatagramSocket(gate); DatagramSocket sender = new DatagramSocket()) {
      gated.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      send(sender, gated, "no");
      send(sender, gated, "a longer datagram than the refused one");

      assertThat(receive(gated)).isEqualTo("a longer datagram than the refused one");
      assertThat(refused).containsExactly("no");
    }
  }

  @Test
  void aGateThatFailsPassesTheDatagram() throws Exception {
    DatagramGate broken = (packet, socket) -> {
      throw new IllegalStateException("broken gate");
    };
    try (DatagramSocket gated = new GatedDatagramSocket(broken); DatagramSocket sender = new DatagramSocket()) {
      gated.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      send(sender, gated, "through");

      assertThat(receive(gated)).isEqualTo("through");
    }
  }
}
