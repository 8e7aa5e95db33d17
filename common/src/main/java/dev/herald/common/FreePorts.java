package dev.herald.common;

import java.io.IOException;
import java.net.DatagramSocket;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds TCP ports that are free at the moment of the call.
 *
 * <p>A port found here can be taken by another process before it is bound again; callers that
 * can retry on {@link java.net.BindException} should do so.
 */
public final class FreePorts {

  private FreePorts() {
  }

  /**
   * A port free for both UDP and TCP on {@code host}, as a SIP listening point needs
   * (JAIN-SIP does not take port 0).
   */
  public static int findFreeSipPort(String host) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = findFreePorts(host, 1)[0];
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port))) {
        return port;
      } catch (IOException e) {
        // taken for UDP: try another
      }
    }
    throw new IllegalStateException("no port free for both UDP and TCP on " + host);
  }

  /** One free port on the loopback address 127.0.0.1. */
  public static int findFreePort() {
    return findFreePorts("127.0.0.1", 1)[0];
  }

  /**
   * {@code count} distinct ports that are free on {@code host} (all sockets are held open
   * together while searching, so the ports are guaranteed to differ from one another).
   */
  public static int[] findFreePorts(String host, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      InetAddress address = InetAddress.getByName(host);
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address, 0));
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on " + host, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // nothing useful to do
        }
      }
    }
  }
}
