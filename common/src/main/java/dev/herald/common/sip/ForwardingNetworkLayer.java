package dev.herald.common.sip;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.Optional;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A JAIN-SIP network layer that hands every socket to another one; Herald's layers change the few they
 * must. Its listening TCP and TLS sockets admit connections under the stack's
 * {@link SipConnectionLimits}, when it has some, each socket counting its own.
 */
abstract class ForwardingNetworkLayer implements NetworkLayer {

  /** The layer the sockets come from; JAIN-SIP's own unless a subclass sets another. */
  protected NetworkLayer delegate = DefaultNetworkLayer.SINGLETON;

  private Optional<SipConnectionLimits> limits = Optional.empty();
  private String stackName;

  /** Whether listening sockets share their port with other processes ({@code SO_REUSEPORT}). */
  protected abstract boolean reusePort();

  @Override
  public DatagramSocket createDatagramSocket() throws SocketException {
    return delegate.createDatagramSocket();
  }

  /**
   * A listening UDP socket: gated when the stack has a {@link DatagramGate}, shared if
   * {@link #reusePort}, otherwise the delegate's.
   */
  @Override
  public DatagramSocket createDatagramSocket(int port, InetAddress address) throws SocketException {
    Optional<DatagramGate> gate = DatagramGates.of(stackName);
    if (gate.isEmpty() && !reusePort()) {
      return delegate.createDatagramSocket(port, address);
    }
    DatagramSocket socket = gate.isPresent() ? new GatedDatagramSocket(gate.get()) : new DatagramSocket(null);
    try {
      if (reusePort()) {
        socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      socket.bind(new InetSocketAddress(address, port));
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e instanceof SocketException se ? se : new SocketException(e.toString());
    }
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    return bind(limits.isPresent() ? new LimitedServerSocket(accepted()) : new ServerSocket(), port, backlog,
        address);
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address) throws IOException {
    return limit(delegate.createSSLServerSocket(port, backlog, address));
  }

  /** Binds a new listening socket, shared if {@link #reusePort}; closes it if that fails. */
  protected final <S extends ServerSocket> S bind(S socket, int port, int backlog, InetAddress address)
      throws IOException {
    try {
      if (reusePort()) {
        socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      socket.bind(new InetSocketAddress(address, port), backlog);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** {@code socket}, admitting its connections under the stack's limits when it has some. */
  protected final SSLServerSocket limit(SSLServerSocket socket) throws IOException {
    return limits.isPresent() ? new LimitedSslServerSocket(socket, accepted()) : socket;
  }

  private AcceptedConnections accepted() {
    return new AcceptedConnections(limits.orElseThrow(), System::nanoTime);
  }

  @Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    return delegate.createSocket(address, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
    return delegate.createSocket(address, port, myAddress);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
    return delegate.createSocket(address, port, myAddress, myPort);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
    return delegate.createSSLSocket(address, port);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
    return delegate.createSSLSocket(address, port, myAddress);
  }

  /** Subclasses that set {@link #delegate} from the stack's properties do so before calling this. */
  @Override
  public void setSipStack(SipStackImpl stack) {
    delegate.setSipStack(stack);
    stackName = stack.getStackName();
    limits = SipConnectionLimits.fromStackProperties(stack.getConfigurationProperties());
  }
}
