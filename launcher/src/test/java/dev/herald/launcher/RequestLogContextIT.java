package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.LogContext;
import dev.herald.testkit.FlowAgent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the edge and the processor log while they handle a phone's request carries its Call-ID and
 * resource, as fields of the JSON line.
 */
class RequestLogContextIT {

  private static final String EDGE = "dev.herald.edge.SipEdge";
  private static final String PROCESSOR = "dev.herald.processor.ResourceProcessor";

  @TempDir
  Path dataDir;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  /** The edge's and the processor's lines, DEBUG included. */
  @BeforeEach
  void listen() {
    logged.start();
    for (String name : List.of(EDGE, PROCESSOR)) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.setLevel(Level.DEBUG);
      logger.addAppender(logged);
    }
  }

  @AfterEach
  void stopListening() {
    for (String name : List.of(EDGE, PROCESSOR)) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.detachAppender(logged);
      logger.setLevel(null);
    }
  }

  @Test
  void theEdgeAndTheProcessorLogARequestWithItsCallIdAndResource() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (Herald herald = new Herald(settings).start();
         FlowAgent watcher = FlowAgent.udp("logged-watcher", new InetSocketAddress("127.0.0.1", herald.sipPort()),
             "127.0.0.1")) {
      watcher.send("SUBSCRIBE", "sip:logged-presentity@example.com", null, List.of("Event: presence", "Expires: 600"),
          null);
      FlowAgent.Message answer = watcher.next(SipChecks.ANSWER);
      assertThat(answer).as("an answer to the SUBSCRIBE").isNotNull();
      assertThat(answer.status()).isEqualTo(200);
      String callId = answer.header("call-id");
      String resource = "presence|sip:logged-presentity@example.com";

      await().atMost(SipChecks.ANSWER).untilAsserted(() -> assertThat(List.copyOf(logged.list))
          .filteredOn(event -> callId.equals(event.getMDCPropertyMap().get(LogContext.CALL_ID)))
          .filteredOn(event -> resource.equals(event.getMDCPropertyMap().get(LogContext.RESOURCE)))
          .extracting(ILoggingEvent::getLoggerName).contains(EDGE, PROCESSOR));

      ILoggingEvent edgeLine = List.copyOf(logged.list).stream().filter(event -> event.getLoggerName().equals(EDGE)
          && callId.equals(event.getMDCPropertyMap().get(LogContext.CALL_ID))).findFirst().orElseThrow();
      JsonNode json = new ObjectMapper().readTree(new String(
          LogFormat.jsonEncoder((LoggerContext) LoggerFactory.getILoggerFactory()).encode(edgeLine),
          StandardCharsets.UTF_8));
      assertThat(json.path("callId").asText()).isEqualTo(callId);
      assertThat(json.path("resource").asText()).isEqualTo(resource);
      assertThat(json.path("message").asText()).startsWith("SUBSCRIBE sip:logged-presentity@example.com");
    }
  }
}
