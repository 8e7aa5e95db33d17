package dev.herald.kafka.embedded;

import static dev.herald.kafka.embedded.KafkaTestClients.client;
import static dev.herald.kafka.embedded.KafkaTestClients.consumeFromBeginning;
import static dev.herald.kafka.embedded.KafkaTestClients.createTopic;
import static dev.herald.kafka.embedded.KafkaTestClients.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's SASL_SSL listener: TLS with its own certificate, and a user that must sign in. */
class SaslSslListenerTest {

  @TempDir
  Path dataDir;

  @Test
  void aScramUserSignsInOverTlsAndProducesAndConsumes() throws Exception {
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.of(dataDir)
        .withSaslSsl(SaslSslListener.scram("herald", "scram-pw")))) {
      broker.start();
      Map<String, Object> signedIn = client(broker.saslSslBootstrapServers(), broker.saslSslClientProperties());
      assertThat(broker.saslSslBootstrapServers()).isNotEqualTo(broker.bootstrapServers());

      createTopic(signedIn, "secured");
      produce(signedIn, "secured", "alice", "online");

      assertThat(consumeFromBeginning(signedIn, "secured", 1)).extracting(ConsumerRecord::value)
          .containsExactly("online");
      assertThat(Files.readString(dataDir.resolve(BrokerCertificate.DIRECTORY).resolve(BrokerCertificate.CERTIFICATE)))
          .startsWith("-----BEGIN CERTIFICATE-----");
    }
  }

  @Test
  void aWrongPasswordIsRefusedAsAnAuthenticationFailure() {
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.of(dataDir)
        .withSaslSsl(SaslSslListener.plain("herald", "plain-pw")))) {
      broker.start();
      Map<String, Object> wrong = client(broker.saslSslBootstrapServers(),
          broker.saslSslClientProperties("herald", "not-the-password"));

      assertThatThrownBy(() -> listTopics(wrong)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefusedTheHandshake() {
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.of(dataDir)
        .withSaslSsl(SaslSslListener.plain("herald", "plain-pw")))) {
      broker.start();
      Map<String, String> untrusting = new java.util.HashMap<>(broker.saslSslClientProperties());
      untrusting.remove("ssl.truststore.type");
      untrusting.remove("ssl.truststore.location");

      assertThatThrownBy(() -> listTopics(client(broker.saslSslBootstrapServers(), untrusting)))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
    }
  }

  @Test
  void listenerSettingsAreChecked() {
    assertThatThrownBy(() -> new SaslSslListener(0, "GSSAPI", "herald", "pw"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mechanism");
    assertThatThrownBy(() -> SaslSslListener.scram("herald", "pw\"; injected"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
    assertThatThrownBy(() -> EmbeddedKafkaConfig.of(dataDir).withPorts(9092, 9093)
        .withSaslSsl(new SaslSslListener(9093, SaslSslListener.PLAIN, "herald", "pw")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
  }

  private static void listTopics(Map<String, Object> client) throws Exception {
    try (Admin admin = Admin.create(client)) {
      admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }
}
