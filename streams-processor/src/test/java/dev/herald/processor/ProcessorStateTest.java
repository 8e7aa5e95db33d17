package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProcessorStateTest {

  private static ProcessorState state(String applicationId, Map<String, String> entries) {
    return new ProcessorState(applicationId, 0, new TreeMap<>(entries));
  }

  @Test
  void theSameEntriesAreEqual() {
    ProcessorState live = state("live", Map.of("resources/presence|sip:bob@example.com", "{bob}"));
    ProcessorState rebuilt = state("rebuilt", Map.of("resources/presence|sip:bob@example.com", "{bob}"));

    assertThat(rebuilt.compareWith(live).equal()).isTrue();
    assertThat(rebuilt.compareWith(live).lines()).isEmpty();
  }

  @Test
  void missingAndDifferentEntriesAreNamedWithTheirSide() {
    ProcessorState live = state("live", Map.of("resources/a", "1", "resources/b", "2", "presence-rules/c", "3"));
    ProcessorState rebuilt = state("rebuilt", Map.of("resources/a", "1", "resources/b", "changed", "resources/d", "4"));

    ProcessorState.Comparison comparison = rebuilt.compareWith(live);

    assertThat(comparison.equal()).isFalse();
    assertThat(comparison.onlyInFirst()).containsExactly("resources/d");
    assertThat(comparison.onlyInSecond()).containsExactly("presence-rules/c");
    assertThat(comparison.different()).containsExactly("resources/b");
    assertThat(comparison.lines()).containsExactly("only in rebuilt: resources/d", "only in live: presence-rules/c",
        "different: resources/b");
  }

  @Test
  void onlyResourceEntriesCountAsResources() {
    assertThat(state("x", Map.of("resources/a", "1", "resources/b", "2", "presence-rules/a", "3")).resources())
        .isEqualTo(2);
  }

  @Test
  void aStoresChangelogIsNamedAsKafkaStreamsNamesIt() {
    assertThat(ProcessorState.changelog("herald-processor", ResourceTopology.RESOURCES_STORE))
        .isEqualTo("herald-processor-resources-changelog");
  }
}
