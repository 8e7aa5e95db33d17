package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.processor.logic.ResourceLogic;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void aStateIsBroughtToTheInstantComparedByTheExpiriesDueByThen() {
    ResourceLogic logic = ProcessorState.logic(ProcessorConfig.defaults(Path.of("unused")));
    ResourceState stored = ResourceState.empty("presence|sip:bob@example.com")
        .withPublication(publication("brief", 1_000))
        .withPublication(publication("long", 9_000));

    assertThat(ProcessorState.asOf(logic, stored, 999)).isEqualTo(stored);
    assertThat(ProcessorState.asOf(logic, stored, 1_000).publications()).extracting(Publication::entityTag)
        .containsExactly("long");
    assertThat(ProcessorState.asOf(logic, stored, 9_000).isEmpty()).isTrue();
  }

  private static Publication publication(String tag, long expiresAtMs) {
    return new Publication(tag, expiresAtMs, "application/pidf+xml", new byte[0], 0, "sip:bob@example.com", List.of(),
        null);
  }
}
