package dev.herald.launcher;

import dev.herald.common.kafka.KafkaClientSettings;
import dev.herald.kafka.embedded.EmbeddedKafkaBroker;
import dev.herald.processor.ProcessorConfig;
import dev.herald.processor.ProcessorState;
import dev.herald.processor.Rebuild;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code herald rebuild}: rebuilds the processor's state from the logs into a fresh application id
 * and compares it with the live one's. It takes every option of {@code up}, so the rebuild runs the
 * processor with the settings (expiry bounds, policies, packages) the live one has. Exit 0: equal;
 * 1: different; 2: it could not tell.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = "Rebuild the processor's state from herald.requests into a fresh --application-id, without"
        + " answering or notifying anyone, and compare it with the live processor's state. Exit 0 when equal,"
        + " 1 when different, 2 on errors. Takes the options of up, for the same settings.")
final class RebuildCommand extends HeraldCommand.Up {

  static final int EQUAL = 0;
  static final int DIFFERENT = 1;
  static final int FAILED = 2;

  @Option(names = "--compare-with",
      description = "the live processor's application id (default: what up uses, HERALD_APPLICATION_ID or herald-processor)")
  String compareWith;

  @Option(names = "--timeout", defaultValue = "30m",
      description = "how long the rebuild may take: 90s, 30m, 2h or ISO-8601 (default ${DEFAULT-VALUE})")
  String timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      LogFormat.parse(logFormat).apply();
      return rebuildAndCompare(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("herald: rebuild interrupted");
      return FAILED;
    } catch (Exception e) {
      LoggerFactory.getLogger(RebuildCommand.class).debug("rebuild failed", e);
      err.println("herald: rebuild failed: " + e.getMessage());
      return FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int rebuildAndCompare(PrintWriter out) throws Exception {
    if (!spec.commandLine().getParseResult().hasMatchedOption("--application-id")) {
      throw new IllegalArgumentException("say which fresh application id to rebuild into: --application-id NAME");
    }
    String live = compareWith != null ? compareWith
        : spec.defaultValueProvider().defaultValue(spec.findOption("--application-id"));
    if (live.equals(applicationId)) {
      throw new IllegalArgumentException("--application-id must differ from the live one, " + live);
    }
    Duration limit = HistoryCommand.duration(timeout);
    HeraldSettings settings = settings();
    ProcessorConfig config = configured(settings).processorConfig(settings.sipPort())
        .withOutputs(ProcessorConfig.Outputs.NONE);
    try (KafkaAccess kafka = KafkaAccess.of(settings, this.kafka.settings(spec))) {
      out.printf("rebuilding %s from the logs at %s …%n", applicationId, kafka.bootstrapServers());
      out.flush();
      Rebuild.run(config, kafka.config(), limit);
      long asOf = Clock.systemUTC().millis();
      ProcessorState rebuilt = ProcessorState.read(kafka.config(), config, applicationId, asOf, limit);
      out.printf("rebuilt %d resources into %s%n", rebuilt.resources(), applicationId);
      ProcessorState.Comparison comparison =
          rebuilt.compareWith(ProcessorState.read(kafka.config(), config, live, asOf, limit));
      if (comparison.equal()) {
        out.printf("equal: %s and %s hold the same state%n", applicationId, live);
        return EQUAL;
      }
      comparison.lines().forEach(out::println);
      out.printf("%d differences between %s and %s%n", comparison.lines().size(), applicationId, live);
      return DIFFERENT;
    }
  }

  /**
   * The cluster to rebuild from: {@code --bootstrap-servers}, else the embedded broker of the data
   * directory, started here. That needs {@code up} to be stopped, since one broker at a time owns the
   * directory; with it running, pass the Kafka address it printed.
   */
  private record KafkaAccess(String bootstrapServers, KafkaClientSettings clients, EmbeddedKafkaBroker broker)
      implements AutoCloseable {

    static KafkaAccess of(HeraldSettings settings, KafkaClientSettings clients) throws Exception {
      if (!settings.embeddedBroker()) {
        return new KafkaAccess(settings.bootstrapServers().orElseThrow(), clients, null);
      }
      EmbeddedKafkaBroker broker = Herald.embeddedBroker(settings);
      try {
        broker.start();
      } catch (Exception e) {
        broker.close();
        throw new IllegalStateException("cannot start the broker of " + settings.dataDir()
            + " (is bin/herald up running on it? then pass --bootstrap-servers with the Kafka address it printed)", e);
      }
      return new KafkaAccess(broker.bootstrapServers(), clients, broker);
    }

    Map<String, Object> config() {
      return clients.clientProperties(bootstrapServers);
    }

    @Override
    public void close() {
      if (broker != null) {
        broker.close();
      }
    }
  }
}
