package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.LogContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Herald's own logback.xml, as bin/herald runs it, and the JSON format --log-format json switches it to. */
class LogFormatTest {

  /** A fresh logging context configured from the launcher's logback.xml. */
  private static LoggerContext heraldLogging() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormat.class.getResource("/logback.xml"));
    return context;
  }

  @SuppressWarnings("unchecked")
  private static String line(LoggerContext context, ILoggingEvent event) {
    ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) context
        .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  private static LoggingEvent requestEvent(LoggerContext context) {
    LoggingEvent event = new LoggingEvent(LogFormatTest.class.getName(), context.getLogger("dev.herald.edge.SipEdge"),
        Level.INFO, "SUBSCRIBE answered", null, null);
    event.setMDCPropertyMap(Map.of(LogContext.CALL_ID, "a84b4c76e66710@pc33", LogContext.RESOURCE,
        "presence|sip:alice@example.com"));
    return event;
  }

  @Test
  void aTextLineStartsWithTheDateAndCarriesTheRequestsCallIdAndResource() throws Exception {
    LoggerContext context = heraldLogging();

    String text = line(context, requestEvent(context));

    assertThat(text).matches("(?s)\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO .*")
        .contains("callId=a84b4c76e66710@pc33").contains("resource=presence|sip:alice@example.com")
        .contains(" - SUBSCRIBE answered");
  }

  @Test
  void aTextLineOutsideARequestHasNoEmptyBrackets() throws Exception {
    LoggerContext context = heraldLogging();
    LoggingEvent event = new LoggingEvent(LogFormatTest.class.getName(), context.getLogger("dev.herald.launcher.Herald"),
        Level.INFO, "Herald is up", null, null);
    event.setMDCPropertyMap(Map.of());

    assertThat(line(context, event)).endsWith("Herald - Herald is up" + System.lineSeparator());
  }

  @Test
  void jsonSwitchesTheConsoleToOneJsonObjectALineWithTheFields() throws Exception {
    LoggerContext context = heraldLogging();
    LogFormat.JSON.apply(context);

    String json = line(context, requestEvent(context));

    assertThat(json).endsWith("\n").doesNotContain("\n{");
    Map<String, Object> fields = new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() {});
    assertThat(OffsetDateTime.parse((String) fields.get("@timestamp"))).isNotNull();
    assertThat(fields).containsEntry("level", "INFO").containsEntry("logger_name", "dev.herald.edge.SipEdge")
        .containsEntry("message", "SUBSCRIBE answered").containsEntry("callId", "a84b4c76e66710@pc33")
        .containsEntry("resource", "presence|sip:alice@example.com");
  }

  @Test
  void theFormatIsAFlagAVariableOrAKeyAndOnlyTextOrJson() {
    assertThat(OptionsParsing.up(Map.of()).logFormat).isEqualTo("text");
    assertThat(LogFormat.parse(OptionsParsing.up(Map.of("HERALD_LOG_FORMAT", "JSON")).logFormat)).isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.parse(OptionsParsing.up(Map.of(), "--log-format", "json").logFormat)).isEqualTo(LogFormat.JSON);
    assertThatThrownBy(() -> LogFormat.parse("xml")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--log-format must be text or json");
  }
}
