package dev.herald.launcher.ui;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every frame to every connected page without ever waiting for one. Each client has a bounded
 * queue and a writer thread of its own; {@link #publish} only offers to the queues, and a client whose
 * queue is full is disconnected (its browser reconnects and starts from a fresh snapshot) rather than
 * slowing the feed or the other clients. A writer that finds nothing to send for a while writes a
 * comment, which also finds clients that went away.
 */
class SseBroadcaster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SseBroadcaster.class);

  /** Where one client's frames go: the response body of its event stream. */
  interface Sink {
    /** Writes and flushes {@code frame}; throws when the client is gone. */
    void write(String frame) throws IOException;

    /** Ends the stream; called once, from the client's writer thread. */
    void close();
  }

  /** What {@link #connect} did. */
  sealed interface Connection {
    record Accepted(int clients) implements Connection {}

    record Refused(String reason) implements Connection {}
  }

  private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

  private final int maxClients;
  private final int queueSize;
  private final Duration keepAlive;
  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  SseBroadcaster(int maxClients, int queueSize, Duration keepAlive) {
    this.maxClients = maxClients;
    this.queueSize = queueSize;
    this.keepAlive = keepAlive;
  }

  /**
   * Starts streaming to {@code sink}, {@code first} before anything published after this call.
   * Refused when closed or when {@code maxClients} are connected already.
   */
  synchronized Connection connect(Sink sink, String first) {
    if (closed) {
      return new Connection.Refused("the web view is stopping");
    }
    if (clients.size() >= maxClients) {
      return new Connection.Refused("already " + clients.size() + " live pages, the most --ui-max-clients allows");
    }
    Client client = new Client(sink, new ArrayBlockingQueue<>(queueSize));
    client.queue.add(first);
    clients.add(client);
    client.writer.start();
    return new Connection.Accepted(clients.size());
  }

  /** Queues {@code frame} for every client; never blocks. A client whose queue is full is dropped. */
  void publish(String frame) {
    for (Client client : clients) {
      if (!client.queue.offer(frame)) {
        log.info("web view: dropping a page {} updates behind; its browser reconnects", queueSize);
        client.stop();
      }
    }
  }

  /** The clients connected now. */
  int clients() {
    return clients.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    clients.forEach(Client::stop);
  }

  private final class Client {
    final Sink sink;
    final BlockingQueue<String> queue;
    final Thread writer;
    volatile boolean open = true;

    Client(Sink sink, BlockingQueue<String> queue) {
      this.sink = sink;
      this.queue = queue;
      this.writer = new Thread(this::run, "herald-ui-events-" + CLIENT_IDS.incrementAndGet());
      this.writer.setDaemon(true);
    }

    void stop() {
      open = false;
      clients.remove(this);
      writer.interrupt();
    }

    private void run() {
      try {
        while (open) {
          String frame = queue.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
          if (open) {
            sink.write(frame != null ? frame : SseFrame.KEEP_ALIVE);
          }
        }
      } catch (InterruptedException e) {
        // stopped: slow, or the view closes
      } catch (IOException e) {
        log.debug("web view: a page went away: {}", e.toString());
      } finally {
        open = false;
        clients.remove(this);
        sink.close();
      }
    }
  }
}
