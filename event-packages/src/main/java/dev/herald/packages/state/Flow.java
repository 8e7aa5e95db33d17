package dev.herald.packages.state;

import java.util.Locale;
import java.util.Objects;

/**
 * The flow a subscriber's last request arrived on (RFC 5626 §3): which edge, over which transport,
 * on which of its sockets, from which source address and port as received (RFC 3581). A NOTIFY of
 * the dialog goes back over it, so a phone behind a NAT or on a connection it opened hears it.
 *
 * @param edge the edge that holds the flow; {@link Edge#NONE} when not known (records from before flows)
 * @param local the edge's socket the request came in on
 * @param remote the packet's or connection's source
 * @param natted the source differs from the top Via's sent-by (RFC 3581 §4): the Contact is not reachable as it is
 * @param outbound the client asked for its flow only (RFC 5626 §4.2.1 {@code ;ob}, §4.2 reg-id)
 */
public record Flow(Edge edge, String transport, Endpoint local, Endpoint remote, boolean natted, boolean outbound) {

  /** A host and port. */
  public record Endpoint(String host, int port) {
    public Endpoint {
      Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  /** An edge by name and instance, the partition of herald.edge-notifications it reads. */
  public record Edge(String id, int instance) {
    public static final Edge NONE = new Edge(null, -1);

    public boolean known() {
      return instance >= 0;
    }
  }

  public Flow {
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
    transport = transport.toLowerCase(Locale.ROOT);
  }

  /** A flow known only by its transport and source, as records from before flows kept it. */
  public static Flow legacy(String transport, String remoteHost, int remotePort) {
    return new Flow(Edge.NONE, transport, new Endpoint("", 0), new Endpoint(remoteHost, remotePort), false, false);
  }

  /**
   * Whether a request sent to {@code contactUri} as it is reaches this flow's source: UDP, and the
   * Contact names the very address and port the packets came from (no NAT between). A host name
   * never matches: Herald resolves no names to compare them.
   */
  public boolean contactReachesSource(String contactUri) {
    if (connectionOriented() || natted || outbound) {
      return false;
    }
    String uri = contactUri.strip();
    int colon = uri.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = uri.substring(colon + 1);
    int params = rest.indexOf(';');
    String lowerParams = params < 0 ? "" : rest.substring(params).toLowerCase(Locale.ROOT);
    if (!scheme.equals("sip") || lowerParams.contains(";transport=") && !lowerParams.contains(";transport=udp")) {
      return false;
    }
    String hostPort = rest.substring(rest.indexOf('@') + 1).split("[;?>]", 2)[0];
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = close < 0 ? hostPort : hostPort.substring(1, close);
      port = close < 0 || close + 1 >= hostPort.length() ? "" : hostPort.substring(close + 2);
    } else {
      int portColon = hostPort.indexOf(':');
      host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
      port = portColon < 0 ? "" : hostPort.substring(portColon + 1);
    }
    try {
      int contactPort = port.isEmpty() ? 5060 : Integer.parseInt(port);
      return host.equalsIgnoreCase(remote.host()) && contactPort == remote.port();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A connection-oriented transport: only the connection the client opened reaches it (RFC 5923 §1). */
  public boolean connectionOriented() {
    return !transport.equals("udp");
  }
}
