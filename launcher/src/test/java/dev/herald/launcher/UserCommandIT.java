package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.Credential;
import dev.herald.common.FreePorts;
import dev.herald.edge.auth.AuthSettings;
import dev.herald.edge.auth.DigestAlgorithm;
import dev.herald.schemas.Topics;
import dev.herald.testkit.SipTestAgent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code herald user …} against a running Herald that authenticates example.com. */
class UserCommandIT {

  private static final Duration ANSWER = Duration.ofSeconds(15);
  private static final String PASSWORD = "correct horse battery";

  @TempDir
  Path dataDir;

  private String run(int adminPort, String stdin, String... args) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_ADMIN_PORT", Integer.toString(adminPort),
          AdminAccess.TOKEN_VARIABLE, SipChecks.adminToken(adminPort)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(out, true));
      assertThat(cli.execute(args)).as(out.toString()).isZero();
      return out.toString();
    } finally {
      System.setIn(original);
    }
  }

  @Test
  void userAddWritesHa1ValuesButNeverThePasswordAndThePhoneThenSubscribes() throws Exception {
    HeraldSettings settings = SipChecks.register(HeraldSettings.builder().sipHost("127.0.0.1")
        .sipPort(FreePorts.findFreeSipPort("127.0.0.1")).adminHost("127.0.0.1").adminPort(FreePorts.findFreePort())
        .dataDir(dataDir).build());
    AuthSettings auth = AuthSettings.of(Set.of("example.com"), new byte[32], Duration.ofSeconds(300));
    try (Herald herald = new Herald(settings).withAuth(auth).start();
         SipTestAgent alice = SipTestAgent.udp("alice")) {
      run(settings.adminPort(), PASSWORD + "\n", "user", "add", "sip:alice@example.com", "--password-stdin",
          "--may-act-for", "*@example.org");

      List<ConsumerRecord<String, byte[]>> records = credentials(herald.bootstrapServers());
      assertThat(records).extracting(ConsumerRecord::key).containsExactly("alice@example.com");
      assertThat(new String(records.get(0).value(), StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
      Credential written = Topics.CREDENTIALS.valueSerde().deserializer()
          .deserialize(Topics.CREDENTIALS.name(), records.get(0).value());
      assertThat(written.getHa1Md5()).isEqualTo(DigestAlgorithm.MD5.ha1("alice", "example.com", PASSWORD));
      assertThat(written.getHa1Sha256()).isEqualTo(DigestAlgorithm.SHA_256.ha1("alice", "example.com", PASSWORD));
      assertThat(written.getAor()).isEqualTo("sip:alice@example.com");
      assertThat(written.getMayActFor()).containsExactly("*@example.org");
      await().atMost(ANSWER).untilAsserted(() -> assertThat(run(settings.adminPort(), "", "user", "list"))
          .contains("alice@example.com\tsip:alice@example.com\tmay act for *@example.org")
          .doesNotContain(written.getHa1Md5()));

      Request subscribe = alice.request(Request.SUBSCRIBE, "sip:alice@example.com", "sip:bob@example.com",
          settings.sipPort());
      subscribe.addHeader(alice.headers.createEventHeader("presence"));
      Response challenged = alice.send(subscribe, ANSWER);
      assertThat(challenged.getStatusCode()).isEqualTo(401);
      WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) challenged.getHeader(WWWAuthenticateHeader.NAME);
      assertThat(challenge.getAlgorithm()).isEqualTo("SHA-256");

      Request retry = alice.request(Request.SUBSCRIBE, "sip:alice@example.com", "sip:bob@example.com",
          settings.sipPort());
      retry.addHeader(alice.headers.createEventHeader("presence"));
      AuthorizationHeader authorization = alice.headers.createAuthorizationHeader("Digest");
      authorization.setUsername("alice");
      authorization.setRealm("example.com");
      authorization.setNonce(challenge.getNonce());
      authorization.setURI(retry.getRequestURI());
      authorization.setAlgorithm("SHA-256");
      authorization.setResponse(DigestAlgorithm.SHA_256.response(
          DigestAlgorithm.SHA_256.ha1("alice", "example.com", PASSWORD), challenge.getNonce(), null, null, null,
          Request.SUBSCRIBE, retry.getRequestURI().toString()));
      retry.addHeader(authorization);
      assertThat(alice.send(retry, ANSWER).getStatusCode()).as("answered by the processor").isEqualTo(200);

      run(settings.adminPort(), "", "user", "delete", "sip:alice@example.com");
      assertThat(credentials(herald.bootstrapServers())).last().extracting(ConsumerRecord::value).isNull();
    }
  }

  private static List<ConsumerRecord<String, byte[]>> credentials(String bootstrap) {
    List<ConsumerRecord<String, byte[]>> all = new java.util.ArrayList<>();
    Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", bootstrap));
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
        Topics.CREDENTIALS.keySerde().deserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(Topics.CREDENTIALS.name(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
    }
    return all;
  }
}
