package dev.herald.common.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.net.SocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP socket whose {@link #receive} returns only the datagrams its {@link DatagramGate} passes; the
 * others never reach the SIP stack. A gate that fails passes the datagram: the stack then treats it as
 * it would without a gate.
 */
final class GatedDatagramSocket extends DatagramSocket {

  private static final Logger log = LoggerFactory.getLogger(GatedDatagramSocket.class);

  private final DatagramGate gate;

  /** An unbound socket; bind it. */
  GatedDatagramSocket(DatagramGate gate) throws SocketException {
    super((SocketAddress) null);
    this.gate = gate;
  }

  /** Warns when the kernel grants less than asked: Linux caps SO_RCVBUF at net.core.rmem_max (and reports it doubled). */
  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    super.setReceiveBufferSize(size);
    int granted = getReceiveBufferSize();
    if (granted < size) {
      log.warn("the SIP UDP socket's receive buffer is {} bytes, not the {} asked for: raise net.core.rmem_max,"
          + " or datagrams that arrive while the edge is busy are dropped", granted, size);
    }
  }

  @Override
  public void receive(DatagramPacket packet) throws IOException {
    int capacity = packet.getLength();
    while (true) {
      // Each receive shrinks the packet's length to the datagram's: a refused one must not shrink the next.
      packet.setLength(capacity);
      super.receive(packet);
      if (passes(packet)) {
        return;
      }
    }
  }

  private boolean passes(DatagramPacket packet) {
    try {
      return gate.pass(packet, this);
    } catch (RuntimeException e) {
      log.debug("datagram gate failed, the stack takes the datagram: {}", e.toString());
      return true;
    }
  }
}
