package dev.herald.packages.rls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ListRulesTest {

  private static final String A = "sip:a@lists.example.com";
  private static final String B = "sip:b@lists.example.com";
  private static final String C = "sip:c@lists.example.com";
  private static final String D = "sip:d@lists.example.com";
  private static final String ALICE = "sip:alice@example.com";
  private static final String BOB = "sip:bob@example.com";

  @Test
  void listsWithoutLoopsWithinTheLimitsAreAccepted() {
    Map<String, List<String>> known = Map.of(B, List.of(ALICE, BOB));

    assertThat(ListRules.check(known, A, List.of(B, ALICE), ListLimits.defaults())).isEmpty();
    assertThat(ListRules.expand(Map.of(A, List.of(B, ALICE), B, List.of(ALICE, BOB)), A))
        .containsExactlyInAnyOrder(ALICE, BOB);
  }

  @Test
  void aListContainingItselfIsRefusedNamingIt() {
    assertThat(ListRules.check(Map.of(), A, List.of(ALICE, A), ListLimits.defaults()))
        .contains("a list may not contain itself: " + A + " -> " + A);
  }

  @Test
  void aLoopThroughOtherListsIsRefusedWithItsPath() {
    Map<String, List<String>> known = Map.of(B, List.of(C), C, List.of(BOB, A), A, List.of(ALICE));

    assertThat(ListRules.check(known, A, List.of(ALICE, B), ListLimits.defaults()))
        .contains("a list may not contain itself: " + A + " -> " + B + " -> " + C + " -> " + A);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedWithTheDeepestPath() {
    Map<String, List<String>> known = Map.of(B, List.of(C), C, List.of(D), D, List.of(BOB));

    assertThat(ListRules.check(known, A, List.of(B), new ListLimits(4, 1000))).isEmpty();
    assertThat(ListRules.check(known, A, List.of(B), new ListLimits(3, 1000)))
        .contains(A + " would nest lists 4 deep (" + A + " -> " + B + " -> " + C + " -> " + D + "), at most 3");
  }

  @Test
  void changingANestedListIsRefusedWhenAListContainingItWouldGrowTooDeep() {
    Map<String, List<String>> known =
        Map.of(A, List.of(B), B, List.of(C), C, List.of(BOB), D, List.of(ALICE));

    assertThat(ListRules.check(known, C, List.of(D), new ListLimits(3, 1000))).hasValueSatisfying(reason ->
        assertThat(reason).startsWith(A + " would nest lists 4 deep"));
  }

  @Test
  void moreMembersAfterExpansionThanTheLimitAreRefusedCountingEachResourceOnce() {
    List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "sip:u" + i + "@example.com").toList();
    List<String> withB = new ArrayList<>(hundred.subList(0, 50));
    withB.add(B);
    Map<String, List<String>> known = Map.of(B, hundred);

    assertThat(ListRules.check(known, A, withB, new ListLimits(4, 100))).as("shared members count once").isEmpty();
    List<String> oneMore = new ArrayList<>(withB);
    oneMore.add(ALICE);
    assertThat(ListRules.check(known, A, oneMore, new ListLimits(4, 100)))
        .contains(A + " would have 101 members after expansion, at most 100");
  }

  @Test
  void growingANestedListIsRefusedWhenAListContainingItWouldHaveTooManyMembers() {
    Map<String, List<String>> known = Map.of(A, List.of(ALICE, B), B, List.of(BOB));

    assertThat(ListRules.check(known, B, List.of(BOB, "sip:carol@example.com"), new ListLimits(4, 2)))
        .contains(A + " would have 3 members after expansion, at most 2");
  }
}
