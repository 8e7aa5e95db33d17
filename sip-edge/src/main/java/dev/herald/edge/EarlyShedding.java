package dev.herald.edge;

import dev.herald.common.sip.DatagramGate;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sheds new requests at the UDP socket while admission is full, or while more datagrams than
 * {@code maxUnparsed} wait in the SIP stack's queue for its parser: a SUBSCRIBE, PUBLISH or REGISTER
 * that no pending or answered request shares a transaction with gets its 503 with Retry-After built
 * from its raw bytes ({@link RawRequest}), and never reaches JAIN-SIP's queue and parser. Past
 * saturation the edge would otherwise spend most of the box parsing requests only to refuse them, and
 * the answered rate would fall with every step of offered load. A retransmission of a request the edge
 * holds, and anything it cannot read plainly, goes to the stack as before.
 */
final class EarlyShedding implements DatagramGate {

  private static final Logger log = LoggerFactory.getLogger(EarlyShedding.class);

  private final PendingRequests pending;
  private final SipCounters counters;
  private final int retryAfterSeconds;
  private final int maxUnparsed;
  /** Datagrams passed to the stack and not yet taken from its queue. */
  private final AtomicInteger unparsed = new AtomicInteger();

  EarlyShedding(PendingRequests pending, SipCounters counters, int retryAfterSeconds, int maxUnparsed) {
    this.pending = pending;
    this.maxUnparsed = maxUnparsed;
    this.counters = counters;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public boolean pass(DatagramPacket packet, DatagramSocket socket) {
    Optional<RawRequest> shed = toShed(packet);
    if (shed.isEmpty()) {
      unparsed.incrementAndGet();
      return true;
    }
    RawRequest request = shed.get();
    byte[] answer = request.serviceUnavailable(packet.getAddress(), packet.getPort(), retryAfterSeconds);
    try {
      socket.send(new DatagramPacket(answer, answer.length,
          request.responseDestination(packet.getAddress(), packet.getPort())));
    } catch (IOException e) {
      log.debug("cannot send a 503 to {}:{}: {}", packet.getAddress(), packet.getPort(), e.toString());
    }
    pending.shedUnparsed();
    counters.request(request.method(), request.eventPackage(), "udp");
    counters.response(request.method(), request.eventPackage(), 503);
    return false;
  }

  @Override
  public void taken() {
    unparsed.decrementAndGet();
  }

  /** The new request in {@code packet} to shed, if the edge is past saturation and can answer it unparsed. */
  private Optional<RawRequest> toShed(DatagramPacket packet) {
    // The datagrams queued for the parser will want admission before this one does.
    int queued = unparsed.get();
    boolean saturated = queued >= maxUnparsed || pending.full(queued);
    if (!saturated || !RawRequest.answerable(packet.getAddress())) {
      return Optional.empty();
    }
    return RawRequest.read(packet.getData(), packet.getOffset(), packet.getLength())
        .filter(request -> pending.seen(request.requestId()) instanceof PendingRequests.Seen.Unknown);
  }
}
