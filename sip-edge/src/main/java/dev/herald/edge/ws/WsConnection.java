package dev.herald.edge.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One SIP client's WebSocket connection, after its upgrade: the flow a NOTIFY to it must take.
 *
 * @param transport {@code ws} or {@code wss}
 * @param remote the client's address and port as seen by the edge
 * @param localPort the listener's port
 */
public record WsConnection(String transport, InetSocketAddress remote, int localPort, Channel channel) {

  /** The key a response or NOTIFY finds this connection by: the client's address and port. */
  public String key() {
    return key(remote.getAddress().getHostAddress(), remote.getPort());
  }

  public static String key(String host, int port) {
    return host + ":" + port;
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /**
   * Sends one SIP message as one WebSocket message (RFC 7118 §5.2): a text frame when it is UTF-8,
   * a binary frame otherwise. Returns whether the connection was open to take it.
   */
  public boolean send(byte[] message) {
    if (!channel.isActive()) {
      return false;
    }
    ByteBuf content = Unpooled.wrappedBuffer(message);
    channel.writeAndFlush(ByteBufUtil.isText(content, StandardCharsets.UTF_8) ? new TextWebSocketFrame(content)
        : new BinaryWebSocketFrame(content));
    return true;
  }
}
