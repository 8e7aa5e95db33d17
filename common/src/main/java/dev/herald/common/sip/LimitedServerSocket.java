package dev.herald.common.sip;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A listening TCP socket whose {@link #accept} admits connections under {@link SipConnectionLimits}
 * ({@link AcceptedConnections}): one over its source's limit or rate is closed and the next one is
 * awaited, so a refusal never reaches JAIN-SIP's accept loop, which stops on a {@code SocketException}.
 */
final class LimitedServerSocket extends ServerSocket {

  private final AcceptedConnections connections;

  /** An unbound socket. */
  LimitedServerSocket(AcceptedConnections connections) throws IOException {
    this.connections = connections;
  }

  @Override
  public Socket accept() throws IOException {
    return connections.accept(super::accept);
  }

  /** The connections this socket accepted that are open now. */
  int connections() {
    return connections.connections();
  }
}
