package dev.herald.common.sip;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A JAIN-SIP network layer that hands every socket to another one; Herald's layers change the few they must. */
abstract class ForwardingNetworkLayer implements NetworkLayer {

  /** The layer the sockets come from; JAIN-SIP's own unless a subclass sets another. */
  protected NetworkLayer delegate = DefaultNetworkLayer.SINGLETON;

  @Override
  public DatagramSocket createDatagramSocket() throws SocketException {
    return delegate.createDatagramSocket();
  }

  @Override
  public DatagramSocket createDatagramSocket(int port, InetAddress address) throws SocketException {
    return delegate.createDatagramSocket(port, address);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    return delegate.createServerSocket(port, backlog, address);
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address) throws IOException {
    return delegate.createSSLServerSocket(port, backlog, address);
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

  @Override
  public void setSipStack(SipStackImpl stack) {
    delegate.setSipStack(stack);
  }
}
