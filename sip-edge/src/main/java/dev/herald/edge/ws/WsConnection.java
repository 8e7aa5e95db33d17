package dev.herald.edge.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
    channel.writeAndFlush(utf8(message) ? new TextWebSocketFrame(Unpooled.wrappedBuffer(message))
        : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)));
    return true;
  }

  private static boolean utf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
