package dev.herald.common.sip;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's network layer for a stack that serves TLS ({@link SipTls}): its TLS sockets come
 * from SSL contexts of Herald's {@link PemSecurityManagerProvider}, built from the stack's own
 * properties, instead of the JVM's default context, and offer TLS 1.2 and 1.3 only. Plain sockets
 * are JAIN-SIP's, or {@link ReusePortNetworkLayer}'s when the stack shares its ports. The listening
 * TCP and TLS sockets admit connections under the stack's {@link SipConnectionLimits}, if any.
 *
 * <p>JAIN-SIP's blocking transports (the default) take their TLS sockets from the network layer and
 * never ask the security manager provider; this layer is what makes them use the PEM files.
 */
public final class TlsNetworkLayer extends ForwardingNetworkLayer {

  private static final String[] PROTOCOLS = SipTls.PROTOCOLS.split(",");
  private static final int CONNECT_TIMEOUT_MS = 8000;

  private boolean reusePort;
  private SSLContext server;
  private SSLContext client;
  private boolean needClientAuth;

  public TlsNetworkLayer() {
    // JAIN-SIP creates the layer by reflection.
  }

  /** The cipher suites the JDK enables by default for TLS 1.2 and 1.3. */
  static List<String> cipherSuites() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      return Arrays.asList(context.getDefaultSSLParameters().getCipherSuites());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public void setSipStack(SipStackImpl stack) {
    Properties properties = stack.getConfigurationProperties();
    reusePort = Boolean.parseBoolean(properties.getProperty(SipTls.REUSE_PORT));
    delegate = reusePort ? new ReusePortNetworkLayer() : DefaultNetworkLayer.SINGLETON;
    super.setSipStack(stack);
    needClientAuth = "Enabled".equals(properties.getProperty(SipTls.CLIENT_AUTH_TYPE));
    PemSecurityManagerProvider provider = new PemSecurityManagerProvider();
    try {
      provider.init(properties);
      if (provider.getKeyManagers(false) == null) {
        throw new IllegalArgumentException("no TLS certificate and key in the stack properties ("
            + SipTls.CERTIFICATE + ", " + SipTls.PRIVATE_KEY + ")");
      }
      server = SSLContext.getInstance("TLS");
      server.init(provider.getKeyManagers(false), provider.getTrustManagers(false), null);
      client = SSLContext.getInstance("TLS");
      client.init(provider.getKeyManagers(true), provider.getTrustManagers(true), null);
    } catch (GeneralSecurityException | IOException e) {
      // JAIN-SIP turns this into a PeerUnavailableException naming the layer.
      throw new IllegalArgumentException("SIP TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address) throws IOException {
    SSLServerSocket socket = bind((SSLServerSocket) server.getServerSocketFactory().createServerSocket(), port,
        backlog, address);
    socket.setEnabledProtocols(PROTOCOLS);
    socket.setNeedClientAuth(needClientAuth);
    return limit(socket);
  }

  @Override
  protected boolean reusePort() {
    return reusePort;
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
    return createSSLSocket(address, port, null);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
    SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket();
    try {
      socket.setEnabledProtocols(PROTOCOLS);
      if (myAddress != null) {
        socket.bind(new InetSocketAddress(myAddress, 0));
      }
      socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
      return socket;
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new ConnectException("TLS connection to " + address + ":" + port + " timed out");
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }
}
