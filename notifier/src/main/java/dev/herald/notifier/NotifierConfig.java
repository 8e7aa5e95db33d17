package dev.herald.notifier;

import java.util.Objects;

/**
 * Settings of a notifier.
 *
 * @param sipHost address NOTIFYs are sent from (UDP and TCP)
 * @param sipPort local SIP port; 0 picks a free one
 * @param groupId consumer group of all notifiers: Kafka spreads the notifications over them
 */
public record NotifierConfig(String sipHost, int sipPort, String groupId) {

  public NotifierConfig {
    Objects.requireNonNull(sipHost, "sipHost");
    Objects.requireNonNull(groupId, "groupId");
    if (sipPort < 0 || sipPort > 65535) {
      throw new IllegalArgumentException("sipPort must be 0..65535, was " + sipPort);
    }
    if (groupId.isBlank()) {
      throw new IllegalArgumentException("groupId must not be blank");
    }
  }

  public static NotifierConfig defaults(String sipHost) {
    return new NotifierConfig(sipHost, 0, "herald-notifier");
  }
}
