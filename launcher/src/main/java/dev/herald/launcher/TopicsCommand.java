package dev.herald.launcher;

import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code herald topics}: creates Herald's topics on a Kafka cluster and exits, the one-shot step
 * before a multi-node start. Topics that exist are left as they are.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create Herald's topics on a Kafka cluster (idempotent) and exit; 1 if a topic's partitions"
        + " differ from the catalog.")
final class TopicsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--bootstrap-servers", required = true, description = "the Kafka cluster (HERALD_BOOTSTRAP_SERVERS)")
  String bootstrapServers;

  @Option(names = "--replication-factor", defaultValue = "1",
      description = "replicas of each topic; above 1 also min.insync.replicas 2 (HERALD_REPLICATION_FACTOR)")
  short replicationFactor;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--timeout-ms", defaultValue = "60000", description = "how long to wait for the cluster")
  long timeoutMs;

  @Override
  public Integer call() throws Exception {
    TopicBootstrap.Result result;
    Map<String, Object> config = new HashMap<>(kafka.settings(spec).clientProperties(bootstrapServers));
    config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
    try (Admin admin = Admin.create(config)) {
      result = new TopicBootstrap(admin, replicationFactor, timeoutMs).ensureTopics(Topics.ALL);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%d topics: %d created, %d already there%n", Topics.ALL.size(), result.created().size(),
        Topics.ALL.size() - result.created().size());
    result.created().forEach(name -> out.println("  created " + name));
    out.flush();
    if (!result.partitionMismatches().isEmpty()) {
      spec.commandLine().getErr().println("herald: partition counts differ from the catalog: "
          + result.partitionMismatches());
      return 1;
    }
    return 0;
  }
}
