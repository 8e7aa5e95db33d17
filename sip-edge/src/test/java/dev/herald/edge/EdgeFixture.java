package dev.herald.edge;

import static org.awaitility.Awaitility.await;

import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/** An edge of the integration tests: Herald's topics on the shared broker, then the edge, healthy. */
final class EdgeFixture {

  private EdgeFixture() {}

  /** A started, healthy edge named {@code id} on a free port, reading {@code replyPartition}. */
  static SipEdge start(KafkaFixture kafka, String id, int replyPartition, Duration decisionTimeout) throws Exception {
    return start(kafka, EdgeConfig.defaults("127.0.0.1", 0).withEdge(id, replyPartition, decisionTimeout, 7));
  }

  static SipEdge start(KafkaFixture kafka, EdgeConfig config) throws Exception {
    return start(kafka, config, new SimpleMeterRegistry());
  }

  static SipEdge start(KafkaFixture kafka, EdgeConfig config, MeterRegistry metrics) throws Exception {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);
    }
    SipEdge edge = new SipEdge(config, kafka.clientConfig(), Clock.systemUTC(), metrics).start();
    await().atMost(Duration.ofSeconds(30)).until(() -> edge.healthCheck().check().healthy());
    return edge;
  }
}
