package dev.herald.common.kafka;

import dev.herald.common.Health;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's poll loop on a thread of its own: subscribes or assigns through {@code setup},
 * hands every record (tombstones too) to {@code handler}, skips records it cannot decode (logged, never
 * fatal) and stops on {@link #close()}. Its health is up once {@code setup} is done and polling
 * runs, down after a failure. An optional {@code afterPoll} runs on the poll thread after each
 * poll, records or none (to notice that the assigned partitions have been read to their end).
 */
public final class PollLoop<K, V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  private final String name;
  private final KafkaConsumer<K, V> consumer;
  private final Consumer<KafkaConsumer<K, V>> setup;
  private final Consumer<ConsumerRecord<K, V>> handler;
  private final Duration pollTimeout;
  private final Consumer<KafkaConsumer<K, V>> afterPoll;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean polling;
  private volatile Exception failure;
  private boolean started;
  private AutoCloseable meters;

  public PollLoop(String name, KafkaConsumer<K, V> consumer, Consumer<KafkaConsumer<K, V>> setup,
      Consumer<ConsumerRecord<K, V>> handler, Duration pollTimeout) {
    this(name, consumer, setup, handler, pollTimeout, c -> { });
  }

  public PollLoop(String name, KafkaConsumer<K, V> consumer, Consumer<KafkaConsumer<K, V>> setup,
      Consumer<ConsumerRecord<K, V>> handler, Duration pollTimeout, Consumer<KafkaConsumer<K, V>> afterPoll) {
    this.afterPoll = afterPoll;
    this.name = name;
    this.consumer = consumer;
    this.setup = setup;
    this.handler = handler;
    this.pollTimeout = pollTimeout;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** The consumer's own metrics in {@code registry} ({@link ClientMeters}) while the loop runs. */
  public synchronized PollLoop<K, V> meteredIn(MeterRegistry registry) {
    ClientMeters.close(meters);
    meters = ClientMeters.bind(registry, consumer);
    return this;
  }

  public synchronized PollLoop<K, V> start() {
    if (!running) {
      throw new IllegalStateException(name + " is closed");
    }
    started = true;
    thread.start();
    return this;
  }

  public Health health() {
    if (failure != null) {
      return Health.down(name + " failed: " + failure.getMessage());
    }
    return polling && thread.isAlive() ? Health.up() : Health.down(name + " not polling");
  }

  private void run() {
    try {
      setup.accept(consumer);
      while (running) {
        polling = true;
        try {
          for (ConsumerRecord<K, V> record : consumer.poll(pollTimeout)) {
            handler.accept(record);
          }
          afterPoll.accept(consumer);
        } catch (RecordDeserializationException e) {
          log.error("{}: skipping undecodable record at {} offset {}", name, e.topicPartition(), e.offset(), e);
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException e) {
      failure = e;
      log.error("{} stopped", name, e);
    } finally {
      polling = false;
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Stops polling and closes the consumer (also one that was never started). */
  @Override
  public synchronized void close() throws InterruptedException {
    running = false;
    ClientMeters.close(meters);
    meters = null;
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    thread.join(5000);
  }
}
