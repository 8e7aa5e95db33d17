package dev.herald.launcher;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * How Herald's log lines look: {@code text} (logback.xml's pattern: date and time, level, thread,
 * logger, the request's Call-ID and resource where there is one, message) or {@code json} (one
 * JSON object a line, logstash-logback-encoder's fields: {@code @timestamp}, {@code level},
 * {@code logger_name}, {@code thread_name}, {@code message}, {@code callId}, {@code resource},
 * {@code stack_trace}), for a log shipper.
 */
enum LogFormat {
  TEXT, JSON;

  /** {@code text} or {@code json}, in any case. */
  static LogFormat parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--log-format must be text or json, was '" + name + "'", e);
    }
  }

  /** The JSON encoder, started in {@code context}. */
  static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  /** Switches the console appenders of the logging in use to this format (text: as logback.xml says). */
  void apply() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context);
    }
  }

  /** Switches the console appenders of {@code context}'s root logger to this format. */
  void apply(LoggerContext context) {
    if (this == TEXT) {
      return;
    }
    List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        it.hasNext(); ) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
        consoles.add(console);
      }
    }
    for (ConsoleAppender<ILoggingEvent> console : consoles) {
      console.stop();
      console.setEncoder(jsonEncoder(context));
      console.start();
    }
  }
}
