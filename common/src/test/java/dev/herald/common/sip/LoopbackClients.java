package dev.herald.common.sip;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Raw TCP clients on loopback, from any 127.0.0.0/8 address, and what became of their connections. */
final class LoopbackClients implements AutoCloseable {

  private final List<Socket> sockets = new ArrayList<>();

  /** A connection from {@code source} (a loopback address) to 127.0.0.1:{@code port}. */
  Socket connect(String source, int port) throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.bind(new InetSocketAddress(address(source), 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    return socket;
  }

  /** {@code count} connections from {@code source} that send nothing. */
  List<Socket> flood(String source, int port, int count) throws IOException {
    List<Socket> flood = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      flood.add(connect(source, port));
    }
    return flood;
  }

  /**
   * Whether the server closed {@code socket}: its end of stream, a reset or a broken TLS record arrived. Reads what is
   * there for a moment, so call it again until it says so.
   */
  static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(100);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[512];
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      // A reset, or a TLS connection cut short.
      return true;
    }
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
