package dev.herald.processor.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageTest {

  private static final Function<String, String> SELF = s -> s;

  @Test
  void aPageHoldsTheFirstItemsInCursorOrderAndNamesTheLastAsTheNextCursor() {
    Page<String> first = Page.of(List.of("d", "b", "a", "c"), SELF, new Page.Request(2, null));
    assertThat(first.items()).containsExactly("a", "b");
    assertThat(first.next()).isEqualTo("b");

    Page<String> second = Page.of(List.of("d", "b", "a", "c"), SELF, new Page.Request(2, first.next()));
    assertThat(second.items()).containsExactly("c", "d");
    assertThat(second.next()).as("nothing follows the last page").isNull();
  }

  @Test
  void aPageThatHoldsEverythingLeftHasNoNextCursor() {
    assertThat(Page.of(List.of("a", "b"), SELF, new Page.Request(2, null)).next()).isNull();
    assertThat(Page.of(List.<String>of(), SELF, Page.Request.FIRST).items()).isEmpty();
  }

  @Test
  void pagesOfSeveralInstancesMergeIntoThePageOfTheWhole() {
    Page.Request request = new Page.Request(3, null);
    List<String> one = List.of("a", "c", "e", "g");
    List<String> two = List.of("b", "d", "f");
    Page<String> merged = Page.merge(List.of(Page.of(one, SELF, request), Page.of(two, SELF, request)), SELF, request);
    assertThat(merged.items()).containsExactly("a", "b", "c");
    assertThat(merged.next()).isEqualTo("c");

    Page.Request then = new Page.Request(3, merged.next());
    Page<String> rest = Page.merge(List.of(Page.of(one, SELF, then), Page.of(two, SELF, then)), SELF, then);
    assertThat(rest.items()).containsExactly("d", "e", "f");
    Page.Request last = new Page.Request(3, rest.next());
    Page<String> end = Page.merge(List.of(Page.of(one, SELF, last), Page.of(two, SELF, last)), SELF, last);
    assertThat(end.items()).containsExactly("g");
    assertThat(end.next()).isNull();
  }

  @Test
  void whenOneInstanceHasMoreThanItGaveTheMergedPageSaysMoreFollow() {
    Page.Request request = new Page.Request(2, null);
    Page<String> merged = Page.merge(List.of(Page.of(List.of("a", "b", "c"), SELF, request),
        Page.of(List.<String>of(), SELF, request)), SELF, request);
    assertThat(merged.items()).containsExactly("a", "b");
    assertThat(merged.next()).isEqualTo("b");
  }

  @Test
  void limitAndAfterComeFromTheQueryWithDefaultsAndBounds() {
    assertThat(Page.Request.of(null, null)).isEqualTo(new Page.Request(Page.DEFAULT_LIMIT, null));
    assertThat(Page.Request.of("5", "x")).isEqualTo(new Page.Request(5, "x"));
    assertThat(Page.Request.of("5", "")).isEqualTo(new Page.Request(5, null));
    assertThatThrownBy(() -> Page.Request.of("0", null)).hasMessageContaining("limit");
    assertThatThrownBy(() -> Page.Request.of("1001", null)).hasMessageContaining("limit");
    assertThatThrownBy(() -> Page.Request.of("many", null)).hasMessageContaining("limit");
  }
}
