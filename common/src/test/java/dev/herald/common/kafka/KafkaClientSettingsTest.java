package dev.herald.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaClientSettingsTest {

  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
      + " username=\"herald\" password=\"s3cret-pw\";";

  @TempDir
  Path dir;

  @Test
  void aVariableNamesTheClientPropertyOfItsLowerCasedDottedTail() {
    assertThat(KafkaClientSettings.propertyOf("HERALD_KAFKA_SECURITY_PROTOCOL")).isEqualTo("security.protocol");
    assertThat(KafkaClientSettings.propertyOf("HERALD_KAFKA_SSL_TRUSTSTORE_LOCATION"))
        .isEqualTo("ssl.truststore.location");
  }

  @Test
  void variablesWinOverTheFileAndOtherVariablesAreIgnored() throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS + "\n"
        + "request.timeout.ms=9000\n");
    KafkaClientSettings settings = KafkaClientSettings.from(Optional.of(file), Map.of(
        "HERALD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "HERALD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "HERALD_KAFKA_CONFIG", file.toString(), "HERALD_KAFKA_FIXTURE", "embedded", "HERALD_SIP_PORT", "5070"));
    assertThat(settings.properties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("request.timeout.ms", "9000")
        .containsEntry("sasl.jaas.config", JAAS).hasSize(4);
    assertThat(settings.securityProtocol()).isEqualTo("SASL_SSL");
    assertThat(settings.secured()).isTrue();
  }

  @Test
  void everyClientGetsTheSettingsAndTheCluster() {
    KafkaClientSettings settings = new KafkaClientSettings(Map.of("security.protocol", "SSL",
        "ssl.truststore.location", "ca.pem", "ssl.truststore.type", "PEM"));
    assertThat(settings.clientProperties("kafka-1:9093")).containsEntry("bootstrap.servers", "kafka-1:9093")
        .containsEntry("security.protocol", "SSL").containsEntry("ssl.truststore.type", "PEM").hasSize(4);
  }

  @Test
  void secretsAreMaskedInTheDumpAndTheirValuesNeverShow() {
    KafkaClientSettings settings = new KafkaClientSettings(Map.of("security.protocol", "SASL_SSL",
        "sasl.jaas.config", JAAS, "ssl.key.password", "key-pw", "ssl.truststore.password", "trust-pw",
        "ssl.keystore.location", "herald.p12", "sasl.oauthbearer.token.endpoint.url", "https://idp/token"));
    assertThat(settings.masked()).containsEntry("sasl.jaas.config", KafkaClientSettings.HIDDEN)
        .containsEntry("ssl.key.password", KafkaClientSettings.HIDDEN)
        .containsEntry("ssl.truststore.password", KafkaClientSettings.HIDDEN)
        .containsEntry("ssl.keystore.location", KafkaClientSettings.HIDDEN)
        .containsEntry("sasl.oauthbearer.token.endpoint.url", KafkaClientSettings.HIDDEN)
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(settings.toString()).contains("security.protocol=SASL_SSL")
        .doesNotContain("s3cret-pw", "key-pw", "trust-pw");
  }

  @Test
  void bootstrapServersIsRefusedForItIsTheClusterSetting() {
    assertRefused(Map.of("bootstrap.servers", "other:9092"), "--bootstrap-servers");
  }

  @Test
  void keysHeraldSetsPerClientAreRefused() {
    for (String key : new String[] {"group.id", "application.id", "transactional.id", "key.serializer",
        "value.deserializer"}) {
      assertRefused(Map.of(key, "x"), key);
    }
  }

  /** A mistyped key (refused rather than ignored), an unknown protocol, SASL without SASL, SASL without a login. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "security.protocl | SSL      | 'security.protocl' is not a Kafka client",
      "security.protocol | TLS     | security.protocol must be one of",
      "sasl.mechanism   | PLAIN    | sasl.mechanism needs security.protocol",
      "security.protocol | SASL_SSL | needs sasl.jaas.config"})
  void aPropertyBreakingARuleIsRefusedSayingWhy(String key, String value, String reason) {
    assertRefused(Map.of(key, value), reason);
  }

  @Test
  void anUnreadableFileIsAClearError() {
    assertThatThrownBy(() -> KafkaClientSettings.from(Optional.of(dir.resolve("missing.properties")), Map.of()))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.properties");
  }

  @Test
  void noneIsPlaintext() {
    assertThat(KafkaClientSettings.none().secured()).isFalse();
    assertThat(KafkaClientSettings.none().clientProperties("b:1")).containsOnlyKeys("bootstrap.servers");
  }

  private static void assertRefused(Map<String, String> properties, String reason) {
    assertThatThrownBy(() -> new KafkaClientSettings(properties)).as("%s", properties)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
  }
}
