package dev.herald.processor;

import dev.herald.avro.RequestEvent;
import dev.herald.processor.registrar.RegistrarEvent;
import dev.herald.processor.registrar.RegistrarEventParser;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the binding changes an external registrar reports into request events of the AOR's
 * presence resource, so they are ordered, kept for audit and applied like Herald's own REGISTERs.
 * The request id is the record's place in the topic: a record read twice is applied once.
 */
final class RegistrarEventsProcessor implements Processor<String, String, String, RequestEvent> {

  private static final Logger log = LoggerFactory.getLogger(RegistrarEventsProcessor.class);

  private final RegistrarEventParser parser;
  private final String source;
  private ProcessorContext<String, RequestEvent> context;

  RegistrarEventsProcessor(RegistrarEventParser parser, String source) {
    this.parser = parser;
    this.source = source;
  }

  @Override
  public void init(ProcessorContext<String, RequestEvent> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, String> record) {
    if (record.value() == null) {
      return;
    }
    String place = context.recordMetadata().map(RegistrarEventsProcessor::place).orElse("unknown");
    // The registrar's event time is the record's, so reading the topic again gives the same requests.
    long now = record.timestamp();
    RegistrarEvent result = parser.parse(record.value(), now, source);
    if (result instanceof RegistrarEvent.Rejected rejected) {
      log.warn("registrar event at {} rejected: {}", place, rejected.reason());
      return;
    }
    if (!(result instanceof RegistrarEvent.Parsed parsed)) {
      return;
    }
    RequestEvent event = RequestEvent.newBuilder()
        .setRequestId("registrar-event:" + place)
        .setResource(parsed.resourceKey())
        .setReplyPartition(-1)
        .setReceivedAtMs(now)
        .setPayload(parsed.registration())
        .build();
    context.forward(new Record<>(parsed.resourceKey(), event, record.timestamp()));
  }

  private static String place(RecordMetadata metadata) {
    return metadata.topic() + "/" + metadata.partition() + "/" + metadata.offset();
  }
}
