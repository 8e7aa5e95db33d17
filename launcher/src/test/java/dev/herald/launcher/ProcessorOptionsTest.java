package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.processor.ResourceLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorOptionsTest {

  @Test
  void byDefaultOneStreamThreadAndTheProcessorsOwnLimits() {
    ProcessorOptions options = OptionsParsing.parse(new ProcessorOptions(), Map.of());

    assertThat(options.streamThreads).isEqualTo(1);
    assertThat(options.limits()).isEqualTo(ResourceLimits.defaults());
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
}
