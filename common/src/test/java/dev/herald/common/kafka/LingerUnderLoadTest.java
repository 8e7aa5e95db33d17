package dev.herald.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LingerUnderLoadTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong();
  /** The producers made, in order: the immediate one, then the lingering one; and their settings. */
  private final List<MockProducer<String, String>> made = new ArrayList<>();
  private final List<Map<String, Object>> settings = new ArrayList<>();

  private LingerUnderLoad<String, String> producer(int lingerMs, int aboveRate) {
    return new LingerUnderLoad<>(new LingerUnderLoad.Settings(lingerMs, aboveRate),
        Map.of(ProducerConfig.CLIENT_ID_CONFIG, "herald", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000),
        config -> {
          settings.add(config);
          MockProducer<String, String> mock = new MockProducer<>(true, null, new StringSerializer(),
              new StringSerializer());
          made.add(mock);
          return mock;
        }, now::get);
  }

  /** Sends {@code count} records spread over {@code ms} milliseconds. */
  private void send(Producer<String, String> producer, int count, long ms) {
    for (int i = 0; i < count; i++) {
      now.addAndGet(ms * MS / count);
      producer.send(new ProducerRecord<>("t", "k", "v"));
    }
  }

  @Test
  void theTwoProducersDifferOnlyInLingerAndClientIdAndTheLingeringOneStillMeetsItsDeliveryTimeout() {
    producer(2, 1000);
    assertThat(settings.get(0)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "herald");
    assertThat(settings.get(1)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 2)
        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "herald-lingering")
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2998);
  }

  @Test
  void recordsGoAtOnceAtLowLoad() {
    LingerUnderLoad<String, String> producer = producer(2, 1000);
    send(producer, 50, 1000);
    assertThat(producer.lingering()).isFalse();
    assertThat(made.get(0).history()).hasSize(50);
    assertThat(made.get(1).history()).isEmpty();
  }

  @Test
  void aboveTheRateRecordsLingerAndGoAtOnceAgainOnlyAfterACalmSecond() {
    LingerUnderLoad<String, String> producer = producer(2, 1000);
    send(producer, 300, 200);
    assertThat(producer.lingering()).as("1,500 records/s").isTrue();
    assertThat(made.get(1).history()).isNotEmpty();

    send(producer, 20, 500);
    assertThat(producer.lingering()).as("calm for half a second only").isTrue();
    send(producer, 30, 700);
    assertThat(producer.lingering()).as("calm for over a second").isFalse();
  }

  @Test
  void aPauseCountsAsCalm() {
    LingerUnderLoad<String, String> producer = producer(2, 1000);
    send(producer, 300, 200);
    assertThat(producer.lingering()).isTrue();
    now.addAndGet(1500 * MS);
    send(producer, 1, 1);
    assertThat(producer.lingering()).isFalse();
  }

  @Test
  void switchingFlushesTheProducerLeftSoNoRecordOvertakesAnother() {
    LingerUnderLoad<String, String> producer = new LingerUnderLoad<>(new LingerUnderLoad.Settings(2, 1000), Map.of(),
        config -> {
          MockProducer<String, String> mock = new MockProducer<>(false, null, new StringSerializer(),
              new StringSerializer());
          made.add(mock);
          return mock;
        }, now::get);
    send(producer, 150, 100);
    send(producer, 1, 1);
    assertThat(producer.lingering()).isTrue();
    assertThat(made.get(0).flushed()).as("the immediate producer was flushed before the first lingering record")
        .isTrue();
  }

  @Test
  void offMakesOneProducerThatNeverLingers() {
    Producer<String, String> producer = LingerUnderLoad.of(LingerUnderLoad.Settings.OFF,
        Map.of(ProducerConfig.LINGER_MS_CONFIG, 5), config -> {
          settings.add(config);
          return new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        });
    assertThat(producer).isInstanceOf(MockProducer.class);
    assertThat(settings).singleElement().satisfies(config -> assertThat(config)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0));
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new LingerUnderLoad.Settings(-1, 1000)).hasMessageContaining("0..100 ms");
    assertThatThrownBy(() -> new LingerUnderLoad.Settings(101, 1000)).hasMessageContaining("0..100 ms");
    assertThatThrownBy(() -> new LingerUnderLoad.Settings(2, 0)).hasMessageContaining("at least 1/s");
  }
}
