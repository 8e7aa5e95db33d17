package dev.herald.registrant;

import java.util.Objects;

/**
 * Settings of a registrant worker.
 *
 * @param workerId names this worker in status records
 * @param groupId consumer group of all workers: partition assignment spreads the accounts
 */
public record RegistrantConfig(String workerId, String groupId) {

  public RegistrantConfig {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(groupId, "groupId");
    if (workerId.isBlank() || groupId.isBlank()) {
      throw new IllegalArgumentException("workerId and groupId must not be blank");
    }
  }
}
