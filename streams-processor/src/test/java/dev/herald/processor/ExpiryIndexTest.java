package dev.herald.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpiryIndexTest {

  private final ExpiryIndex index = new ExpiryIndex();

  @Test
  void whatIsDueIsTakenOutEarliestFirstAndTheRestStays() {
    index.add(3_000, "presence|sip:c@example.com");
    index.add(1_000, "presence|sip:b@example.com");
    index.add(1_000, "presence|sip:a@example.com");
    index.add(9_000, "presence|sip:d@example.com");

    assertThat(index.takeDueBy(3_000)).extracting(ExpiryIndex.Due::resource).containsExactly(
        "presence|sip:a@example.com", "presence|sip:b@example.com", "presence|sip:c@example.com");
    assertThat(index.size()).isOne();
    assertThat(index.anyDueBy(8_999)).isFalse();
    assertThat(index.anyDueBy(9_000)).isTrue();
  }

  @Test
  void anEntryRemovedIsNotDueAndOneAddedTwiceIsOne() {
    index.add(1_000, "presence|sip:a@example.com");
    index.add(1_000, "presence|sip:a@example.com");
    index.add(2_000, "presence|sip:b@example.com");
    index.remove(2_000, "presence|sip:b@example.com");

    assertThat(index.takeDueBy(5_000)).containsExactly(new ExpiryIndex.Due(1_000, "presence|sip:a@example.com"));
    assertThat(index.anyDueBy(Long.MAX_VALUE)).isFalse();
  }
}
