package dev.herald.registrant;

import dev.herald.common.kafka.KafkaClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registrant worker on its own, pointed at a Kafka cluster:
 * {@code --bootstrap-servers=host:9092 [--worker-id=registrant-1] [--group=herald-registrant]
 * [--sip-host=127.0.0.1] [--sip-port=0] [--spread-window-ms=30000] [--max-registers-per-second=500]
 * [--refresh-share=0.9] [--kafka-config=FILE]}, with the Kafka client properties of that file and of
 * the {@code HERALD_KAFKA_*} variables. Runs until the JVM is stopped.
 */
public final class RegistrantMain {

  private static final Logger log = LoggerFactory.getLogger(RegistrantMain.class);

  private RegistrantMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    String bootstrap = options.get("bootstrap-servers");
    if (bootstrap == null) {
      log.error("--bootstrap-servers is required");
      System.exit(2);
    }
    RegistrantConfig defaults = RegistrantConfig.defaults(options.getOrDefault("worker-id", "registrant-1"),
        options.getOrDefault("group", "herald-registrant"));
    RegistrantConfig config = defaults.toBuilder()
        .sip(options.getOrDefault("sip-host", defaults.sipHost()),
            Integer.parseInt(options.getOrDefault("sip-port", "0")),
            options.getOrDefault("transport", defaults.transport()))
        .refreshShare(Double.parseDouble(options.getOrDefault("refresh-share", "0.9")))
        .spread(Duration.ofMillis(Long.parseLong(options.getOrDefault("spread-window-ms",
                Long.toString(defaults.spreadWindow().toMillis())))),
            Integer.parseInt(options.getOrDefault("max-registers-per-second",
                Integer.toString(defaults.maxRegistersPerSecond()))))
        .build();
    KafkaClientSettings clients = KafkaClientSettings.from(
        Optional.ofNullable(options.get("kafka-config")).map(Path::of), System.getenv());
    RegistrantRole worker = new RegistrantRole(config, clients.clientProperties(bootstrap)).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        worker.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }, "registrant-shutdown"));
    stopped.await();
  }

  /** {@code --key=value} pairs. */
  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
        throw new IllegalArgumentException("expected --key=value, got " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }
}
