package dev.herald.common.sip;

import java.net.DatagramPacket;
import java.net.DatagramSocket;

/**
 * Looks at each datagram a SIP stack's UDP listening socket receives, before the stack queues and
 * parses it: under overload an edge answers what it must refuse from the raw bytes, at a fraction of
 * the cost of the stack's parse. Registered for a stack by name ({@link DatagramGates}).
 */
@FunctionalInterface
public interface DatagramGate {

  /**
   * Whether the stack gets {@code packet}. False: the gate has dealt with it, answering through
   * {@code socket} if it answers at all. Called on the stack's one receiving thread, so it must be quick.
   */
  boolean pass(DatagramPacket packet, DatagramSocket socket);

  /** The stack took a datagram the gate passed from its queue, to parse it. */
  default void taken() {}
}
