package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.herald.common.FreePorts;
import dev.herald.kafka.embedded.EmbeddedKafkaBroker;
import dev.herald.kafka.embedded.EmbeddedKafkaConfig;
import dev.herald.kafka.embedded.SaslSslListener;
import dev.herald.testkit.FlowAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Herald on a Kafka cluster that asks for SASL (SCRAM-SHA-512) over TLS: the embedded broker's
 * SASL_SSL listener, its certificate as the clients' trust store, the login in a --kafka-config
 * file. Every role reaches it through those settings: a phone's SUBSCRIBE, another's PUBLISH and
 * the NOTIFYs go the whole way through Kafka. A wrong password ends the start with Kafka's reason.
 */
class SecuredKafkaIT {

  private static final String PASSWORD = "scram-secret-pw";

  @TempDir
  static Path dir;

  private static EmbeddedKafkaBroker broker;
  private static Path kafkaConfig;
  private static Herald herald;
  private static final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.of(dir.resolve("kafka"))
        .withSaslSsl(SaslSslListener.scram("herald", PASSWORD)));
    broker.start();
    kafkaConfig = dir.resolve("kafka-client.properties");
    Properties client = new Properties();
    client.putAll(broker.saslSslClientProperties());
    try (Writer out = Files.newBufferedWriter(kafkaConfig)) {
      client.store(out, "Herald's Kafka clients");
    }
    logged.start();
    ((Logger) LoggerFactory.getLogger(Herald.class)).addAppender(logged);
    HeraldCommand.Up up = up(Map.of(), dir.resolve("herald"));
    herald = up.configured(SipChecks.register(up.settings())).start();
    await().atMost(SipChecks.ANSWER).until(() -> SipChecks.healthy(herald.adminPort()));
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(Herald.class)).detachAppender(logged);
    if (herald != null) {
      herald.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** {@code bin/herald up} on the SASL_SSL listener with the client file, on free ports, TLS off, no warm-up. */
  private static HeraldCommand.Up up(Map<String, String> env, Path dataDir) {
    return OptionsParsing.up(env, upArguments(dataDir));
  }

  private static String[] upArguments(Path dataDir) {
    return new String[] {"--bootstrap-servers", broker.saslSslBootstrapServers(),
        "--kafka-config", kafkaConfig.toString(), "--data-dir", dataDir.toString(),
        "--sip-port", Integer.toString(FreePorts.findFreeSipPort("127.0.0.1")),
        "--admin-port", Integer.toString(FreePorts.findFreePort()), "--sip-tls-port", "off",
        "--warm-up-seconds", "0"};
  }

  @Test
  void aPhoneSubscribesAndGetsTheNotifiesOfAnotherPhonesPublishThroughSecuredKafka() throws Exception {
    InetSocketAddress sip = new InetSocketAddress("127.0.0.1", herald.sipPort());
    try (FlowAgent watcher = FlowAgent.udp("secured-watcher", sip, "127.0.0.1");
         FlowAgent publisher = FlowAgent.udp("secured-presentity", sip, "127.0.0.1")) {
      FlowsIT.watchPublishAndEnd(watcher, publisher, "sip:secured-presentity@example.com");
    }
  }

  @Test
  void theLoggedClientSettingsHideThePassword() {
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(line -> line.contains("security.protocol=SASL_SSL") && line.contains("sasl.jaas.config=[hidden]"))
        .noneMatch(line -> line.contains(PASSWORD));
  }

  @Test
  void theTopicsCommandReachesTheSecuredClusterThroughTheSameFile() {
    StringWriter out = new StringWriter();
    CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_KAFKA_CONFIG", kafkaConfig.toString()));
    cli.setOut(new PrintWriter(out, true));

    int exit = cli.execute("topics", "--bootstrap-servers", broker.saslSslBootstrapServers(), "--timeout-ms", "30000");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("0 created");
  }

  @Test
  void aWrongPasswordEndsTheStartSayingKafkaRefusedTheSignIn() {
    Map<String, String> env = Map.of("HERALD_KAFKA_SASL_JAAS_CONFIG",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"herald\" password=\"wrong\";");
    List<String> line = new ArrayList<>(List.of("up"));
    line.addAll(List.of(upArguments(dir.resolve("refused"))));
    StringWriter err = new StringWriter();
    CommandLine cli = HeraldMain.commandLine(env);
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute(line.toArray(String[]::new));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("refused Herald's SASL_SSL connection").contains("Authentication failed")
        .doesNotContain("wrong\"");
  }
}
