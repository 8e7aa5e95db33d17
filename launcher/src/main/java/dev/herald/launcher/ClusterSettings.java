package dev.herald.launcher;

import dev.herald.schemas.Topics;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one Herald process sits among others on one Kafka cluster.
 *
 * @param roles the roles this process runs
 * @param instance tells this process's edge, notifier and registrant worker apart from the other
 *     processes' ones: the edge reads partition {@code instance} of herald.replies, so no two edges
 *     may share it
 * @param replicationFactor replicas of every topic Herald creates, its own and the processor's
 *     changelogs; above 1 also {@code min.insync.replicas} 2
 * @param sipReusePort whether the edge shares its SIP address and port with the other edges on this
 *     host ({@code SO_REUSEPORT}): the kernel spreads clients over them, and a dead edge's clients
 *     reach the others
 */
public record ClusterSettings(Set<Role> roles, int instance, short replicationFactor, boolean sipReusePort) {

  /** What a process may run. */
  public enum Role {
    EDGE, PROCESSOR, NOTIFIER, REGISTRANT, XMPP, BACKEND;

    String flagName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ClusterSettings {
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("at least one role is needed");
    }
    roles = Set.copyOf(roles);
    if (instance < 0 || instance >= Topics.REPLY_PARTITIONS) {
      throw new IllegalArgumentException(
          "instance must be 0.." + (Topics.REPLY_PARTITIONS - 1) + " (one reply partition per edge), was " + instance);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
    }
  }

  /** Every role in one process, topics without replicas: the one-command run. */
  public static ClusterSettings single() {
    return new ClusterSettings(EnumSet.allOf(Role.class), 0, (short) 1, false);
  }

  /** Parses {@code all} or a comma-separated list such as {@code edge,notifier}. */
  public static Set<Role> parseRoles(String text) {
    String list = text == null ? "" : text.strip();
    if (list.equalsIgnoreCase("all")) {
      return EnumSet.allOf(Role.class);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : list.split(",")) {
      String role = name.strip();
      if (role.isEmpty()) {
        continue;
      }
      roles.add(Arrays.stream(Role.values()).filter(r -> r.flagName().equals(role.toLowerCase(Locale.ROOT)))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown role '" + role + "'; roles are all or "
              + Arrays.stream(Role.values()).map(Role::flagName).collect(Collectors.joining(", ")))));
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("--roles names no role");
    }
    return roles;
  }

  public boolean runs(Role role) {
    return roles.contains(role);
  }

  /** The name of this process's part of kind {@code kind}, e.g. {@code edge-1}. */
  public String name(String kind) {
    return kind + "-" + instance;
  }
}
