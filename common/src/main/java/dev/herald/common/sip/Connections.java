package dev.herald.common.sip;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageProcessor;
import gov.nist.javax.sip.stack.MessageChannel;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a stack still holds a connection to a peer. JAIN-SIP keeps the connections a client
 * opened in its processor's channel table, keyed by the peer's address and port, and sends a
 * request to that address over the same connection (RFC 5923 connection reuse); it drops a
 * connection from the table when it closes. Without one, it would open a new connection, which a
 * phone behind a NAT never accepts, so a sender asks first.
 *
 * <p>JAIN-SIP has no public accessor for the table; it is read by reflection, and a stack where
 * that fails is taken as holding every connection (the send then shows whether it does).
 */
public final class Connections {

  private static final Logger log = LoggerFactory.getLogger(Connections.class);
  private static final Field CHANNELS = channelsField();

  private Connections() {}

  /** Whether {@code point} (TCP, TLS) holds an open connection to {@code host}:{@code port}. */
  public static boolean holds(ListeningPoint point, String host, int port) {
    if (CHANNELS == null || !(point instanceof ListeningPointImpl impl)
        || !(impl.getMessageProcessor() instanceof ConnectionOrientedMessageProcessor processor)) {
      return true;
    }
    try {
      String key = MessageChannel.getKey(InetAddress.getByName(host), port, point.getTransport());
      Object channel = ((Map<?, ?>) CHANNELS.get(processor)).get(key);
      return channel instanceof ConnectionOrientedMessageChannel;
    } catch (UnknownHostException | IllegalAccessException | RuntimeException e) {
      log.debug("cannot tell whether {}:{} is connected: {}", host, port, e.toString());
      return true;
    }
  }

  private static Field channelsField() {
    try {
      Field field = ConnectionOrientedMessageProcessor.class.getDeclaredField("messageChannels");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      log.warn("JAIN-SIP's connection table is not readable; NOTIFYs to lost connections are tried anyway: {}",
          e.toString());
      return null;
    }
  }
}
