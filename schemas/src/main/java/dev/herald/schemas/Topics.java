package dev.herald.schemas;

import dev.herald.avro.Credential;
import dev.herald.avro.Decision;
import dev.herald.avro.NotifyCommand;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.PresenceState;
import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.avro.RegistrantStatus;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.ResourceList;
import dev.herald.avro.WatchDemand;
import dev.herald.avro.XmppSubscription;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalog: every topic Herald uses, once, with its serdes, partitions and configs.
 *
 * <p>{@link #REQUESTS} and {@link #NOTIFY_OUTCOMES} are both keyed by resource and read by the
 * same stream task, so they must keep the same partition count (co-partitioning). So must
 * {@link #PRESENCE_RULES}, which the same task reads to authorize watchers.
 */
public final class Topics {

  private Topics() {}

  /** Partitions of the resource-keyed topics; the processor's parallelism. */
  public static final int RESOURCE_PARTITIONS = 6;
  /** Partitions of herald.replies: one per edge, so at most this many edges at once. */
  public static final int REPLY_PARTITIONS = 16;

  private static final Serde<String> KEY = Serdes.String();
  private static final long DAY_MS = 24L * 60 * 60 * 1000;

  public static final TopicSpec<String, RequestEvent> REQUESTS = new TopicSpec<>(
      "herald.requests", KEY, AvroSerde.of(RequestEvent.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(90 * DAY_MS)));

  public static final TopicSpec<String, Decision> REPLIES = new TopicSpec<>(
      "herald.replies", KEY, AvroSerde.of(Decision.class), REPLY_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(60 * 60 * 1000L)));

  public static final TopicSpec<String, NotifyCommand> NOTIFICATIONS = new TopicSpec<>(
      "herald.notifications", KEY, AvroSerde.of(NotifyCommand.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(DAY_MS)));

  /**
   * NOTIFYs that must leave from the edge holding the subscriber's flow (its socket, its TCP
   * connection), keyed by subscription like {@link #NOTIFICATIONS}. The partition is the edge's
   * instance, as in {@link #REPLIES}; the edges read it as one group, so a dead edge's partition
   * moves to a live one.
   */
  public static final TopicSpec<String, NotifyCommand> EDGE_NOTIFICATIONS = new TopicSpec<>(
      "herald.edge-notifications", KEY, AvroSerde.of(NotifyCommand.class), REPLY_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(DAY_MS)));

  public static final TopicSpec<String, RequestEvent> NOTIFY_OUTCOMES = new TopicSpec<>(
      "herald.notify-outcomes", KEY, AvroSerde.of(RequestEvent.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(7 * DAY_MS)));

  public static final TopicSpec<String, PresenceState> PRESENCE_STATE = new TopicSpec<>(
      "herald.presence-state", KEY, AvroSerde.of(PresenceState.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  public static final TopicSpec<String, RegistrantAccount> REGISTRANT_ACCOUNTS = new TopicSpec<>(
      "herald.registrant-accounts", KEY, AvroSerde.of(RegistrantAccount.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  public static final TopicSpec<String, RegistrantStatus> REGISTRANT_STATUS = new TopicSpec<>(
      "herald.registrant-status", KEY, AvroSerde.of(RegistrantStatus.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  /**
   * One-off operator commands for an account (force register), keyed like {@link #REGISTRANT_ACCOUNTS}
   * and with its partition count, so the worker owning the account is assigned the command too.
   */
  public static final TopicSpec<String, RegistrantCommand> REGISTRANT_COMMANDS = new TopicSpec<>(
      "herald.registrant-commands", KEY, AvroSerde.of(RegistrantCommand.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(60 * 60 * 1000L)));

  /** Authorization rules per presentity, keyed by presence resource like {@link #REQUESTS}. */
  public static final TopicSpec<String, PresenceRules> PRESENCE_RULES = new TopicSpec<>(
      "herald.presence-rules", KEY, AvroSerde.of(PresenceRules.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  /** Digest credentials keyed by {@code username@realm}; every edge reads all of it. */
  public static final TopicSpec<String, Credential> CREDENTIALS = new TopicSpec<>(
      "herald.credentials", KEY, AvroSerde.of(Credential.class), 1,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  /**
   * Binding changes of an external registrar (Kamailio, OpenSIPS), as JSON text: foreign
   * producers cannot write Herald's Avro framing. The processor turns each into a request event.
   * The format is in docs/registrar-events.md.
   */
  public static final TopicSpec<String, String> REGISTRAR_EVENTS = new TopicSpec<>(
      "herald.registrar-events", KEY, Serdes.String(), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(7 * DAY_MS)));

  /**
   * Resources of domains a gateway serves that have watchers, keyed by resource: the processor
   * writes one when the first watcher comes and a tombstone when the last goes, so a gateway
   * subscribes upstream only to what someone watches.
   */
  public static final TopicSpec<String, WatchDemand> WATCH_DEMAND = new TopicSpec<>(
      "herald.watch-demand", KEY, AvroSerde.of(WatchDemand.class), RESOURCE_PARTITIONS,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  /**
   * The XMPP gateway's subscriptions of XMPP users to SIP users, keyed by {@code sip-uri jid}; the
   * gateway rebuilds them from here when it starts. One partition: one gateway holds the XMPP link.
   */
  public static final TopicSpec<String, XmppSubscription> XMPP_SUBSCRIPTIONS = new TopicSpec<>(
      "herald.xmpp-subscriptions", KEY, AvroSerde.of(XmppSubscription.class), 1,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  /**
   * Resource lists (RFC 4826) an operator manages, keyed by the normalised list URI. One partition:
   * every processor reads all of it, since a list's members live on every partition.
   */
  public static final TopicSpec<String, ResourceList> RESOURCE_LISTS = new TopicSpec<>(
      "herald.resource-lists", KEY, AvroSerde.of(ResourceList.class), 1,
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  public static final List<TopicSpec<?, ?>> ALL = List.of(
      REQUESTS, REPLIES, NOTIFICATIONS, EDGE_NOTIFICATIONS, NOTIFY_OUTCOMES, PRESENCE_STATE,
      REGISTRANT_ACCOUNTS, REGISTRANT_STATUS, REGISTRANT_COMMANDS, PRESENCE_RULES, CREDENTIALS, REGISTRAR_EVENTS,
      WATCH_DEMAND, XMPP_SUBSCRIPTIONS, RESOURCE_LISTS);
}
