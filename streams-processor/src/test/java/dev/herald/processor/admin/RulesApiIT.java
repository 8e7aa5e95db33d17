package dev.herald.processor.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.SubHandling;
import dev.herald.common.AdminServer;
import dev.herald.common.Metrics;
import dev.herald.processor.rules.PresRulesDocument;
import dev.herald.processor.rules.PresRulesDocumentTest;
import dev.herald.processor.rules.RulesTopicCache;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules API on a real broker: what each call writes to the rules topic. */
class RulesApiIT {

  private static final Duration SEEN = Duration.ofSeconds(15);
  private static final String XML = PresRulesDocument.CONTENT_TYPE;

  private static String topic;
  private static KafkaProducer<String, PresenceRules> producer;
  private static RulesTopicCache cache;
  private static AdminServer admin;
  private static AdminServer otherAdmin;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    KafkaFixture kafka = KafkaFixture.shared();
    topic = KafkaFixture.uniqueName("rules");
    kafka.createTopic(topic, Topics.RESOURCE_PARTITIONS);
    producer = new KafkaProducer<>(kafka.clientConfig(), Topics.PRESENCE_RULES.keySerde().serializer(),
        Topics.PRESENCE_RULES.valueSerde().serializer());
    cache = new RulesTopicCache(topic, kafka.clientConfig()).start();
    admin = server(new RulesApi(topic, producer, cache, Clock.systemUTC()));
    otherAdmin = server(new RulesApi(topic, producer, cache, Clock.systemUTC()));
  }

  private static AdminServer server(RulesApi api) {
    AdminServer server = new AdminServer("127.0.0.1", 0, Metrics.newRegistry());
    server.route(RulesApi.PATH, api);
    return server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
    otherAdmin.close();
    cache.close();
    producer.close();
  }

  private static URI uri(AdminServer server, String aor, String suffix) {
    return URI.create("http://127.0.0.1:" + server.port() + RulesApi.PATH + "/"
        + URLEncoder.encode(aor, StandardCharsets.UTF_8) + suffix);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> put(String aor, String contentType, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(admin, aor, "")).header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static List<ConsumerRecord<String, PresenceRules>> recordsOf(String key) {
    Map<String, Object> props = new HashMap<>(KafkaFixture.shared().clientConfig());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, PresenceRules> consumer = new KafkaConsumer<>(props,
        Topics.PRESENCE_RULES.keySerde().deserializer(), Topics.PRESENCE_RULES.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, PresenceRules>> records = new ArrayList<>();
      await().atMost(SEEN).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
      return records.stream().filter(r -> r.key().equals(key)).toList();
    }
  }

  private static Set<String> idsOf(PresenceRules rules) {
    return rules.getRules().stream().map(PresenceRule::getId).collect(Collectors.toSet());
  }

  private static final String DOCUMENT = PresRulesDocumentTest.ruleset(
      PresRulesDocumentTest.rule("friends", "<cp:conditions><cp:identity><cp:one id=\"sip:alice@example.com\"/>"
          + "</cp:identity></cp:conditions>", "allow")
      + PresRulesDocumentTest.rule("work", "<cp:conditions><cp:sphere value=\"work\"/></cp:conditions>", "allow")
      + PresRulesDocumentTest.rule("strangers", "", "confirm"));

  @Test
  void aPutPresRulesDocumentBecomesOneRecordKeyedByThePresenceResource() throws Exception {
    HttpResponse<String> answer = put("sip:Bob@Example.COM", XML, DOCUMENT);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"warnings\":[", "rule work left out");
    List<ConsumerRecord<String, PresenceRules>> records = recordsOf("presence|sip:Bob@example.com");
    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.value().getPresentity()).isEqualTo("sip:Bob@example.com");
      assertThat(record.value().getSource()).isEqualTo("pres-rules");
      assertThat(idsOf(record.value())).containsExactlyInAnyOrder("friends", "strangers");
    });

    HttpResponse<String> json = send(HttpRequest.newBuilder(uri(admin, "sip:Bob@example.com", "")).GET());
    HttpResponse<String> xml = send(HttpRequest.newBuilder(uri(admin, "sip:Bob@example.com", "")).header("Accept", XML).GET());
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).contains("\"id\":\"friends\"", "\"action\":\"confirm\"");
    assertThat(xml.headers().firstValue("Content-Type")).hasValue(XML);
    assertThat(xml.body()).contains("<cp:one id=\"sip:alice@example.com\"/>", ">confirm</pr:sub-handling>");
  }

  @Test
  void postingOneRuleThroughAnotherAdminKeepsTheOthers() throws Exception {
    String aor = "sip:carol@example.com";
    assertThat(put(aor, XML, DOCUMENT).statusCode()).isEqualTo(200);
    await().atMost(SEEN).until(() -> cache.apply("presence|" + aor).isPresent());

    HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(otherAdmin, aor, "/rule"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"spam.example\",\"action\":\"block\",\"id\":\"spam\"}")));

    assertThat(answer.statusCode()).isEqualTo(200);
    List<ConsumerRecord<String, PresenceRules>> records = recordsOf("presence|" + aor);
    assertThat(records).hasSize(2);
    PresenceRules last = records.get(1).value();
    assertThat(idsOf(last)).containsExactlyInAnyOrder("friends", "strangers", "spam");
    assertThat(last.getSource()).isEqualTo("api");
    assertThat(last.getRules()).filteredOn(r -> r.getId().equals("spam")).singleElement()
        .extracting(PresenceRule::getSubHandling).isEqualTo(SubHandling.BLOCK);
  }

  @Test
  void deletingARuleRewritesTheSetAndDeletingTheSetWritesATombstone() throws Exception {
    String aor = "sip:dave@example.com";
    assertThat(put(aor, XML, DOCUMENT).statusCode()).isEqualTo(200);

    HttpResponse<String> removed = send(HttpRequest.newBuilder(uri(admin, aor, "/rule/friends")).DELETE());
    HttpResponse<String> missing = send(HttpRequest.newBuilder(uri(admin, aor, "/rule/friends")).DELETE());
    HttpResponse<String> cleared = send(HttpRequest.newBuilder(uri(admin, aor, "")).DELETE());

    assertThat(removed.statusCode()).isEqualTo(200);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(cleared.statusCode()).isEqualTo(204);
    List<ConsumerRecord<String, PresenceRules>> records = recordsOf("presence|" + aor);
    assertThat(records).hasSize(3);
    assertThat(idsOf(records.get(1).value())).containsExactly("strangers");
    assertThat(records.get(2).value()).as("tombstone").isNull();
    await().atMost(SEEN).until(() -> cache.apply("presence|" + aor).isEmpty());
    assertThat(send(HttpRequest.newBuilder(uri(otherAdmin, aor, "")).GET()).statusCode()).isEqualTo(404);
  }

  @Test
  void aRejectedDocumentGets400AndWritesNothing() throws Exception {
    String aor = "sip:erin@example.com";
    String hostile = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<cp:ruleset xmlns:cp=\"urn:ietf:params:xml:ns:common-policy\"><cp:rule id=\"a\">&e;</cp:rule></cp:ruleset>";

    HttpResponse<String> refused = put(aor, XML, hostile);
    HttpResponse<String> badAction = put(aor, XML, PresRulesDocumentTest.ruleset(
        PresRulesDocumentTest.rule("a", "", "sometimes")));
    HttpResponse<String> badJson = put(aor, "application/json", "{\"rules\":[{\"id\":\"a\",\"action\":\"nope\"}]}");
    HttpResponse<String> wrongType = put(aor, "text/plain", "allow everyone");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("DOCTYPE");
    assertThat(badAction.statusCode()).isEqualTo(400);
    assertThat(badAction.body()).contains("sometimes");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(put("sip:frank@example.com", XML, DOCUMENT).statusCode()).as("a later write").isEqualTo(200);
    assertThat(recordsOf("presence|sip:frank@example.com")).hasSize(1);
    assertThat(recordsOf("presence|" + aor)).isEmpty();
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri(admin, "sip:bob@example.com", "/other")).GET()).statusCode()).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(uri(admin, "not-a-uri", "")).GET()).statusCode()).isEqualTo(400);
    HttpResponse<String> post = send(HttpRequest.newBuilder(uri(admin, "sip:bob@example.com", ""))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
  }
}
