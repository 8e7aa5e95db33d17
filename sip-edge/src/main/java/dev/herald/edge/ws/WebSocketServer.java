package dev.herald.edge.ws;

import dev.herald.common.net.SourceLimiter;
import dev.herald.common.net.SourceLimiter.Admission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import dev.herald.common.sip.SipTls;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import javax.net.ssl.SSLContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket listeners of an edge (RFC 7118), on Netty: {@code ws} and, with a TLS context,
 * {@code wss}. Each connection is counted against its source's limits before anything is read
 * ({@link SourceLimiter}), must finish its TLS and HTTP upgrade handshakes within the handshake
 * timeout, passes the {@link UpgradeGate}, and is pinged when quiet and closed when silent. Every
 * WebSocket message is handed whole to the {@link Sink} as one SIP message (RFC 7118 §5.2).
 */
public final class WebSocketServer implements AutoCloseable {

  /** What the edge does with what arrives. Called on a Netty event loop thread. */
  public interface Sink {
    void onMessage(WsConnection connection, byte[] message);
  }

  private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);

  private final WebSocketSettings settings;
  private final String host;
  private final Optional<SslContext> tls;
  private final int maxMessageBytes;
  private final boolean reusePort;
  private final Sink sink;
  private final Map<String, WsConnection> connections = new ConcurrentHashMap<>();
  private final MeterRegistry metrics;
  private final Counter handshakeTimeouts;
  private final Counter idleClosed;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private int wsPort = -1;
  private int wssPort = -1;

  public WebSocketServer(WebSocketSettings settings, String host, Optional<SslContext> tls, int maxMessageBytes,
      Sink sink, MeterRegistry metrics) {
    this(settings, host, tls, maxMessageBytes, false, sink, metrics);
  }

  /** {@code reusePort}: the ports are shared with the other edges on this host ({@code SO_REUSEPORT}). */
  public WebSocketServer(WebSocketSettings settings, String host, Optional<SslContext> tls, int maxMessageBytes,
      boolean reusePort, Sink sink, MeterRegistry metrics) {
    if (settings.wssPort().isPresent() && tls.isEmpty()) {
      throw new IllegalArgumentException("secure WebSocket needs the edge's TLS certificate");
    }
    this.settings = settings;
    this.host = host;
    this.tls = tls;
    this.maxMessageBytes = maxMessageBytes;
    this.reusePort = reusePort;
    this.sink = sink;
    this.metrics = metrics;
    this.handshakeTimeouts = metrics.counter("herald_edge_ws_handshake_timeouts_total");
    this.idleClosed = metrics.counter("herald_edge_ws_idle_closed_total");
    metrics.gauge("herald_edge_ws_connections", connections, Map::size);
  }

  /** A Netty server context over {@code context}, offering TLS 1.3 and 1.2 only, asking for a client certificate or not. */
  public static SslContext tlsContext(SSLContext context, boolean verifyClient) {
    return new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE, ApplicationProtocolConfig.DISABLED,
        verifyClient ? ClientAuth.REQUIRE : ClientAuth.NONE, SipTls.PROTOCOLS.split(","), false);
  }

  /** Binds the listeners; a port that cannot be had fails the start. */
  public WebSocketServer start() throws InterruptedException {
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("herald-ws-accept", true),
        NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("herald-ws", true),
        NioIoHandler.newFactory());
    try {
      if (settings.wsPort().isPresent()) {
        wsPort = bind(settings.wsPort().getAsInt(), false);
      }
      if (settings.wssPort().isPresent()) {
        wssPort = bind(settings.wssPort().getAsInt(), true);
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return this;
  }

  /** The ws port, or -1 when off. */
  public int wsPort() {
    return wsPort;
  }

  /** The wss port, or -1 when off. */
  public int wssPort() {
    return wssPort;
  }

  /** The open connection of the client at {@code host}:{@code port}, if this edge holds it. */
  public Optional<WsConnection> connection(String host, int port) {
    WsConnection connection = connections.get(WsConnection.key(host, port));
    return connection != null && connection.isOpen() ? Optional.of(connection) : Optional.empty();
  }

  public int connections() {
    return connections.size();
  }

  private int bind(int port, boolean secure) throws InterruptedException {
    SourceLimiter limiter = new SourceLimiter(settings.limits().sources());
    Channel channel = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), reusePort)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            accept(channel, secure, limiter);
          }
        })
        .bind(new InetSocketAddress(host, port)).sync().channel();
    int bound = ((InetSocketAddress) channel.localAddress()).getPort();
    log.debug("WebSocket listener {}:{} ({})", host, bound, secure ? "wss" : "ws");
    return bound;
  }

  private void accept(SocketChannel channel, boolean secure, SourceLimiter limiter) {
    InetAddress source = channel.remoteAddress().getAddress();
    Admission admission = limiter.tryAcquire(source, System.nanoTime());
    if (admission != Admission.ADMITTED) {
      metrics.counter("herald_edge_ws_refused_total", "reason", admission.name().toLowerCase(Locale.ROOT)).increment();
      log.debug("WebSocket connection from {} refused: {}", source.getHostAddress(), admission);
      channel.close();
      return;
    }
    channel.closeFuture().addListener(closed -> limiter.release(source));
    ConnectionLimits limits = settings.limits();
    ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
      handshakeTimeouts.increment();
      log.debug("WebSocket connection from {} closed: no upgrade within {}", source.getHostAddress(),
          limits.handshakeTimeout());
      channel.close();
    }, limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("keepalive", new IdleStateHandler(limits.idleTimeout().toMillis(), 0,
        limits.pingInterval().toMillis(), TimeUnit.MILLISECONDS));
    if (secure) {
      pipeline.addLast("tls", tls.orElseThrow().newHandler(channel.alloc()));
    }
    pipeline.addLast("http", new HttpServerCodec());
    pipeline.addLast("http-request", new HttpObjectAggregator(8192));
    pipeline.addLast("upgrade-gate", new UpgradeGate(settings, refusal ->
        metrics.counter("herald_edge_ws_refused_total", "reason", refusal.status().codeAsText().toString()).increment()));
    pipeline.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/")
        .checkStartsWith(true)
        .subprotocols(UpgradeGate.SUBPROTOCOL)
        .maxFramePayloadLength(maxMessageBytes)
        .handshakeTimeoutMillis(limits.handshakeTimeout().toMillis())
        .dropPongFrames(true)
        .build()));
    pipeline.addLast("message", new WebSocketFrameAggregator(maxMessageBytes));
    pipeline.addLast("sip", new SipMessages(secure ? "wss" : "ws", deadline));
  }

  /** The end of a connection's pipeline: from its upgrade on, one SIP message per WebSocket message. */
  private final class SipMessages extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final String transport;
    private final ScheduledFuture<?> deadline;
    private WsConnection connection;

    SipMessages(String transport, ScheduledFuture<?> deadline) {
      this.transport = transport;
      this.deadline = deadline;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        deadline.cancel(false);
        Channel channel = ctx.channel();
        connection = new WsConnection(transport, (InetSocketAddress) channel.remoteAddress(),
            ((InetSocketAddress) channel.localAddress()).getPort(), channel);
        connections.put(connection.key(), connection);
      } else if (event instanceof IdleStateEvent idle) {
        if (idle.state() == IdleState.READER_IDLE) {
          idleClosed.increment();
          ctx.close();
        } else if (idle.state() == IdleState.ALL_IDLE && connection != null) {
          ctx.writeAndFlush(new PingWebSocketFrame());
        }
      } else if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
        metrics.counter("herald_edge_ws_refused_total", "reason", "tls").increment();
        log.debug("TLS handshake from {} failed: {}", ctx.channel().remoteAddress(), done.cause().toString());
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (connection != null && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
        sink.onMessage(connection, ByteBufUtil.getBytes(frame.content()));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      deadline.cancel(false);
      if (connection != null) {
        connections.remove(connection.key(), connection);
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("WebSocket connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }

  @Override
  public void close() {
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
