package dev.herald.common.sip;

/**
 * JAIN-SIP's own sockets, but listening TCP and TLS sockets that admit connections under the stack's
 * {@link SipConnectionLimits}: the network layer {@link SipConnectionLimits#stackProperties} names,
 * for a stack that neither serves TLS ({@link TlsNetworkLayer}) nor shares its ports
 * ({@link ReusePortNetworkLayer}); those apply the limits too.
 *
 * <p>JAIN-SIP instantiates the class through its public no-argument constructor.
 */
public final class LimitedNetworkLayer extends ForwardingNetworkLayer {

  public LimitedNetworkLayer() {
    // JAIN-SIP creates the layer by reflection.
  }

  @Override
  protected boolean reusePort() {
    return false;
  }
}
