package dev.herald.edge;

import dev.herald.avro.Decision;
import dev.herald.avro.RequestEvent;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Stands in for the processor in edge tests: reads herald.requests from now on and answers each
 * event with what the test chooses (null: no answer) on the asking edge's reply partition.
 */
public final class StandInProcessor implements AutoCloseable {

  public final List<RequestEvent> seen = new CopyOnWriteArrayList<>();
  public final AtomicInteger decided = new AtomicInteger();
  private volatile Function<RequestEvent, Decision> decide = e -> null;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public StandInProcessor(KafkaFixture kafka, String name) throws InterruptedException {
    Map<String, Object> props = new HashMap<>(kafka.clientConfig());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueName(name));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    CountDownLatch assigned = new CountDownLatch(1);
    thread = new Thread(() -> {
      try (KafkaConsumer<String, RequestEvent> consumer = new KafkaConsumer<>(props,
          Topics.REQUESTS.keySerde().deserializer(), Topics.REQUESTS.valueSerde().deserializer());
           KafkaProducer<String, Decision> producer = new KafkaProducer<>(new HashMap<>(kafka.clientConfig()),
               Topics.REPLIES.keySerde().serializer(), Topics.REPLIES.valueSerde().serializer())) {
        consumer.subscribe(List.of(Topics.REQUESTS.name()));
        while (running.get()) {
          var records = consumer.poll(Duration.ofMillis(100));
          if (!consumer.assignment().isEmpty() && assigned.getCount() > 0) {
            consumer.assignment().forEach(consumer::position);
            assigned.countDown();
          }
          records.forEach(r -> answer(r.value(), producer));
          producer.flush();
        }
      }
    }, name);
    thread.start();
    if (!assigned.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " got no partitions of herald.requests");
    }
  }

  private void answer(RequestEvent event, KafkaProducer<String, Decision> producer) {
    seen.add(event);
    Decision decision = decide.apply(event);
    if (decision != null) {
      producer.send(new ProducerRecord<>(Topics.REPLIES.name(), event.getReplyPartition(), decision.getRequestId(),
          decision));
      decided.incrementAndGet();
    }
  }

  public void decideWith(Function<RequestEvent, Decision> decide) {
    this.decide = decide;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5000);
  }
}
