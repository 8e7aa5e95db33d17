package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.kafka.KafkaClientSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaOptionsTest {

  @TempDir
  Path dir;

  @Test
  void theKafkaConfigFileAndHeraldKafkaVariablesReachUp() throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(file, "security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=ca.pem\n");
    HeraldCommand.Up up = OptionsParsing.up(Map.of("HERALD_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", ""
        + "https", "HERALD_KAFKA_REQUEST_TIMEOUT_MS", "9000"), "--kafka-config", file.toString(),
        "--bootstrap-servers", "kafka-1:9093");

    KafkaClientSettings clients = up.kafka.settings(up.spec);

    assertThat(clients.properties()).containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "ca.pem").containsEntry("request.timeout.ms", "9000")
        .containsEntry("ssl.endpoint.identification.algorithm", "https");
  }

  @Test
  void theKafkaConfigFileMayComeFromItsVariable() throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(file, "client.dns.lookup=use_all_dns_ips\n");
    HeraldCommand.Up up = OptionsParsing.up(Map.of("HERALD_KAFKA_CONFIG", file.toString()));

    assertThat(up.kafka.settings(up.spec).properties()).containsOnly(Map.entry("client.dns.lookup", "use_all_dns_ips"));
  }

  @Test
  void withoutEitherTheClientsGetNothingButTheCluster() {
    HeraldCommand.Up up = OptionsParsing.up(Map.of());

    assertThat(up.kafka.settings(up.spec)).isEqualTo(KafkaClientSettings.none());
  }

  @Test
  void aSecuredClientNeedsAnExternalCluster() {
    HeraldCommand.Up up = OptionsParsing.up(Map.of("HERALD_KAFKA_SECURITY_PROTOCOL", "SSL"),
        "--data-dir", dir.toString());

    assertThatThrownBy(() -> up.configured(up.settings())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a Kafka cluster (--bootstrap-servers)");
  }

  @Test
  void anInvalidPropertyStopsTheCommandSayingWhich() throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(file, "bootstrap.servers=elsewhere:9092\n");
    HeraldCommand.Up up = OptionsParsing.up(Map.of(), "--kafka-config", file.toString());

    assertThatThrownBy(() -> up.kafka.settings(up.spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap.servers");
  }
}
