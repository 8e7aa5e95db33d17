package dev.herald.edge.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Lets through only WebSocket upgrades a SIP client may make: a GET asking for the {@code sip}
 * subprotocol (RFC 7118 §4) from a page of an allowed origin (RFC 6455 §4.2.2, §10.2). Anything
 * else is answered with an HTTP error and the connection closed; nothing but upgrades is served.
 */
final class UpgradeGate extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** Why an upgrade request is refused. */
  record Refusal(HttpResponseStatus status, String reason) {}

  static final String SUBPROTOCOL = "sip";

  private final WebSocketSettings settings;
  private final Consumer<Refusal> refused;

  UpgradeGate(WebSocketSettings settings, Consumer<Refusal> refused) {
    super(false);
    this.settings = settings;
    this.refused = refused;
  }

  /** Whether {@code request} may become a SIP WebSocket, and if not, why. */
  static Optional<Refusal> check(HttpMethod method, HttpHeaders headers, WebSocketSettings settings) {
    if (!HttpMethod.GET.equals(method) || !headers.containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
      return Optional.of(new Refusal(HttpResponseStatus.BAD_REQUEST, "only WebSocket upgrades are served here"));
    }
    if (!settings.allows(headers.get(HttpHeaderNames.ORIGIN))) {
      return Optional.of(new Refusal(HttpResponseStatus.FORBIDDEN, "origin not allowed"));
    }
    String offered = headers.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
    boolean sip = Arrays.stream(offered.split(",")).map(String::strip).anyMatch(SUBPROTOCOL::equalsIgnoreCase);
    if (!sip) {
      return Optional.of(new Refusal(HttpResponseStatus.BAD_REQUEST, "Sec-WebSocket-Protocol must offer sip"));
    }
    return Optional.empty();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    Optional<Refusal> refusal = check(request.method(), request.headers(), settings);
    if (refusal.isEmpty()) {
      ctx.fireChannelRead(request);
      return;
    }
    request.release();
    refused.accept(refusal.get());
    byte[] body = (refusal.get().reason() + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.get().status(),
        Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
