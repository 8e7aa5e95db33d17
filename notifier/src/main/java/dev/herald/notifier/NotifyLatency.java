package dev.herald.notifier;

import dev.herald.avro.NotifyCommand;
import dev.herald.common.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * How long a change took to reach its watchers: from the time of the request or expiry that made
 * the processor write a NOTIFY command (its {@code createdAtMs}, the timestamp of the PUBLISH's
 * request event, which the edge stamps as it takes the request) to that NOTIFY leaving the edge or
 * the notifier, as the histogram {@code herald_publish_to_notify_seconds{sender}}.
 */
public final class NotifyLatency {

  public static final String NAME = "herald_publish_to_notify";

  private final Timer timer;
  private final Clock clock;

  /** @param sender {@code edge} or {@code notifier} */
  public NotifyLatency(MeterRegistry registry, String sender, Clock clock) {
    this.clock = clock;
    this.timer = Timer.builder(NAME)
        .description("state change (PUBLISH, REGISTER, expiry) to its NOTIFY leaving Herald")
        .tag("sender", sender)
        .serviceLevelObjectives(Metrics.LATENCY_BUCKETS)
        .register(registry);
  }

  /** {@code command} has just been sent. */
  public void sent(NotifyCommand command) {
    long elapsed = clock.millis() - command.getCreatedAtMs();
    timer.record(Math.max(0, elapsed), TimeUnit.MILLISECONDS);
  }
}
