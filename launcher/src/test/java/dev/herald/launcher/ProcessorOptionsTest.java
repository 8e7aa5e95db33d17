package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.rls.ListLimits;
import dev.herald.processor.ResourceLimits;
import dev.herald.processor.StoreMemory;
import dev.herald.processor.rls.ListSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorOptionsTest {

  @Test
  void byDefaultOneStreamThreadAndTheProcessorsOwnLimits() {
    ProcessorOptions options = OptionsParsing.parse(new ProcessorOptions(), Map.of());

    assertThat(options.streamThreads).isEqualTo(1);
    assertThat(options.limits()).isEqualTo(ResourceLimits.defaults());
    assertThat(options.storeMemory()).isEqualTo(StoreMemory.defaults());
  }

  @Test
  void flagsAndEnvironmentSizeTheStoresMemory() throws Exception {
    ProcessorOptions options = OptionsParsing.parse(new ProcessorOptions(),
        Map.of("HERALD_ROCKSDB_MEMORY_MIB", "32"), "--remembered-resources", "50");

    assertThat(options.storeMemory()).isEqualTo(new StoreMemory(50, 32L << 20));
    HeraldCommand.Up up = OptionsParsing.up(Map.of(), "--rocksdb-memory-mib", "128");
    try (Herald herald = up.configured(up.settings())) {
      assertThat(herald.processorConfig(5060).storeMemory().rocksDbBytes()).isEqualTo(128L << 20);
    }
    ProcessorOptions tiny = OptionsParsing.parse(new ProcessorOptions(), Map.of(), "--rocksdb-memory-mib", "1");
    assertThatThrownBy(tiny::storeMemory).hasMessageContaining("RocksDB memory must be at least 8 MiB");
  }

  @Test
  void flagsAndEnvironmentSetThreadsAndLimits() {
    ProcessorOptions options = OptionsParsing.parse(new ProcessorOptions(),
        Map.of("HERALD_STREAM_THREADS", "2", "HERALD_MAX_WATCHERS", "500"), "--max-publications", "8");

    assertThat(options.streamThreads).isEqualTo(2);
    assertThat(options.limits()).isEqualTo(new ResourceLimits(8, 500));
  }

  @Test
  void theLimitsReachTheProcessorAndABadOneIsNamed() throws Exception {
    HeraldCommand.Up up = OptionsParsing.up(Map.of(), "--max-publications", "3", "--stream-threads", "2");
    try (Herald herald = up.configured(up.settings())) {
      assertThat(herald.processorConfig(5060).limits()).isEqualTo(new ResourceLimits(3, 10_000));
      assertThat(herald.processorConfig(5060).streamThreads()).isEqualTo(2);
    }
    ProcessorOptions zero = OptionsParsing.parse(new ProcessorOptions(), Map.of(), "--max-watchers", "0");
    assertThatThrownBy(zero::limits).hasMessageContaining("max watchers per resource must be at least 1, was 0");
  }

  @Test
  void recordsLingerUnderLoadByDefaultAndTheFlagsTuneOrTurnItOff() {
    assertThat(OptionsParsing.parse(new ProcessorOptions(), Map.of()).batching())
        .isEqualTo(dev.herald.processor.ProcessorConfig.BATCHING_DEFAULTS);
    ProcessorOptions tuned = OptionsParsing.parse(new ProcessorOptions(), Map.of("HERALD_BATCH_ABOVE_RATE", "8000"),
        "--batch-linger-ms", "0");
    assertThat(tuned.batching().enabled()).isFalse();
    assertThat(tuned.batching().aboveRate()).isEqualTo(8000);
  }

  @Test
  void listLimitsDefaultToFourLevelsAndAThousandMembersAndComeFromFlagsOrTheEnvironment() {
    assertThat(OptionsParsing.parse(new ProcessorOptions(), Map.of()).listLimits()).isEqualTo(ListLimits.defaults());

    ProcessorOptions options = OptionsParsing.parse(new ProcessorOptions(), Map.of("HERALD_LIST_MAX_DEPTH", "2"),
        "--list-max-members", "50");

    assertThat(options.listLimits()).isEqualTo(new ListLimits(2, 50));
    ProcessorOptions none = OptionsParsing.parse(new ProcessorOptions(), Map.of(), "--list-max-depth", "0");
    assertThatThrownBy(none::listLimits).hasMessageContaining("depth");
  }

  @Test
  void listNotifiesAreAtMostOneASecondUnlessToldAndTheirContentIdsNameTheSipHost() {
    ListSettings defaults = OptionsParsing.parse(new ProcessorOptions(), Map.of()).listSettings("sip.example.com");
    assertThat(defaults.notifyInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.contentIdHost()).isEqualTo("sip.example.com");
    assertThat(OptionsParsing.parse(new ProcessorOptions(), Map.of()).listSettings("::1").contentIdHost())
        .as("an IPv6 address is no Content-ID host").isEqualTo(ListSettings.defaults().contentIdHost());

    ProcessorOptions quick = OptionsParsing.parse(new ProcessorOptions(),
        Map.of("HERALD_LIST_NOTIFY_INTERVAL_MS", "200"));
    assertThat(quick.listSettings("127.0.0.1").notifyInterval()).isEqualTo(Duration.ofMillis(200));
    ProcessorOptions slow = OptionsParsing.parse(new ProcessorOptions(), Map.of(), "--list-notify-interval-ms", "90000");
    assertThatThrownBy(() -> slow.listSettings("127.0.0.1")).hasMessageContaining("list notify interval");
  }
}
