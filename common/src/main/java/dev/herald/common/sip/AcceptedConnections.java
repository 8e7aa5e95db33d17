package dev.herald.common.sip;

import dev.herald.common.net.SourceLimiter;
import dev.herald.common.net.SourceLimiter.Admission;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections one listening socket accepted, by source address, under {@link SipConnectionLimits}:
 * each new one is counted against its source ({@link SourceLimiter}) and closed at once when over
 * the limit or the rate, and the kept ones get the idle timeout as {@code SO_TIMEOUT}, so the
 * reading thread of JAIN-SIP gets a {@link java.net.SocketTimeoutException} on a silent connection
 * and closes it.
 *
 * <p>JAIN-SIP closes its sockets but tells nobody, so a connection is released once it is found
 * closed: the source's own connections are looked at on each of its new ones, all of them when
 * the listener is full and every ten seconds.
 */
final class AcceptedConnections {

  private static final Logger log = LoggerFactory.getLogger(AcceptedConnections.class);
  private static final long SWEEP_ALL_EVERY = 10_000_000_000L;

  private final SourceLimiter limiter;
  private final int idleTimeoutMs;
  private final LongSupplier nanoTime;
  private final Map<InetAddress, List<Socket>> open = new HashMap<>();
  private long lastSweep;

  AcceptedConnections(SipConnectionLimits limits, LongSupplier nanoTime) {
    this.limiter = new SourceLimiter(limits.sources());
    this.idleTimeoutMs = (int) limits.idleTimeout().toMillis();
    this.nanoTime = nanoTime;
    this.lastSweep = nanoTime.getAsLong();
  }

  /** What waits for the next connection: a listening socket's own accept. */
  interface Acceptor {
    Socket accept() throws IOException;
  }

  /**
   * The next connection {@code acceptor} accepts that is admitted; the refused ones are closed, and
   * an exception is only ever the listening socket's own.
   */
  Socket accept(Acceptor acceptor) throws IOException {
    while (true) {
      Socket socket = acceptor.accept();
      if (admit(socket)) {
        return socket;
      }
    }
  }

  /** Keeps {@code socket}, its idle timeout set, or closes it when its source or the listener has no room; never throws. */
  synchronized boolean admit(Socket socket) {
    InetAddress source = socket.getInetAddress();
    if (source == null) {
      closeQuietly(socket);
      return false;
    }
    long now = nanoTime.getAsLong();
    sweep(source);
    if (now - lastSweep >= SWEEP_ALL_EVERY) {
      sweepAll(now);
    }
    Admission admission = limiter.tryAcquire(source, now);
    if (admission == Admission.FULL) {
      sweepAll(now);
      admission = limiter.tryAcquire(source, now);
    }
    if (admission != Admission.ADMITTED) {
      log.debug("SIP connection from {}:{} refused: {}", source.getHostAddress(), socket.getPort(), admission);
      closeQuietly(socket);
      return false;
    }
    open.computeIfAbsent(source, address -> new ArrayList<>()).add(socket);
    try {
      socket.setSoTimeout(idleTimeoutMs);
      return true;
    } catch (IOException e) {
      log.debug("SIP connection from {} closed before its idle timeout was set", source.getHostAddress(), e);
      closeQuietly(socket);
      sweep(source);
      return false;
    }
  }

  /** The connections open now. */
  synchronized int connections() {
    sweepAll(nanoTime.getAsLong());
    return limiter.connections();
  }

  private void sweepAll(long now) {
    lastSweep = now;
    for (InetAddress source : List.copyOf(open.keySet())) {
      sweep(source);
    }
  }

  private void sweep(InetAddress source) {
    List<Socket> sockets = open.get(source);
    if (sockets == null) {
      return;
    }
    for (Iterator<Socket> it = sockets.iterator(); it.hasNext(); ) {
      if (it.next().isClosed()) {
        it.remove();
        limiter.release(source);
      }
    }
    if (sockets.isEmpty()) {
      open.remove(source);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing a refused SIP connection failed", e);
    }
  }
}
