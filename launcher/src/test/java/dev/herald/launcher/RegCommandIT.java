package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.common.FreePorts;
import dev.herald.common.Json;
import dev.herald.registrant.RegistrantConfig;
import dev.herald.schemas.TopicSpec;
import dev.herald.schemas.Topics;
import dev.herald.testkit.TestRegistrar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald reg …} against a running Herald and a test registrar on loopback: every change lands
 * on the registrant topics, the worker registers what it may, and {@code list} shows each account
 * with the state its worker wrote.
 */
class RegCommandIT {

  private static final Duration ANSWER = Duration.ofSeconds(20);

  @TempDir
  Path dataDir;

  private static CliRun run(int adminPort, String... args) {
    return CliRun.herald(adminPort, args);
  }

  private static CliRun ok(int adminPort, String... args) {
    CliRun run = run(adminPort, args);
    assertThat(run.exitCode()).as("%s", run).isZero();
    return run;
  }

  @Test
  void loadAddDeleteEnableDisableRegisterAndListGoThroughTheTopics() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir.resolve("herald"));
    Path file = dataDir.resolve("registrants.csv");
    try (TestRegistrar registrar = new TestRegistrar().challenge(TestRegistrar.Challenge.WWW_401, "MD5")
        .password("alice", "new-secret").password("bob", "the-right-one").grant(300, true)) {
      String at = registrar.uri();
      int bobPort = FreePorts.findFreeSipPort("127.0.0.1");
      Files.writeString(file, String.join("\n",
          "# moved over from an OpenSIPS uac parameter list",
          "sip:reg.example.net,,sip:alice@example.net,,alice,alice-secret,sip:alice@192.0.2.10:5060,,600,",
          at + ",,sip:bob@example.net,,bob,bob-secret,sip:bob@127.0.0.1:" + bobPort + ",,,udp:127.0.0.1:" + bobPort,
          "sip:reg.example.net,,sip:carol@example.net,,carol,pw,sip:carol@192.0.2.10,,soon,",
          "",
          "sip:reg.example.net,,sip:dave@example.net,,dave,pw",
          "sip:reg.example.net,,sip:erin@example.net,,erin,erin-secret,sip:erin@192.0.2.10,,,,reg/1,1",
          ""));
      listAfterChanges(settings, file, at, bobPort);
    }
  }

  private void listAfterChanges(HeraldSettings settings, Path file, String registrar, int bobPort) throws Exception {
    RegistrantConfig worker = RegistrantConfig.defaults("registrant-0", "herald-registrant")
        .withSip("127.0.0.1", 0, "UDP").withSpread(Duration.ofSeconds(1), 100);
    try (Herald herald = new Herald(settings).withRegistrantWorker(worker).start()) {
      int admin = settings.adminPort();
      String kafka = herald.bootstrapServers();

      CliRun load = run(admin, "reg", "load", file.toString());
      assertThat(load.exitCode()).as("bad lines give a non-zero exit").isEqualTo(1);
      assertThat(load.err()).contains("line 4: expiry soon is not a number of seconds")
          .contains("line 6: 6 fields where uac_registrant has 10")
          .doesNotContain("line 2:").doesNotContain("line 3:").doesNotContain("line 7:");
      assertThat(load.out()).contains("3 accounts loaded").contains("2 lines rejected")
          .contains("line 7: cluster_shtag reg/1 ignored");
      Map<String, RegistrantAccount> accounts = latest(kafka, Topics.REGISTRANT_ACCOUNTS);
      assertThat(accounts).containsOnlyKeys("sip:alice@example.net", "sip:bob@example.net", "sip:erin@example.net");
      assertThat(accounts.get("sip:alice@example.net").getExpiry()).isEqualTo(600);
      assertThat(accounts.get("sip:alice@example.net").getPassword()).isEqualTo("alice-secret");
      assertThat(accounts.get("sip:bob@example.net").getForcedSocket()).isEqualTo("udp:127.0.0.1:" + bobPort);
      assertThat(accounts.get("sip:erin@example.net").getEnabled()).as("state 1 is disabled").isFalse();

      Path clean = dataDir.resolve("clean.csv");
      Files.writeString(clean, "sip:reg.example.net,,sip:erin@example.net,,erin,erin-secret,sip:erin@192.0.2.10,,,,,0\n");
      CliRun cleanLoad = ok(admin, "reg", "load", clean.toString());
      assertThat(cleanLoad.out()).contains("1 account loaded").contains("0 lines rejected");
      assertThat(cleanLoad.err()).isEmpty();
      assertThat(latest(kafka, Topics.REGISTRANT_ACCOUNTS).get("sip:erin@example.net").getEnabled())
          .as("a load replaces the account of the same AOR").isTrue();
      ok(admin, "reg", "disable", "sip:erin@example.net");

      ok(admin, "reg", "add", "--registrar", registrar, "--aor", "sip:alice@example.net",
          "--username", "alice", "--password", "new-secret", "--binding-uri", "sip:alice@192.0.2.11",
          "--binding-params", ";reg-id=1", "--expiry", "900");
      RegistrantAccount replaced = latest(kafka, Topics.REGISTRANT_ACCOUNTS).get("sip:alice@example.net");
      assertThat(replaced.getRegistrar()).isEqualTo(registrar);
      assertThat(replaced.getExpiry()).isEqualTo(900);
      assertThat(replaced.getBindingParams()).isEqualTo(";reg-id=1");
      assertThat(replaced.getPassword()).isEqualTo("new-secret");

      ok(admin, "reg", "add", "--registrar", "sip:reg.example.net", "--aor", "sip:frank@example.net",
          "--binding-uri", "sip:frank@192.0.2.10");
      CliRun badAdd = run(admin, "reg", "add", "--registrar", "sip:reg.example.net", "--aor", "sip:gina@example.net",
          "--binding-uri", "sip:gina@192.0.2.10", "--expiry", "5");
      assertThat(badAdd.exitCode()).isEqualTo(1);
      assertThat(badAdd.err()).contains("expiry 5 is not within 60..86400 s").contains("HTTP 400");

      ok(admin, "reg", "delete", "sip:frank@example.net");
      assertThat(last(kafka, Topics.REGISTRANT_ACCOUNTS, "sip:frank@example.net")).as("a tombstone").isNull();
      assertThat(latest(kafka, Topics.REGISTRANT_ACCOUNTS)).doesNotContainKey("sip:frank@example.net");
      CliRun unknownDelete = run(admin, "reg", "delete", "sip:nobody@example.net");
      assertThat(unknownDelete.exitCode()).isEqualTo(1);
      assertThat(unknownDelete.err()).contains("no registrant account sip:nobody@example.net").contains("HTTP 404");

      ok(admin, "reg", "disable", "sip:bob@example.net");
      assertThat(latest(kafka, Topics.REGISTRANT_ACCOUNTS).get("sip:bob@example.net").getEnabled()).isFalse();
      CliRun disabledRegister = run(admin, "reg", "register", "sip:bob@example.net");
      assertThat(disabledRegister.exitCode()).isEqualTo(1);
      assertThat(disabledRegister.err()).contains("disabled").contains("HTTP 409");
      ok(admin, "reg", "enable", "sip:bob@example.net");
      RegistrantAccount enabled = latest(kafka, Topics.REGISTRANT_ACCOUNTS).get("sip:bob@example.net");
      assertThat(enabled.getEnabled()).isTrue();
      assertThat(enabled.getForcedSocket()).as("enabling keeps the account").isEqualTo("udp:127.0.0.1:" + bobPort);
      CliRun unknownDisable = run(admin, "reg", "disable", "sip:nobody@example.net");
      assertThat(unknownDisable.exitCode()).isEqualTo(1);
      assertThat(unknownDisable.err()).contains("no registrant account sip:nobody@example.net");

      ok(admin, "reg", "register", "sip:bob@example.net");
      List<ConsumerRecord<String, RegistrantCommand>> commands = records(kafka, Topics.REGISTRANT_COMMANDS);
      assertThat(commands).singleElement().satisfies(record -> {
        assertThat(record.key()).isEqualTo("sip:bob@example.net");
        assertThat(record.value().getAccountId()).isEqualTo("sip:bob@example.net");
        assertThat(record.value().getCommand()).isEqualTo("register");
        assertThat(record.value().getRequestedAtMs()).isPositive();
      });
      CliRun unknownRegister = run(admin, "reg", "register", "sip:nobody@example.net");
      assertThat(unknownRegister.exitCode()).isEqualTo(1);

      // The worker registers alice at the test registrar; bob's password is wrong there.
      await().atMost(ANSWER).untilAsserted(() -> {
        JsonNode list = Json.mapper().readTree(ok(admin, "reg", "list", "--json").out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).extracting(node -> node.get("aor").asText())
            .containsExactly("sip:alice@example.net", "sip:bob@example.net", "sip:erin@example.net");
        JsonNode alice = list.get(0);
        assertThat(alice.get("state").asInt()).isEqualTo(3);
        assertThat(alice.get("stateName").asText()).isEqualTo("REGISTERED");
        assertThat(alice.get("grantedExpires").asInt()).as("the registrar's grant, not the 900 asked").isEqualTo(300);
        assertThat(alice.get("worker").asText()).isEqualTo("registrant-0");
        assertThat(alice.get("lastResponse").asText()).isEqualTo("200 OK");
        assertThat(alice.get("nextAttemptMs").asLong()).isGreaterThan(System.currentTimeMillis());
        assertThat(alice.get("registrar").asText()).isEqualTo(registrar);
        JsonNode bob = list.get(1);
        assertThat(bob.get("state").asInt()).isEqualTo(6);
        assertThat(bob.get("stateName").asText()).isEqualTo("WRONG_CREDENTIALS");
        assertThat(bob.get("enabled").asBoolean()).isTrue();
        JsonNode erin = list.get(2);
        assertThat(erin.get("enabled").asBoolean()).isFalse();
        assertThat(erin.get("state").asInt()).as("a disabled account is never registered").isZero();
      });
      CliRun json = ok(admin, "reg", "list", "--json");
      assertThat(json.out()).doesNotContain("secret").doesNotContain("password");
      CliRun table = ok(admin, "reg", "list");
      assertThat(table.out()).contains("AOR").contains("STATE").contains("WORKER")
          .containsPattern("sip:alice@example\\.net +" + java.util.regex.Pattern.quote(registrar)
              + " +3 REGISTERED +300 +200 OK +[0-9T:-]+Z +registrant-0 +yes")
          .containsPattern("sip:bob@example\\.net +" + java.util.regex.Pattern.quote(registrar)
              + " +6 WRONG_CREDENTIALS +- +401 Unauthorized +[0-9T:-]+Z +registrant-0 +yes")
          .doesNotContain("secret");
    }
  }

  /** The last value of every key still present (a tombstone removes the key). */
  private static <V> Map<String, V> latest(String bootstrap, TopicSpec<String, V> topic) {
    Map<String, V> values = new java.util.HashMap<>();
    for (ConsumerRecord<String, V> record : records(bootstrap, topic)) {
      if (record.value() == null) {
        values.remove(record.key());
      } else {
        values.put(record.key(), record.value());
      }
    }
    return values;
  }

  /** The value of the last record of {@code key}; null for a tombstone. */
  private static <V> V last(String bootstrap, TopicSpec<String, V> topic, String key) {
    List<ConsumerRecord<String, V>> ofKey = records(bootstrap, topic).stream()
        .filter(record -> record.key().equals(key)).toList();
    assertThat(ofKey).as("records of %s", key).isNotEmpty();
    return ofKey.get(ofKey.size() - 1).value();
  }

  private static <V> List<ConsumerRecord<String, V>> records(String bootstrap, TopicSpec<String, V> topic) {
    List<ConsumerRecord<String, V>> all = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
    }
    return all;
  }
}
