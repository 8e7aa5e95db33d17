package dev.herald.processor;

import dev.herald.common.kafka.LingerUnderLoad;
import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.packages.callinfo.CallInfoHeader;
import dev.herald.packages.callinfo.CallInfoSettings;
import dev.herald.packages.conference.ConferenceSettings;
import dev.herald.packages.presence.PresencePackageSettings;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.PackageSettings;
import dev.herald.processor.rls.ListSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the stream processor.
 *
 * @param applicationId Kafka Streams application id: the consumer group and the prefix of its changelogs
 * @param stateDir where RocksDB stores live
 * @param streamThreads stream threads of this instance
 * @param decisionRetention how long a decision is kept, by the timestamps of the requests, to answer
 *     a retransmitted request again; at least RFC 3261's Timer J (32 s), so a retransmission always
 *     finds it
 * @param expiryInterval how often the wall-clock punctuator looks for what has expired
 * @param replicationFactor of the changelog and repartition topics Streams creates
 * @param processingGuarantee at_least_once (the default; request ids make effects exactly-once)
 *     or exactly_once_v2 (Kafka transactions; about 100 ms more per hop, see docs/delivery.md)
 * @param presence the presence package's rules
 * @param registrar the registrar's rules and the presence derived from registrations
 * @param defaultPolicy how watchers are handled when no rule of the presentity matches them
 * @param conference the conference package's rules
 * @param lineSeize how long a line-seize subscription may last; OpenSIPS presence_callinfo grants
 *     at most its line_seize_timeout, 15 s by default
 * @param outputs whether the processor writes decisions, NOTIFY commands and presence state ({@link
 *     Outputs#LIVE}), or only builds its stores from the logs ({@link Outputs#NONE}, a rebuild)
 * @param limits how much one resource may hold
 * @param storeMemory how much memory the stores take
 * @param packageOptions the operator's options of the event packages, keyed {@code package.key}
 * @param gatewayDomains the domains a gateway serves (the XMPP one), lower-case host names: the
 *     processor tells herald.watch-demand when a resource of one of them gains its first watcher or
 *     loses its last; empty (the default) writes nothing there
 * @param batching when the processor's producer lets records wait for others: under load only
 *     ({@link LingerUnderLoad}); at-least-once only, exactly-once keeps Streams' own producer
 * @param lists how resource lists are served (RFC 4662)
 * @param localDomains the domains Herald serves, lower-case host names; a resource of any other
 *     domain (and of no gateway's) that gains its first watcher is written to herald.watch-demand
 *     too, so the back-end subscriber subscribes to it at its own server; empty (the default): every
 *     domain is Herald's, nothing is subscribed to elsewhere
 */
public record ProcessorConfig(
    String applicationId,
    Path stateDir,
    int streamThreads,
    Duration decisionRetention,
    Duration expiryInterval,
    short replicationFactor,
    String processingGuarantee,
    PresenceSettings presence,
    RegistrarSettings registrar,
    DomainPolicies defaultPolicy,
    ConferenceSettings conference,
    Expiries.Bounds lineSeize,
    Outputs outputs,
    ResourceLimits limits,
    StoreMemory storeMemory,
    Map<String, String> packageOptions,
    Set<String> gatewayDomains,
    LingerUnderLoad.Settings batching,
    ListSettings lists,
    Set<String> localDomains) {

  /** Records wait at most 2 ms for company once the processor sends more than 5,000 a second. */
  public static final LingerUnderLoad.Settings BATCHING_DEFAULTS = new LingerUnderLoad.Settings(2, 5000);

  /** What the processor writes besides its own stores. */
  public enum Outputs {
    /** Replies, NOTIFY commands, presence state, and registrar events turned into requests; expiry also by the wall clock. */
    LIVE,
    /**
     * Nothing: a rebuild reads the logs from the beginning into its stores, and must neither answer
     * nor notify again. Time comes from the records alone, since the wall clock is far ahead of the
     * history being read and would expire what later records refresh.
     */
    NONE
  }

  public ProcessorConfig {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(presence, "presence");
    Objects.requireNonNull(registrar, "registrar");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    Objects.requireNonNull(conference, "conference");
    Objects.requireNonNull(lineSeize, "lineSeize");
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(storeMemory, "storeMemory");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(lists, "lists");
    packageOptions = Map.copyOf(packageOptions);
    gatewayDomains = checkDomains(gatewayDomains, "gatewayDomains", "gateway domain");
    localDomains = checkDomains(localDomains, "localDomains", "local domain");
    checkApplicationId(applicationId);
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be at least 1");
    }
    if (decisionRetention.compareTo(Duration.ofSeconds(32)) < 0) {
      throw new IllegalArgumentException("decisionRetention must be at least 32 s (RFC 3261 Timer J)");
    }
    if (expiryInterval.isNegative() || expiryInterval.isZero() || expiryInterval.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("expiryInterval must be positive and at most 1 s");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be at least 1");
    }
    if (!GUARANTEES.contains(processingGuarantee)) {
      throw new IllegalArgumentException("processingGuarantee must be one of " + GUARANTEES);
    }
  }

  public static final Set<String> GUARANTEES = Set.of("at_least_once", "exactly_once_v2");

  private static Set<String> checkDomains(Set<String> domains, String component, String what) {
    Objects.requireNonNull(domains, component);
    for (String domain : domains) {
      Objects.requireNonNull(domain, what);
      if (!domain.equals(domain.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(what + " '" + domain + "' must be lower case");
      }
      if (!DomainPolicies.isDomainName(domain)) {
        throw new IllegalArgumentException(what + " '" + domain + "' is not a host name");
      }
    }
    return Set.copyOf(domains);
  }

  public ProcessorConfig withProcessingGuarantee(String guarantee) {
    return toBuilder().processingGuarantee(guarantee).build();
  }

  public ProcessorConfig withReplicationFactor(short replicas) {
    return toBuilder().replicationFactor(replicas).build();
  }

  public ProcessorConfig withStreamThreads(int threads) {
    return toBuilder().streamThreads(threads).build();
  }

  public ProcessorConfig withPresence(PresenceSettings settings) {
    return toBuilder().presence(settings).build();
  }

  public ProcessorConfig withRegistrar(RegistrarSettings settings) {
    return toBuilder().registrar(settings).build();
  }

  public ProcessorConfig withDefaultPolicy(DomainPolicies policy) {
    return toBuilder().defaultPolicy(policy).build();
  }

  public ProcessorConfig withConference(ConferenceSettings settings) {
    return toBuilder().conference(settings).build();
  }

  /** A seizure of at most 15 s, as OpenSIPS presence_callinfo's line_seize_timeout. */
  public static final Expiries.Bounds LINE_SEIZE_DEFAULTS = CallInfoSettings.LINE_SEIZE_DEFAULTS;

  /** What the event packages run on: the presence bounds for all, and each package's own settings. */
  public PackageSettings packageSettings() {
    return PackageSettings.of(presence.expiries())
        .with(new PresencePackageSettings(registrar.derivedPresence(), presence.winfoPartialState()))
        .with(new CallInfoSettings(lineSeize, CallInfoHeader.Limits.DEFAULTS))
        .with(conference)
        .withOptions(packageOptions);
  }

  public ProcessorConfig withPackageOptions(Map<String, String> options) {
    return toBuilder().packageOptions(options).build();
  }

  public ProcessorConfig withLineSeize(Expiries.Bounds bounds) {
    return toBuilder().lineSeize(bounds).build();
  }

  /** The same processor under another application id: its own consumer group, stores and changelogs. */
  public ProcessorConfig withApplicationId(String id) {
    return toBuilder().applicationId(id).build();
  }

  public ProcessorConfig withOutputs(Outputs mode) {
    return toBuilder().outputs(mode).build();
  }

  public ProcessorConfig withLimits(ResourceLimits resourceLimits) {
    return toBuilder().limits(resourceLimits).build();
  }

  public ProcessorConfig withStoreMemory(StoreMemory memory) {
    return toBuilder().storeMemory(memory).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The defaults, to change by name. */
  public static Builder builder(Path stateDir) {
    return defaults(stateDir).toBuilder();
  }

  /** A {@link ProcessorConfig} by named settings; {@link #build()} checks them. */
  public static final class Builder {
    private String applicationId;
    private Path stateDir;
    private int streamThreads;
    private Duration decisionRetention;
    private Duration expiryInterval;
    private short replicationFactor;
    private String processingGuarantee;
    private PresenceSettings presence;
    private RegistrarSettings registrar;
    private DomainPolicies defaultPolicy;
    private ConferenceSettings conference;
    private Expiries.Bounds lineSeize;
    private Outputs outputs;
    private ResourceLimits limits;
    private StoreMemory storeMemory;
    private Map<String, String> packageOptions;
    private Set<String> gatewayDomains;
    private LingerUnderLoad.Settings batching;
    private ListSettings lists;
    private Set<String> localDomains;

    private Builder(ProcessorConfig c) {
      applicationId = c.applicationId;
      stateDir = c.stateDir;
      streamThreads = c.streamThreads;
      decisionRetention = c.decisionRetention;
      expiryInterval = c.expiryInterval;
      replicationFactor = c.replicationFactor;
      processingGuarantee = c.processingGuarantee;
      presence = c.presence;
      registrar = c.registrar;
      defaultPolicy = c.defaultPolicy;
      conference = c.conference;
      lineSeize = c.lineSeize;
      outputs = c.outputs;
      limits = c.limits;
      storeMemory = c.storeMemory;
      packageOptions = c.packageOptions;
      gatewayDomains = c.gatewayDomains;
      batching = c.batching;
      lists = c.lists;
      localDomains = c.localDomains;
    }

    public Builder applicationId(String value) {
      applicationId = value;
      return this;
    }

    public Builder streamThreads(int value) {
      streamThreads = value;
      return this;
    }

    public Builder decisionRetention(Duration value) {
      decisionRetention = value;
      return this;
    }

    public Builder expiryInterval(Duration value) {
      expiryInterval = value;
      return this;
    }

    public Builder replicationFactor(short value) {
      replicationFactor = value;
      return this;
    }

    public Builder processingGuarantee(String value) {
      processingGuarantee = value;
      return this;
    }

    public Builder presence(PresenceSettings value) {
      presence = value;
      return this;
    }

    public Builder registrar(RegistrarSettings value) {
      registrar = value;
      return this;
    }

    public Builder defaultPolicy(DomainPolicies value) {
      defaultPolicy = value;
      return this;
    }

    public Builder conference(ConferenceSettings value) {
      conference = value;
      return this;
    }

    public Builder lineSeize(Expiries.Bounds value) {
      lineSeize = value;
      return this;
    }

    public Builder outputs(Outputs value) {
      outputs = value;
      return this;
    }

    public Builder limits(ResourceLimits value) {
      limits = value;
      return this;
    }

    public Builder storeMemory(StoreMemory value) {
      storeMemory = value;
      return this;
    }

    public Builder packageOptions(Map<String, String> value) {
      packageOptions = value;
      return this;
    }

    public Builder gatewayDomains(Set<String> value) {
      gatewayDomains = value;
      return this;
    }

    public Builder batching(LingerUnderLoad.Settings value) {
      batching = value;
      return this;
    }

    public Builder localDomains(Set<String> value) {
      localDomains = value;
      return this;
    }

    public Builder lists(ListSettings value) {
      lists = value;
      return this;
    }

    public ProcessorConfig build() {
      return new ProcessorConfig(applicationId, stateDir, streamThreads, decisionRetention, expiryInterval,
          replicationFactor, processingGuarantee, presence, registrar, defaultPolicy, conference, lineSeize, outputs,
          limits, storeMemory, packageOptions, gatewayDomains, batching, lists, localDomains);
    }
  }

  /** The application id of the live processors unless told otherwise. */
  public static final String DEFAULT_APPLICATION_ID = "herald-processor";

  /** An application id is a consumer group id and the prefix of topic names. */
  public static void checkApplicationId(String applicationId) {
    Objects.requireNonNull(applicationId, "applicationId");
    if (!applicationId.matches("[a-zA-Z0-9._-]{1,200}")) {
      throw new IllegalArgumentException("application id may hold only letters, digits, '.', '_' and '-' (1 to 200),"
          + " was '" + applicationId + "'");
    }
  }

  public static ProcessorConfig defaults(Path stateDir) {
    return new ProcessorConfig(DEFAULT_APPLICATION_ID, stateDir, 1, Duration.ofSeconds(64),
        Duration.ofMillis(250), (short) 1, "at_least_once", PresenceSettings.defaults("sip:herald@127.0.0.1:5060"),
        RegistrarSettings.defaults(), DomainPolicies.allowAll(), ConferenceSettings.defaults(), LINE_SEIZE_DEFAULTS,
        Outputs.LIVE, ResourceLimits.defaults(), StoreMemory.defaults(), Map.of(), Set.of(), BATCHING_DEFAULTS,
        ListSettings.defaults(), Set.of());
  }
}
