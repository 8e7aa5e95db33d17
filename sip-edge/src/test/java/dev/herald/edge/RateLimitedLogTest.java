package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

  @Test
  void aWarningRepeatedWithinTheIntervalIsWrittenOnce() {
    Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    RateLimitedLog log = new RateLimitedLog(logger, Duration.ofHours(1));

    for (int i = 0; i < 1_000; i++) {
      log.warn("answering 503: {}", "no decision in time");
    }

    assertThat(appender.list).hasSize(1);
    assertThat(appender.list.get(0).getFormattedMessage()).isEqualTo("answering 503: no decision in time");
  }

  @Test
  void theNextLineAfterTheIntervalCountsWhatWasLeftOut() {
    Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test-2");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    AtomicLong now = new AtomicLong();
    RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);

    log.warn("shed {}", 1);
    log.warn("shed {}", 2);
    log.warn("shed {}", 3);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    log.warn("shed {}", 4);

    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("shed 1", "shed 4 (and 2 more like it since the last such line)");
  }
}
