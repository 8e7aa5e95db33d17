package dev.herald.common.sip;

import gov.nist.javax.sip.stack.HopImpl;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Next-hop choice for requests Herald sends outside any JAIN-SIP dialog. A sender may pin the
 * hop of one request (by its Via branch) to the flow a subscription arrived on; otherwise the
 * first Route, else the Request-URI, gives the hop (RFC 3261 §8.1.2, RFC 3263 without DNS
 * lookups beyond the host name).
 *
 * <p>Installed through {@link #PROPERTIES}; JAIN-SIP instantiates it by class name.
 */
public final class FlowRouter implements Router {

  /** Stack properties that make JAIN-SIP ask this router for every request. */
  public static final Map<String, String> PROPERTIES = Map.of(
      "javax.sip.ROUTER_PATH", FlowRouter.class.getName(),
      "javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");

  private static final Map<String, Hop> PINNED = new ConcurrentHashMap<>();

  public FlowRouter(SipStack stack, String outboundProxy) {}

  /** Sends the request with this Via branch to host:port over transport, whatever its URI says. */
  public static void pin(String branch, String host, int port, String transport) {
    PINNED.put(branch, new HopImpl(host, port, transport.toLowerCase(Locale.ROOT)));
  }

  /** Forgets a pinned hop once the request's transaction is over. */
  public static void unpin(String branch) {
    PINNED.remove(branch);
  }

  @Override
  public Hop getNextHop(Request request) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    if (via != null && via.getBranch() != null) {
      Hop pinned = PINNED.get(via.getBranch());
      if (pinned != null) {
        return pinned;
      }
    }
    RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
    URI target = route != null ? route.getAddress().getURI() : request.getRequestURI();
    return hopOf(target);
  }

  static Hop hopOf(URI uri) {
    if (!(uri instanceof SipURI sip)) {
      throw new IllegalArgumentException("no hop for a non-SIP URI: " + uri);
    }
    String transport = sip.getTransportParam() != null ? sip.getTransportParam().toLowerCase(Locale.ROOT)
        : sip.isSecure() ? "tls" : "udp";
    int port = sip.getPort() > 0 ? sip.getPort() : transport.equals("tls") ? 5061 : 5060;
    return new HopImpl(sip.getHost(), port, transport);
  }

  @Override
  public ListIterator<Hop> getNextHops(Request request) {
    return List.of(getNextHop(request)).listIterator();
  }

  @Override
  public Hop getOutboundProxy() {
    return null;
  }
}
