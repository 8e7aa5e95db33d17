package dev.herald.processor;

import dev.herald.avro.Decision;
import dev.herald.avro.NotifyOutcome;
import dev.herald.avro.RequestEvent;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of every resource of its partitions. Decides each request once: a request id
 * it has decided already (a retransmission, or an event the edge's producer sent twice) gets
 * the same decision again and changes nothing.
 */
final class ResourceProcessor implements Processor<String, RequestEvent, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(ResourceProcessor.class);

  private final ProcessorConfig config;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, Decision> decisions;
  private KeyValueStore<String, String> decisionsByTime;

  ResourceProcessor(ProcessorConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.decisions = context.getStateStore(ResourceTopology.DECISIONS_STORE);
    this.decisionsByTime = context.getStateStore(ResourceTopology.DECISIONS_BY_TIME_STORE);
    context.schedule(config.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, this::forgetOldDecisions);
  }

  @Override
  public void process(Record<String, RequestEvent> record) {
    RequestEvent event = record.value();
    if (event == null) {
      return;
    }
    if (event.getPayload() instanceof NotifyOutcome) {
      return;
    }
    Decision earlier = decisions.get(event.getRequestId());
    if (earlier != null) {
      reply(record, earlier, event.getReplyPartition());
      return;
    }
    Decision decision = decide(event);
    decisions.put(event.getRequestId(), decision);
    decisionsByTime.put(TimeKeys.of(decision.getDecidedAtMs(), event.getRequestId()), event.getRequestId());
    reply(record, decision, event.getReplyPartition());
  }

  private Decision decide(RequestEvent event) {
    // No event package is implemented yet: every package is refused as not implemented.
    return Decision.newBuilder()
        .setRequestId(event.getRequestId())
        .setReplyPartition(event.getReplyPartition())
        .setStatusCode(501)
        .setReason("Not Implemented")
        .setDecidedAtMs(now())
        .build();
  }

  private void reply(Record<String, RequestEvent> cause, Decision decision, int replyPartition) {
    if (replyPartition < 0) {
      return;
    }
    Decision addressed = decision.getReplyPartition() == replyPartition ? decision
        : Decision.newBuilder(decision).setReplyPartition(replyPartition).build();
    context.forward(cause.withKey(decision.getRequestId()).withValue((SpecificRecord) addressed),
        ResourceTopology.REPLIES_SINK);
  }

  private void forgetOldDecisions(long nowMs) {
    String upTo = TimeKeys.upperBound(nowMs - config.decisionRetention().toMillis());
    int forgotten = 0;
    try (KeyValueIterator<String, String> old = decisionsByTime.range(TimeKeys.LOWEST, upTo)) {
      while (old.hasNext()) {
        KeyValue<String, String> entry = old.next();
        decisions.delete(entry.value);
        decisionsByTime.delete(entry.key);
        forgotten++;
      }
    }
    if (forgotten > 0) {
      log.debug("forgot {} decisions older than {}", forgotten, Duration.ofMillis(config.decisionRetention().toMillis()));
    }
  }

  private long now() {
    return context.currentSystemTimeMs();
  }
}
