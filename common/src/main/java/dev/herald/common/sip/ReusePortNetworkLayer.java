package dev.herald.common.sip;

/**
 * JAIN-SIP's network layer with {@code SO_REUSEPORT} on the listening sockets, so several
 * processes can listen on one SIP address and port. The kernel then spreads datagrams by their
 * source address and TCP connections as they come; when a process dies its socket leaves the
 * group and the clients' retransmissions reach the others. Outgoing sockets are JAIN-SIP's own. The
 * listening TCP sockets admit connections under the stack's {@link SipConnectionLimits}, if any.
 *
 * <p>JAIN-SIP instantiates the class named by {@link #PROPERTY} through its public no-argument
 * constructor.
 */
public final class ReusePortNetworkLayer extends ForwardingNetworkLayer {

  /** The stack property that names the network layer class. */
  public static final String PROPERTY = "gov.nist.javax.sip.NETWORK_LAYER";

  public ReusePortNetworkLayer() {
    // JAIN-SIP creates the layer by reflection.
  }

  @Override
  protected boolean reusePort() {
    return true;
  }
}
