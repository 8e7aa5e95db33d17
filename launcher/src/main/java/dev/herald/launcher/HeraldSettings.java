package dev.herald.launcher;

import dev.herald.packages.authorization.DomainPolicies;
import dev.herald.packages.spi.Expiries;
import dev.herald.processor.PresenceSettings;
import dev.herald.processor.ProcessorConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the one-command run needs to know, after flags, environment and properties file were
 * resolved (in that order of precedence).
 *
 * @param sipHost address SIP listens on (UDP and TCP)
 * @param sipPort SIP port; 0 picks a free one
 * @param adminHost address the admin HTTP port listens on
 * @param adminPort admin HTTP port; 0 picks a free one
 * @param dataDir holds the embedded broker's log and the processor's state
 * @param bootstrapServers an external Kafka cluster; when present no broker is started
 * @param processingGuarantee the stream processor's guarantee, at_least_once or exactly_once_v2
 * @param minExpires shortest SUBSCRIBE or PUBLISH expiry accepted; shorter gets 423
 * @param maxExpires longest expiry granted
 * @param expiryReductionPercent granted subscription expiries are reduced by up to this share
 * @param maxFailedNotifies NOTIFY timeouts in a row that end a subscription
 * @param edgeLimits decision timeout, Retry-After, shedding and body limits of the SIP edge
 * @param defaultPolicy what happens to a watcher no rule of the presentity matches, by domain
 * @param applicationId the processor's Kafka Streams application id: its consumer group and the
 *     prefix of its changelogs; another one starts from the beginning of the logs (docs/replay.md)
 */
public record HeraldSettings(
    String sipHost, int sipPort, String adminHost, int adminPort, Path dataDir, Optional<String> bootstrapServers,
    String processingGuarantee, int minExpires, int maxExpires, int expiryReductionPercent, int maxFailedNotifies,
    EdgeLimits edgeLimits, DomainPolicies defaultPolicy, String applicationId) {

  public HeraldSettings {
    Objects.requireNonNull(sipHost, "sipHost");
    Objects.requireNonNull(adminHost, "adminHost");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(edgeLimits, "edgeLimits");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    ProcessorConfig.checkApplicationId(applicationId);
    if (sipHost.isBlank()) {
      throw new IllegalArgumentException("sip host must not be blank");
    }
    checkPort("sip port", sipPort);
    checkPort("admin port", adminPort);
    if (sipPort != 0 && sipPort == adminPort) {
      throw new IllegalArgumentException("sip port and admin port must differ");
    }
    if (!ProcessorConfig.GUARANTEES.contains(processingGuarantee)) {
      throw new IllegalArgumentException("processing guarantee must be one of "
          + ProcessorConfig.GUARANTEES + ", was " + processingGuarantee);
    }
    presenceSettings(minExpires, maxExpires, expiryReductionPercent, maxFailedNotifies, "sip:" + sipHost);
    bootstrapServers = bootstrapServers.map(String::strip).filter(s -> !s.isEmpty());
    bootstrapServers.ifPresent(servers -> {
      for (String server : servers.split(",")) {
        if (!server.strip().matches("\\[?[A-Za-z0-9.:_-]+]?:\\d{1,5}")) {
          throw new IllegalArgumentException("bootstrap server must be host:port, was '" + server.strip() + "'");
        }
      }
    });
  }

  /** Settings by name, from the defaults of {@code herald up}. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().sipHost(sipHost).sipPort(sipPort).adminHost(adminHost).adminPort(adminPort).dataDir(dataDir)
        .bootstrapServers(bootstrapServers).processingGuarantee(processingGuarantee).minExpires(minExpires)
        .maxExpires(maxExpires).expiryReductionPercent(expiryReductionPercent).maxFailedNotifies(maxFailedNotifies)
        .edgeLimits(edgeLimits).defaultPolicy(defaultPolicy).applicationId(applicationId);
  }

  /** These settings with another default authorization policy. */
  public HeraldSettings withDefaultPolicy(DomainPolicies policy) {
    return toBuilder().defaultPolicy(policy).build();
  }

  /** These settings with the processor under another application id. */
  public HeraldSettings withApplicationId(String id) {
    return toBuilder().applicationId(id).build();
  }

  /** The presence package's rules; they validate the expiry settings. */
  public PresenceSettings presence(String contactUri) {
    return presenceSettings(minExpires, maxExpires, expiryReductionPercent, maxFailedNotifies, contactUri);
  }

  private static PresenceSettings presenceSettings(int minExpires, int maxExpires, int expiryReductionPercent,
      int maxFailedNotifies, String contactUri) {
    int subscribeDefault = Math.max(minExpires, Math.min(600, maxExpires));
    Expiries expiries = new Expiries(new Expiries.Bounds(minExpires, maxExpires, subscribeDefault),
        new Expiries.Bounds(minExpires, maxExpires, maxExpires));
    return PresenceSettings.builder(contactUri).expiries(expiries).expiryReductionPercent(expiryReductionPercent)
        .maxFailedNotifies(maxFailedNotifies).build();
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " must be 0..65535, was " + port);
    }
  }

  public boolean embeddedBroker() {
    return bootstrapServers.isEmpty();
  }

  /**
   * Builds {@link HeraldSettings} by name. What is not set is what {@code herald up} runs with
   * without flags, but for the data directory, which must be set. {@link #build()} checks every
   * rule of the record.
   */
  public static final class Builder {
    private String sipHost = "127.0.0.1";
    private int sipPort = 5060;
    private String adminHost = "127.0.0.1";
    private int adminPort = 8088;
    private Path dataDir;
    private Optional<String> bootstrapServers = Optional.empty();
    private String processingGuarantee = "at_least_once";
    private int minExpires = 60;
    private int maxExpires = 3600;
    private int expiryReductionPercent = 10;
    private int maxFailedNotifies = 3;
    private EdgeLimits edgeLimits = EdgeLimits.defaults();
    private DomainPolicies defaultPolicy = DomainPolicies.allowAll();
    private String applicationId = ProcessorConfig.DEFAULT_APPLICATION_ID;

    private Builder() {}

    public Builder sipHost(String value) {
      this.sipHost = value;
      return this;
    }

    public Builder sipPort(int value) {
      this.sipPort = value;
      return this;
    }

    public Builder adminHost(String value) {
      this.adminHost = value;
      return this;
    }

    public Builder adminPort(int value) {
      this.adminPort = value;
      return this;
    }

    public Builder dataDir(Path value) {
      this.dataDir = value;
      return this;
    }

    public Builder bootstrapServers(Optional<String> value) {
      this.bootstrapServers = value;
      return this;
    }

    public Builder processingGuarantee(String value) {
      this.processingGuarantee = value;
      return this;
    }

    public Builder minExpires(int value) {
      this.minExpires = value;
      return this;
    }

    public Builder maxExpires(int value) {
      this.maxExpires = value;
      return this;
    }

    public Builder expiryReductionPercent(int value) {
      this.expiryReductionPercent = value;
      return this;
    }

    public Builder maxFailedNotifies(int value) {
      this.maxFailedNotifies = value;
      return this;
    }

    public Builder edgeLimits(EdgeLimits value) {
      this.edgeLimits = value;
      return this;
    }

    public Builder defaultPolicy(DomainPolicies value) {
      this.defaultPolicy = value;
      return this;
    }

    public Builder applicationId(String value) {
      this.applicationId = value;
      return this;
    }

    public HeraldSettings build() {
      return new HeraldSettings(sipHost, sipPort, adminHost, adminPort, dataDir, bootstrapServers, processingGuarantee,
          minExpires, maxExpires, expiryReductionPercent, maxFailedNotifies, edgeLimits, defaultPolicy, applicationId);
    }
  }
}
