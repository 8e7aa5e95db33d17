package dev.herald.processor.rls;

import dev.herald.avro.RequestEvent;
import dev.herald.avro.ResourceList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns each change of herald.resource-lists into the requests of the list resources it changes
 * ({@link ListChanges}), whoever wrote it. The topic has one partition, so one task holds every
 * list; the request ids name the record's place. The admin API sends the same requests itself
 * before it answers, so that a SUBSCRIBE after its answer finds the list served; the list resource
 * takes the second copy of an unchanged tree as nothing.
 */
public final class ListChangesProcessor implements Processor<String, ResourceList, String, RequestEvent> {

  public static final String STORE = "resource-lists";

  private final Set<String> packages;
  private ProcessorContext<String, RequestEvent> context;
  private KeyValueStore<String, ResourceList> lists;

  public ListChangesProcessor(Set<String> packages) {
    this.packages = Set.copyOf(packages);
  }

  @Override
  public void init(ProcessorContext<String, RequestEvent> context) {
    this.context = context;
    this.lists = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, ResourceList> record) {
    String uri = record.key();
    if (uri == null) {
      return;
    }
    Map<String, ResourceList> before = all();
    Map<String, ResourceList> after = new HashMap<>(before);
    if (record.value() == null) {
      lists.delete(uri);
      after.remove(uri);
    } else {
      lists.put(uri, record.value());
      after.put(uri, record.value());
    }
    String origin = context.recordMetadata().map(m -> m.topic() + "/" + m.partition() + "/" + m.offset())
        .orElse(Long.toString(record.timestamp()));
    for (RequestEvent request : ListChanges.requests(before, after, uri, packages, origin, record.timestamp())) {
      context.forward(new Record<>(request.getResource(), request, record.timestamp()));
    }
  }

  private Map<String, ResourceList> all() {
    Map<String, ResourceList> known = new HashMap<>();
    try (KeyValueIterator<String, ResourceList> it = lists.all()) {
      while (it.hasNext()) {
        KeyValue<String, ResourceList> next = it.next();
        known.put(next.key, next.value);
      }
    }
    return known;
  }
}
