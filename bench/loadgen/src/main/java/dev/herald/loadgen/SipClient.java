package dev.herald.loadgen;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over one UDP socket, by hand: the caller's thread sends on a schedule (open loop, paced
 * with {@link LockSupport#parkNanos}) and fires the transaction timers; a receiver thread
 * matches responses to transactions by branch and answers NOTIFYs, whichever port they come
 * from, counting those that came from elsewhere than the target. Every call into the
 * {@link Handler} happens with {@link #lock} held, so a mode's state needs no other guard.
 */
final class SipClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SipClient.class);
  private static final long PROGRESS_EVERY = 5_000_000_000L;
  private static final long MAX_PARK = 1_000_000L;
  private static final long LATE = 10_000_000L;

  /** A mode: what its transactions send and what it does with answers and NOTIFYs. */
  interface Handler {
    /** Writes the request of the transaction in {@code slot}: for its first sending and every retransmission. */
    void write(Transactions transactions, int slot, SipWriter out);

    /** A final response (status &ge; 200) ended the transaction in {@code slot}. */
    void onFinal(Transactions transactions, int slot, SipMessage response, long nowNanos);

    /** Timer F ended the transaction in {@code slot}. */
    void onTimeout(Transactions transactions, int slot, long nowNanos);

    /** A NOTIFY arrived from {@code from}; the status to answer it with. */
    int onNotify(SipMessage notify, SocketAddress from, long nowNanos);

    /** Timer E sent the request of the transaction in {@code slot} again. */
    default void onRetransmit(Transactions transactions, int slot, long nowNanos) {}
  }

  /** One request of a schedule, sent with the lock held. */
  interface Step {
    void send(long index, long nowNanos);
  }

  final Object lock = new Object();

  private final DatagramChannel channel;
  private final InetSocketAddress target;
  private final SipRequests requests;
  private final Transactions transactions;
  private final SipWriter out = new SipWriter(65507);
  private final SipMessage in = new SipMessage();
  private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65536);
  private final Transactions.Timers timers = new Transactions.Timers() {
    @Override
    public void retransmit(int slot) {
      handler.onRetransmit(transactions, slot, System.nanoTime());
      handler.write(transactions, slot, out);
      send(target);
    }

    @Override
    public void timedOut(int slot) {
      handler.onTimeout(transactions, slot, System.nanoTime());
    }
  };

  private Handler handler;
  private Thread receiver;
  private volatile boolean closed;

  private long datagrams;
  private long handlerErrors;
  private long malformed;
  private long strayResponses;
  private long notifies;
  private long notifiesFromElsewhere;
  private long otherRequests;
  private long sendErrors;
  private long maxLagNanos;
  private long lateSends;

  private SipClient(DatagramChannel channel, InetSocketAddress target, SipRequests requests, int capacity) {
    this.channel = channel;
    this.target = target;
    this.requests = requests;
    this.transactions = new Transactions(capacity);
  }

  /** Binds the socket; {@code capacity} is how many transactions may be under way at once. */
  static SipClient open(CommonConfig config, int capacity) throws IOException {
    InetSocketAddress target = new InetSocketAddress(config.target().host(), config.target().port());
    if (target.isUnresolved()) {
      throw new IOException("cannot resolve " + config.target().host());
    }
    InetAddress bindAddress = InetAddress.getByName(config.local().host());
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, 2 << 20);
      channel.bind(new InetSocketAddress(bindAddress, config.local().port()));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    String advertised = advertisedHost(config, bindAddress, target);
    SipRequests requests = new SipRequests(config.runId(), config.runId() + "-" + CommonConfig.newRunId().substring(0, 4),
        advertised, port, config.domain(), config.userPrefix());
    log.info("run {}: bound to {}:{} (advertised {}), target {}", config.runId(), bindAddress.getHostAddress(), port,
        advertised, config.target());
    return new SipClient(channel, target, requests, capacity);
  }

  /**
   * The host the requests name in their Via sent-by and Contact: the configured contact host
   * (a phone behind a NAT knows only its private address), else the bound address, else the one
   * that routes to the target.
   */
  static String advertisedHost(CommonConfig config, InetAddress bindAddress, InetSocketAddress target)
      throws IOException {
    if (config.contactHost() != null) {
      return config.contactHost();
    }
    return (bindAddress.isAnyLocalAddress() ? routeTo(target) : bindAddress).getHostAddress();
  }

  /** The local address a datagram to {@code target} leaves from. */
  private static InetAddress routeTo(InetSocketAddress target) throws IOException {
    try (DatagramSocket probe = new DatagramSocket()) {
      probe.connect(target);
      InetAddress local = probe.getLocalAddress();
      return local.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : local;
    }
  }

  SipRequests requests() {
    return requests;
  }

  Transactions transactions() {
    return transactions;
  }

  /** Starts receiving, handing everything to {@code handler}. */
  void start(Handler handler) {
    this.handler = handler;
    receiver = new Thread(this::receive, "loadgen-receiver");
    receiver.setDaemon(true);
    receiver.start();
  }

  /**
   * Starts a transaction and sends its request; its number, or -1 when the table is full.
   * Called with the lock held (from a {@link Step} or a handler).
   */
  long begin(int kind, int ref, long seq, Object extra, long nowNanos) {
    long number = transactions.begin(nowNanos, kind, ref, seq, extra);
    if (number < 0) {
      return -1;
    }
    handler.write(transactions, transactions.slotOf(number), out);
    send(target);
    return number;
  }

  /** {@link #begin(int, int, long, Object, long)} for a transaction of {@code kind}. */
  long begin(RequestKind kind, int ref, long seq, Object extra, long nowNanos) {
    return begin(kind.ordinal(), ref, seq, extra, nowNanos);
  }

  /**
   * Sends {@code count} requests at {@code ratePerSecond}, request i at start + i/rate whatever
   * the answers do (late ones go at once, and the lateness is recorded); fires timers meanwhile.
   */
  void pace(long count, double ratePerSecond, Step step, Runnable progress) {
    double nanosPerRequest = 1e9 / ratePerSecond;
    long start = System.nanoTime();
    long nextProgress = start + PROGRESS_EVERY;
    long i = 0;
    while (i < count && !closed) {
      long now = System.nanoTime();
      synchronized (lock) {
        transactions.fire(now, timers);
        while (i < count) {
          long due = start + (long) (i * nanosPerRequest);
          if (due > now) {
            break;
          }
          long lag = now - due;
          if (lag > maxLagNanos) {
            maxLagNanos = lag;
          }
          if (lag > LATE) {
            lateSends++;
          }
          step.send(i++, now);
          now = System.nanoTime();
        }
        if (now >= nextProgress) {
          nextProgress += PROGRESS_EVERY;
          progress.run();
        }
      }
      if (i < count) {
        long wait = start + (long) (i * nanosPerRequest) - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(Math.min(wait, MAX_PARK));
        }
      }
    }
  }

  /** Fires timers until {@code condition} (evaluated with the lock held) holds or {@code timeout} passes. */
  boolean await(BooleanSupplier condition, Duration timeout, Runnable progress) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long nextProgress = start + PROGRESS_EVERY;
    while (!closed) {
      long now = System.nanoTime();
      synchronized (lock) {
        transactions.fire(now, timers);
        if (condition.getAsBoolean()) {
          return true;
        }
        if (now - deadline >= 0) {
          return false;
        }
        if (now >= nextProgress) {
          nextProgress += PROGRESS_EVERY;
          progress.run();
        }
      }
      LockSupport.parkNanos(MAX_PARK);
    }
    return false;
  }

  private void receive() {
    while (!closed) {
      receiveBuffer.clear();
      SocketAddress from;
      try {
        from = channel.receive(receiveBuffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          log.debug("receive failed: {}", e.toString());
        }
        continue;
      }
      long now = System.nanoTime();
      synchronized (lock) {
        try {
          dispatch(receiveBuffer.array(), receiveBuffer.position(), from, now);
        } catch (RuntimeException e) {
          // A bug, or a message this parser got wrong: keep receiving, say so once in a while.
          if (handlerErrors++ % 1000 == 0) {
            log.warn("cannot handle a datagram from {}", from, e);
          }
        }
      }
    }
  }

  private void dispatch(byte[] data, int length, SocketAddress from, long now) {
    datagrams++;
    if (!in.parse(data, length)) {
      malformed++;
      return;
    }
    if (in.isResponse()) {
      int slot = transactions.slotOf(requests.transactionOf(in));
      if (slot < 0) {
        // A retransmitted answer to a finished transaction, or not ours at all.
        strayResponses++;
        return;
      }
      if (in.status >= 200) {
        transactions.complete(slot);
        handler.onFinal(transactions, slot, in, now);
      }
      return;
    }
    if (in.isMethod("ACK")) {
      return;
    }
    int status;
    if (in.isMethod("NOTIFY")) {
      notifies++;
      if (!target.equals(from)) {
        // Not from the SIP address the requests went to: a subscriber behind a NAT would not get it.
        notifiesFromElsewhere++;
      }
      status = handler.onNotify(in, from, now);
    } else {
      otherRequests++;
      status = 501;
    }
    SipRequests.answer(out, in, status, reason(status));
    send(from);
  }

  private void send(SocketAddress to) {
    try {
      channel.send(out.buffer(), to);
    } catch (ClosedChannelException e) {
      // closing
    } catch (IOException e) {
      if (sendErrors++ == 0) {
        log.warn("cannot send to {}: {}", to, e.toString());
      }
    }
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 481 -> "Call/Transaction Does Not Exist";
      case 501 -> "Not Implemented";
      default -> "Status";
    };
  }

  /**
   * What the transport saw; read with the lock held. {@code notifiesFromElsewhere}: NOTIFY
   * datagrams (retransmissions too) whose source address and port were not the target's.
   */
  record Counters(long datagrams, long malformed, long strayResponses, long notifies, long notifiesFromElsewhere,
      long otherRequests, long sendErrors, long retransmissions, long maxLagNanos, long lateSends) {}

  Counters counters() {
    synchronized (lock) {
      return new Counters(datagrams, malformed, strayResponses, notifies, notifiesFromElsewhere, otherRequests,
          sendErrors, transactions.retransmissions(), maxLagNanos, lateSends);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the socket: {}", e.toString());
    }
    if (receiver != null) {
      try {
        receiver.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
