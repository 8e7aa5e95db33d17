package dev.herald.processor;

import dev.herald.avro.store.ListMemberRecord;
import dev.herald.avro.store.ListTreeRecord;
import dev.herald.packages.spi.Notifies;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.processor.logic.Effects;
import dev.herald.processor.logic.ResourceLogic;
import dev.herald.processor.rls.ListServer;
import dev.herald.processor.state.ResourceStore;
import dev.herald.processor.state.StateCodec;
import dev.herald.schemas.AvroSerde;
import dev.herald.schemas.TopicSnapshot;
import dev.herald.schemas.TopicSpec;
import dev.herald.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;

/**
 * The state of one processor application as anyone can read it from Kafka, from any node: the latest
 * value of each key of its store changelogs ({@code <application.id>-<store>-changelog}), each in a
 * canonical text, as of one instant.
 *
 * <p>What is compared: the {@code resources} and {@code subscriptions} stores together (publications,
 * subscriptions, bindings: all resource state, one entry per resource) and the {@code presence-rules}
 * store. Not compared: {@code recent-decisions}, a window of answers kept for retransmissions, whose
 * changelog the broker trims by time, so a rebuild and the live processor hold other stretches of it.
 *
 * <p>"As of" matters because expiry runs at each entry's due time: a stopped or rebuilt processor has
 * not yet expired what fell due since its last record. Every resource is brought to {@code asOfMs}
 * by the same expiries the processor runs, so two applications that applied the same records read
 * the same, whenever each last ran.
 *
 * @param applicationId whose changelogs these are
 * @param asOfMs the instant the resources were brought to
 * @param entries {@code store/key} to the value's canonical text
 */
public record ProcessorState(String applicationId, long asOfMs, SortedMap<String, String> entries) {

  /** The stores whose changelogs hold the state compared; a resource's subscriptions count as part of it. */
  public static final List<String> COMPARED_STORES =
      List.of(ResourceTopology.RESOURCES_STORE, ResourceTopology.SUBSCRIPTIONS_STORE, ResourceTopology.RULES_STORE);

  public ProcessorState {
    Objects.requireNonNull(applicationId, "applicationId");
    entries = new TreeMap<>(entries);
  }

  /** The changelog topic Kafka Streams keeps for {@code store} of {@code applicationId}. */
  public static String changelog(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }

  /**
   * Reads the state of {@code applicationId}, with the package rules of {@code config} for expiry.
   * Throws {@link IllegalArgumentException} if that application has no resource changelog.
   */
  public static ProcessorState read(Map<String, Object> kafka, ProcessorConfig config, String applicationId,
      long asOfMs, Duration timeout) throws InterruptedException, ExecutionException,
      java.util.concurrent.TimeoutException {
    String resources = changelog(applicationId, ResourceTopology.RESOURCES_STORE);
    try (Admin admin = Admin.create(kafka)) {
      Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!topics.contains(resources)) {
        throw new IllegalArgumentException("application id " + applicationId + " has no state: no topic " + resources);
      }
    }
    ResourceLogic logic = logic(config);
    SortedMap<String, String> entries = new TreeMap<>();
    Map<String, Subscription> subscriptions = latest(kafka,
        changelog(applicationId, ResourceTopology.SUBSCRIPTIONS_STORE), StateCodec.subscriptionSerde(), timeout);
    Map<String, ResourceState> heads = latest(kafka, resources, StateCodec.serde(), timeout);
    ResourceStore.wholeStates(pairs(heads), pairs(subscriptions), (key, state) -> {
      ResourceState now = ListServer.withoutNotifyPace(asOf(logic, state, asOfMs));
      if (!now.isEmpty()) {
        entries.put(ResourceTopology.RESOURCES_STORE + "/" + key, StateCodec.canonical(now));
      }
    });
    // Topics.PRESENCE_RULES's serde is the rules store's serde.
    String rules = changelog(applicationId, ResourceTopology.RULES_STORE);
    latest(kafka, rules, Topics.PRESENCE_RULES.valueSerde(), timeout)
        .forEach((key, value) -> entries.put(ResourceTopology.RULES_STORE + "/" + key, canonical(value)));
    // Resource lists: each list resource's tree and what its subscriptions heard of each member.
    String trees = changelog(applicationId, ListServer.TREES_STORE);
    String members = changelog(applicationId, ListServer.MEMBERS_STORE);
    Set<String> topics;
    try (Admin admin = Admin.create(kafka)) {
      topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (topics.contains(trees)) {
      latest(kafka, trees, AvroSerde.of(ListTreeRecord.class), timeout)
          .forEach((key, value) -> entries.put(ListServer.TREES_STORE + "/" + key, canonical(value)));
    }
    if (topics.contains(members)) {
      latest(kafka, members, AvroSerde.of(ListMemberRecord.class), timeout)
          .forEach((key, value) -> entries.put(ListServer.MEMBERS_STORE + "/" + key.replace('\u0000', ' '),
              canonical(ListServer.withoutNotifyPace(value))));
    }
    return new ProcessorState(applicationId, asOfMs, entries);
  }

  /** How many resources hold state. */
  public int resources() {
    String prefix = ResourceTopology.RESOURCES_STORE + "/";
    return (int) entries.keySet().stream().filter(key -> key.startsWith(prefix)).count();
  }

  /** What differs between this state and {@code other}'s, entry by entry. */
  public Comparison compareWith(ProcessorState other) {
    Set<String> keys = new TreeSet<>(entries.keySet());
    keys.addAll(other.entries.keySet());
    List<String> onlyHere = new ArrayList<>();
    List<String> onlyThere = new ArrayList<>();
    List<String> different = new ArrayList<>();
    for (String key : keys) {
      String mine = entries.get(key);
      String theirs = other.entries.get(key);
      if (theirs == null) {
        onlyHere.add(key);
      } else if (mine == null) {
        onlyThere.add(key);
      } else if (!mine.equals(theirs)) {
        different.add(key);
      }
    }
    return new Comparison(applicationId, other.applicationId, onlyHere, onlyThere, different);
  }

  /**
   * The outcome of a comparison of two applications' states.
   *
   * @param first the application compared
   * @param second the application it was compared with
   * @param onlyInFirst {@code store/key} entries the second lacks
   * @param onlyInSecond entries the first lacks
   * @param different entries both hold with other values
   */
  public record Comparison(String first, String second, List<String> onlyInFirst, List<String> onlyInSecond,
      List<String> different) {

    public Comparison {
      onlyInFirst = List.copyOf(onlyInFirst);
      onlyInSecond = List.copyOf(onlyInSecond);
      different = List.copyOf(different);
    }

    public boolean equal() {
      return onlyInFirst.isEmpty() && onlyInSecond.isEmpty() && different.isEmpty();
    }

    /** One line per difference: {@code only in APP: KEY}, {@code different: KEY}. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      onlyInFirst.forEach(key -> lines.add("only in " + first + ": " + key));
      onlyInSecond.forEach(key -> lines.add("only in " + second + ": " + key));
      different.forEach(key -> lines.add("different: " + key));
      return lines;
    }
  }

  static ResourceLogic logic(ProcessorConfig config) {
    return new ResourceLogic(config.presence(), config.registrar(), config.limits(),
        new Notifies(config.presence().contactUri()), ResourceTopology.packages(config));
  }

  /** {@code state} after every expiry due at or before {@code asOfMs}, as the processor would run them. */
  static ResourceState asOf(ResourceLogic logic, ResourceState state, long asOfMs) {
    List<Effects.Expiry> expiries = logic.expiriesUpTo(state, asOfMs);
    return expiries.isEmpty() ? state : expiries.get(expiries.size() - 1).effects().state();
  }

  private static <V> Iterator<KeyValue<String, V>> pairs(Map<String, V> values) {
    return values.entrySet().stream().map(e -> KeyValue.pair(e.getKey(), e.getValue())).iterator();
  }

  private static String canonical(SpecificRecord value) {
    return value.toString();
  }

  /** The latest non-deleted value of each key of {@code topic}. */
  private static <V> Map<String, V> latest(Map<String, Object> kafka, String topic, Serde<V> serde, Duration timeout) {
    Map<String, V> latest = TopicSnapshot.latest(kafka, new TopicSpec<>(topic, Serdes.String(), serde, 1, Map.of()),
        timeout);
    latest.values().removeIf(Objects::isNull);
    return latest;
  }
}
