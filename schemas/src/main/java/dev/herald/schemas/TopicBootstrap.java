package dev.herald.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalog's missing topics; topics that exist are left as they are. Safe to run
 * from every role at every start, and from several at once.
 */
public final class TopicBootstrap {

  private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);

  /** What one run did: the topics it created and those whose partition count differs from the catalog. */
  public record Result(List<String> created, List<String> partitionMismatches) {}

  private final Admin admin;
  private final short replicationFactor;
  private final long timeoutMs;

  public TopicBootstrap(Admin admin, short replicationFactor, long timeoutMs) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor must be at least 1");
    }
    this.admin = admin;
    this.replicationFactor = replicationFactor;
    this.timeoutMs = timeoutMs;
  }

  public Result ensureTopics(List<TopicSpec<?, ?>> specs)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<String> created = new ArrayList<>();
    for (TopicSpec<?, ?> spec : specs) {
      if (existing.contains(spec.name())) {
        continue;
      }
      Map<String, String> configs = new HashMap<>(spec.configs());
      if (replicationFactor > 1) {
        configs.putIfAbsent("min.insync.replicas", Integer.toString(Math.min(2, replicationFactor)));
      }
      NewTopic topic = new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(configs);
      try {
        admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        created.add(spec.name());
        log.info("created topic {} ({} partitions, replication {})", spec.name(), spec.partitions(), replicationFactor);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return new Result(created, partitionMismatches(specs));
  }

  private List<String> partitionMismatches(List<TopicSpec<?, ?>> specs)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, TopicDescription> described = describeOnceKnown(specs.stream().map(TopicSpec::name).toList());
    List<String> mismatches = new ArrayList<>();
    for (TopicSpec<?, ?> spec : specs) {
      int actual = described.get(spec.name()).partitions().size();
      if (actual != spec.partitions()) {
        log.warn("topic {} has {} partitions, the catalog says {}", spec.name(), actual, spec.partitions());
        mismatches.add(spec.name());
      }
    }
    return mismatches;
  }

  /** Describes the topics, waiting while a topic just created is not yet in the brokers' metadata. */
  private Map<String, TopicDescription> describeOnceKnown(List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      try {
        return admin.describeTopics(names).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
