package dev.herald.examples;

import dev.herald.avro.PresenceState;
import dev.herald.schemas.Topics;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Prints every change of presence Herald publishes on {@code herald.presence-state}: an example of
 * another system consuming Herald (docs/contracts.md). Run it with a bootstrap address and,
 * optionally, a consumer group: without one it reads the topic from its start, every time.
 *
 * <pre>java -cp … dev.herald.examples.PresenceChanges 127.0.0.1:9092 [group]</pre>
 */
public final class PresenceChanges {

  private static final Pattern BASIC = Pattern.compile("<(?:\\w+:)?basic>\\s*(open|closed)\\s*</(?:\\w+:)?basic>");

  private PresenceChanges() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: PresenceChanges BOOTSTRAP_SERVERS [GROUP_ID]");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (args.length > 1) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, args[1]);
    }
    // The topic catalog's serdes decode Herald's Avro single-object encoding, older schema versions too.
    try (KafkaConsumer<String, PresenceState> consumer = new KafkaConsumer<>(props,
        Topics.PRESENCE_STATE.keySerde().deserializer(), Topics.PRESENCE_STATE.valueSerde().deserializer())) {
      if (args.length > 1) {
        consumer.subscribe(List.of(Topics.PRESENCE_STATE.name()));
      } else {
        List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(Topics.PRESENCE_STATE.name()).forEach(
            p -> partitions.add(new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(consumer::wakeup));
      print(consumer, System.out, () -> true);
    } catch (org.apache.kafka.common.errors.WakeupException stopped) {
      // Ctrl-C
    }
  }

  /** Polls {@code consumer} and prints one line per change while {@code running} says so. */
  public static void print(Consumer<String, PresenceState> consumer, PrintStream out, BooleanSupplier running) {
    while (running.getAsBoolean()) {
      for (ConsumerRecord<String, PresenceState> record : consumer.poll(Duration.ofMillis(500))) {
        out.println(describe(record.key(), record.value(), record.timestamp()));
      }
    }
  }

  /**
   * One line for one record: a tombstone says the resource has nothing published or registered
   * any more; a presence document says open or closed; other packages their document's size.
   */
  public static String describe(String resource, PresenceState state, long timestampMs) {
    String when = Instant.ofEpochMilli(timestampMs).toString();
    if (state == null) {
      return when + "  " + resource + "  gone";
    }
    String document = state.getDocument() == null ? "" : text(state.getDocument());
    String shown;
    if ("presence".equals(state.getEvent())) {
      List<String> basics = new ArrayList<>();
      Matcher matcher = BASIC.matcher(document);
      while (matcher.find()) {
        basics.add(matcher.group(1));
      }
      shown = basics.contains("open") ? "open" : basics.isEmpty() ? "no status" : "closed";
    } else {
      shown = state.getContentType() + ", " + document.getBytes(StandardCharsets.UTF_8).length + " bytes";
    }
    return when + "  " + resource + "  " + shown + "  (" + state.getPublications().size() + " publications and bindings)";
  }

  private static String text(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
