package dev.herald.launcher;

import dev.herald.common.kafka.KafkaClientSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE} and the {@code HERALD_KAFKA_*} variables: the Kafka client properties
 * (security above all) of every client of every role, and of the commands that talk to Kafka.
 */
final class KafkaOptions {

  @Option(names = "--kafka-config", description = "Java properties file of Kafka client properties for every client"
      + " (security.protocol, sasl.*, ssl.* …); HERALD_KAFKA_<PROPERTY> variables win over it (HERALD_KAFKA_CONFIG)")
  Path kafkaConfig;

  /** The file's properties under the variables of {@code command}'s environment. */
  KafkaClientSettings settings(CommandSpec command) {
    return KafkaClientSettings.from(Optional.ofNullable(kafkaConfig), SettingsSource.environmentOf(command));
  }
}
