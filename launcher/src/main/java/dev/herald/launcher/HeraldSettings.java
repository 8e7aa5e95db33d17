package dev.herald.launcher;

import dev.herald.packages.spi.Expiries;
import dev.herald.processor.PresenceSettings;
import dev.herald.processor.rules.DomainPolicies;
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
    dev.herald.processor.ProcessorConfig.checkApplicationId(applicationId);
    if (sipHost.isBlank()) {
      throw new IllegalArgumentException("sip host must not be blank");
    }
    checkPort("sip port", sipPort);
    checkPort("admin port", adminPort);
    if (sipPort != 0 && sipPort == adminPort) {
      throw new IllegalArgumentException("sip port and admin port must differ");
    }
    if (!dev.herald.processor.ProcessorConfig.GUARANTEES.contains(processingGuarantee)) {
      throw new IllegalArgumentException("processing guarantee must be one of "
          + dev.herald.processor.ProcessorConfig.GUARANTEES + ", was " + processingGuarantee);
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

  /** Settings that allow every watcher no rule matches. */
  public HeraldSettings(String sipHost, int sipPort, String adminHost, int adminPort, Path dataDir,
      Optional<String> bootstrapServers, String processingGuarantee, int minExpires, int maxExpires,
      int expiryReductionPercent, int maxFailedNotifies, EdgeLimits edgeLimits) {
    this(sipHost, sipPort, adminHost, adminPort, dataDir, bootstrapServers, processingGuarantee, minExpires,
        maxExpires, expiryReductionPercent, maxFailedNotifies, edgeLimits, DomainPolicies.allowAll(),
        dev.herald.processor.ProcessorConfig.DEFAULT_APPLICATION_ID);
  }

  /** Settings with the edge's default limits. */
  public HeraldSettings(String sipHost, int sipPort, String adminHost, int adminPort, Path dataDir,
      Optional<String> bootstrapServers, String processingGuarantee, int minExpires, int maxExpires,
      int expiryReductionPercent, int maxFailedNotifies) {
    this(sipHost, sipPort, adminHost, adminPort, dataDir, bootstrapServers, processingGuarantee, minExpires,
        maxExpires, expiryReductionPercent, maxFailedNotifies, EdgeLimits.defaults());
  }

  /** Settings with the default processing guarantee, expiries and edge limits. */
  /** These settings with another default authorization policy. */
  public HeraldSettings withDefaultPolicy(DomainPolicies policy) {
    return new HeraldSettings(sipHost, sipPort, adminHost, adminPort, dataDir, bootstrapServers, processingGuarantee,
        minExpires, maxExpires, expiryReductionPercent, maxFailedNotifies, edgeLimits, policy, applicationId);
  }

  /** These settings with the processor under another application id. */
  public HeraldSettings withApplicationId(String id) {
    return new HeraldSettings(sipHost, sipPort, adminHost, adminPort, dataDir, bootstrapServers, processingGuarantee,
        minExpires, maxExpires, expiryReductionPercent, maxFailedNotifies, edgeLimits, defaultPolicy, id);
  }

  public HeraldSettings(String sipHost, int sipPort, String adminHost, int adminPort, Path dataDir,
      Optional<String> bootstrapServers) {
    this(sipHost, sipPort, adminHost, adminPort, dataDir, bootstrapServers, "at_least_once", 60, 3600, 10, 3);
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
}
