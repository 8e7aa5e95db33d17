package dev.herald.launcher;

import picocli.CommandLine.Option;

/** The flags of {@code herald up} that place a process in a multi-node layout; see {@link ClusterSettings}. */
final class ClusterOptions {

  @Option(names = "--roles", defaultValue = "all",
      description = "roles this process runs: all, or a list of edge, processor, notifier, registrant, xmpp (HERALD_ROLES);"
          + " xmpp runs only where --xmpp-component-host is given")
  String roles;

  @Option(names = "--instance", defaultValue = "0",
      description = "number of this process among those running the same roles, 0..15; the edge reads this"
          + " partition of herald.replies (HERALD_INSTANCE)")
  int instance;

  @Option(names = "--replication-factor", defaultValue = "1",
      description = "replicas of the topics Herald creates; above 1 also min.insync.replicas 2 (HERALD_REPLICATION_FACTOR)")
  short replicationFactor;

  @Option(names = "--sip-reuse-port", defaultValue = "false", arity = "1",
      description = "share the SIP port with other edges on this host (SO_REUSEPORT) (HERALD_SIP_REUSE_PORT)")
  boolean sipReusePort;

  ClusterSettings settings() {
    return new ClusterSettings(ClusterSettings.parseRoles(roles), instance, replicationFactor, sipReusePort);
  }
}
