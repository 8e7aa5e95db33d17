package dev.herald.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void catalogNamesEveryTopicOfTheDesignOnce() {
    assertThat(Topics.ALL).extracting(TopicSpec::name).containsExactlyInAnyOrder(
        "herald.requests", "herald.replies", "herald.notifications", "herald.edge-notifications",
        "herald.notify-outcomes",
        "herald.presence-state", "herald.registrant-accounts", "herald.registrant-status",
        "herald.registrant-commands", "herald.presence-rules", "herald.credentials", "herald.registrar-events",
        "herald.watch-demand", "herald.xmpp-subscriptions", "herald.resource-lists");
  }

  @Test
  void resourceKeyedInputsOfTheProcessorAreCoPartitioned() {
    assertThat(Topics.NOTIFY_OUTCOMES.partitions()).isEqualTo(Topics.REQUESTS.partitions());
    assertThat(Topics.PRESENCE_RULES.partitions()).isEqualTo(Topics.REQUESTS.partitions());
  }

  @Test
  void watchDemandIsKeyedAndPartitionedLikeTheResourcesItNames() {
    assertThat(Topics.WATCH_DEMAND.partitions()).isEqualTo(Topics.REQUESTS.partitions());
    assertThat(Topics.WATCH_DEMAND.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
  }

  @Test
  void edgeNotificationsHaveOnePartitionPerEdgeInstanceLikeReplies() {
    assertThat(Topics.EDGE_NOTIFICATIONS.partitions()).isEqualTo(Topics.REPLIES.partitions());
    assertThat(Topics.EDGE_NOTIFICATIONS.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
  }

  @Test
  void registrantCommandsReachTheWorkerOwningTheAccount() {
    assertThat(Topics.REGISTRANT_COMMANDS.partitions()).isEqualTo(Topics.REGISTRANT_ACCOUNTS.partitions());
    assertThat(Topics.REGISTRANT_STATUS.partitions()).isEqualTo(Topics.REGISTRANT_ACCOUNTS.partitions());
  }

  @Test
  void stateTopicsAreCompactedAndLogsAreNot() {
    for (TopicSpec<?, ?> compacted : new TopicSpec<?, ?>[] {
        Topics.PRESENCE_STATE, Topics.REGISTRANT_ACCOUNTS, Topics.REGISTRANT_STATUS, Topics.PRESENCE_RULES,
        Topics.CREDENTIALS, Topics.RESOURCE_LISTS}) {
      assertThat(compacted.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
    }
    assertThat(Topics.REQUESTS.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
  }

  @Test
  void specRejectsIllegalNamesAndPartitionCounts() {
    assertThatThrownBy(() -> new TopicSpec<>("bad name", Serdes.String(), Serdes.String(), 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicSpec<>("ok", Serdes.String(), Serdes.String(), 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
