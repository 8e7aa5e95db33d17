package dev.herald.packages.callinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.herald.packages.callinfo.Appearance.Param;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallInfoHeaderTest {

  private static List<Appearance> parsed(String... values) {
    CallInfoHeader.Result result = CallInfoHeader.parse(List.of(values));
    assertThat(result).isInstanceOf(CallInfoHeader.Parsed.class);
    return ((CallInfoHeader.Parsed) result).appearances();
  }

  private static String rejected(CallInfoHeader.Result result) {
    assertThat(result).isInstanceOf(CallInfoHeader.Rejected.class);
    CallInfoHeader.Rejected rejected = (CallInfoHeader.Rejected) result;
    assertThat(rejected.status()).isEqualTo(400);
    return rejected.reason();
  }

  private static String rejected(String... values) {
    return rejected(CallInfoHeader.parse(List.of(values)));
  }

  @Test
  void oneAppearanceGivesItsIndexStateAndUri() {
    List<Appearance> appearances = parsed("<sip:127.0.0.1>;appearance-index=1;appearance-state=alerting");

    assertThat(appearances).containsExactly(new Appearance(
        new AppearanceIndex.Numbered(1), AppearanceState.ALERTING, "sip:127.0.0.1", Optional.empty(), List.of()));
  }

  @Test
  void everyStateIsRead() {
    for (AppearanceState state : AppearanceState.values()) {
      List<Appearance> appearances = parsed("<sip:as.example.com>;appearance-index=2;appearance-state=" + state.token());

      assertThat(appearances).extracting(Appearance::state).containsExactly(state);
    }
  }

  @Test
  void parameterNamesAndStateAreReadWithoutCase() {
    List<Appearance> appearances = parsed("<sip:as.example.com> ; Appearance-Index = 3 ; APPEARANCE-STATE=Held-Private");

    assertThat(appearances).extracting(Appearance::index, Appearance::state)
        .containsExactly(tuple(new AppearanceIndex.Numbered(3), AppearanceState.HELD_PRIVATE));
  }

  @Test
  void appearanceUriAndOtherParametersAreKeptAsWritten() {
    Appearance appearance = parsed("<sip:as.example.com>;purpose=info;appearance-index=1;appearance-state=active;"
        + "appearance-uri=\"\\\"Bob, Sales\\\" <sip:bob@example.com>\";x-flag").get(0);

    assertThat(appearance.appearanceUri()).contains("\"\\\"Bob, Sales\\\" <sip:bob@example.com>\"");
    assertThat(appearance.otherParams())
        .containsExactly(new Param("purpose", Optional.of("info")), new Param("x-flag", Optional.empty()));
  }

  @Test
  void severalEntriesInOneValueAndAcrossValuesAreAllRead() {
    List<Appearance> appearances = parsed(
        "<sip:as.example.com>;appearance-index=1;appearance-state=active, <sip:as.example.com>;appearance-index=2;appearance-state=held",
        "<sip:as.example.com>;appearance-index=3;appearance-state=progressing");

    assertThat(appearances).extracting(a -> a.index().toString()).containsExactly("1", "2", "3");
  }

  @Test
  void aCommaInsideTheUriDoesNotSplitTheEntry() {
    List<Appearance> appearances = parsed("<http://example.com/a?x=1,2>;appearance-index=1;appearance-state=active");

    assertThat(appearances).extracting(Appearance::uri).containsExactly("http://example.com/a?x=1,2");
  }

  @Test
  void starIndexWithIdleIsAllIdle() {
    List<Appearance> appearances = parsed("<sip:as.example.com>;appearance-index=*;appearance-state=idle");

    assertThat(appearances).extracting(Appearance::index, Appearance::state)
        .containsExactly(tuple(AppearanceIndex.ALL, AppearanceState.IDLE));
  }

  @Test
  void entriesWithoutAppearanceParametersAreSkipped() {
    List<Appearance> appearances = parsed("<http://example.com/photo.jpg>;purpose=icon",
        "<sip:as.example.com>;appearance-index=1;appearance-state=seized");

    assertThat(appearances).extracting(Appearance::state).containsExactly(AppearanceState.SEIZED);
  }

  @Test
  void noCallInfoHeaderIsRejected() {
    assertThat(rejected(CallInfoHeader.parse(List.of()))).isEqualTo("No Call-Info header");
    assertThat(rejected(CallInfoHeader.parse(null))).isEqualTo("No Call-Info header");
    assertThat(rejected("  ")).isEqualTo("No Call-Info header");
  }

  @Test
  void callInfoWithoutAnyAppearanceIsRejected() {
    assertThat(rejected("<http://example.com/photo.jpg>;purpose=icon")).isEqualTo("No appearance-index in Call-Info");
  }

  @Test
  void anIndexThatIsNotANumberOrStarIsRejected() {
    for (String index : List.of("one", "-1", "1.5", "", "0x1", "**")) {
      assertThat(rejected("<sip:a.example.com>;appearance-index=" + index + ";appearance-state=idle"))
          .as(index).containsAnyOf("appearance-index", "malformed parameter");
    }
  }

  @Test
  void anIndexAboveTheLimitIsRejected() {
    CallInfoHeader.Limits limits = new CallInfoHeader.Limits(1024, 8, 24);

    assertThat(CallInfoHeader.parse(List.of("<sip:a>;appearance-index=24;appearance-state=idle"), limits))
        .isInstanceOf(CallInfoHeader.Parsed.class);
    assertThat(rejected(CallInfoHeader.parse(List.of("<sip:a>;appearance-index=25;appearance-state=idle"), limits)))
        .contains("up to 24");
    assertThat(rejected("<sip:a>;appearance-index=99999999999999999999;appearance-state=idle")).contains("up to 999");
  }

  @Test
  void anUnknownStateIsRejected() {
    assertThat(rejected("<sip:a.example.com>;appearance-index=1;appearance-state=ringing"))
        .isEqualTo("Unknown appearance-state");
  }

  @Test
  void aMissingStateOrIndexIsRejected() {
    assertThat(rejected("<sip:a>;appearance-index=1")).isEqualTo("appearance-index 1 without appearance-state");
    assertThat(rejected("<sip:a>;appearance-state=idle")).isEqualTo("appearance-state without appearance-index");
  }

  @Test
  void starIndexWithAnyStateButIdleIsRejected() {
    assertThat(rejected("<sip:a>;appearance-index=*;appearance-state=active"))
        .isEqualTo("appearance-index=* only with appearance-state=idle");
  }

  @Test
  void starIndexBesideOtherAppearancesIsRejected() {
    assertThat(rejected("<sip:a>;appearance-index=*;appearance-state=idle,<sip:a>;appearance-index=1;appearance-state=active"))
        .isEqualTo("appearance-index=* with other appearances");
  }

  @Test
  void anIndexGivenTwiceIsRejected() {
    assertThat(rejected("<sip:a>;appearance-index=1;appearance-state=idle", "<sip:a>;appearance-index=1;appearance-state=active"))
        .isEqualTo("appearance-index 1 given twice");
    assertThat(rejected("<sip:a>;appearance-index=1;appearance-index=2;appearance-state=idle"))
        .isEqualTo("Call-Info repeats an appearance parameter");
  }

  @Test
  void malformedEntriesAreRejected() {
    assertThat(rejected("sip:a;appearance-index=1;appearance-state=idle")).isEqualTo("Call-Info entry is not <URI>;parameters");
    assertThat(rejected("<>;appearance-index=1;appearance-state=idle")).isEqualTo("Call-Info entry has an empty URI");
    assertThat(rejected("<sip:a> junk;appearance-index=1;appearance-state=idle"))
        .isEqualTo("Call-Info entry has text between URI and parameters");
    assertThat(rejected("<sip:a;appearance-index=1;appearance-state=idle")).isEqualTo("Call-Info has an unclosed quote or <");
    assertThat(rejected("<sip:a>;appearance-index=1;appearance-state=idle;appearance-uri=\"<sip:b>"))
        .isEqualTo("Call-Info has an unclosed quote or <");
    assertThat(rejected("<sip:a>;appearance-index=1;appearance-state=idle;x=a b")).isEqualTo("Call-Info has a malformed parameter");
    assertThat(rejected("<sip:a>;;appearance-index=1;appearance-state=idle")).isEqualTo("Call-Info has a malformed parameter");
  }

  @Test
  void controlCharactersAreRejected() {
    assertThat(rejected("<sip:a>;appearance-index=1;appearance-state=idle\r\nX-Injected: 1"))
        .isEqualTo("Call-Info holds a control character");
  }

  @Test
  void aVeryLongHeaderIsRejectedUnread() {
    String longValue = "<sip:a>;appearance-index=1;appearance-state=idle;x=" + "a".repeat(CallInfoHeader.Limits.DEFAULTS.maxChars());

    assertThat(rejected(longValue)).isEqualTo("Call-Info longer than 8192 characters");
  }

  @Test
  void theLengthLimitCountsAllValuesTogether() {
    CallInfoHeader.Limits limits = new CallInfoHeader.Limits(100, 64, 999);
    String value = "<sip:a>;appearance-index=1;appearance-state=idle"; // 48 characters

    assertThat(CallInfoHeader.parse(List.of(value, value.replace("=1", "=2")), limits)).isInstanceOf(CallInfoHeader.Parsed.class);
    assertThat(rejected(CallInfoHeader.parse(List.of(value, value.replace("=1", "=2"), value.replace("=1", "=3")), limits)))
        .isEqualTo("Call-Info longer than 100 characters");
  }

  @Test
  void moreEntriesThanTheLimitAreRejected() {
    CallInfoHeader.Limits limits = new CallInfoHeader.Limits(100_000, 4, 999);
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      values.add("<sip:a>;appearance-index=" + i + ";appearance-state=active");
    }

    assertThat(CallInfoHeader.parse(values.subList(0, 4), limits)).isInstanceOf(CallInfoHeader.Parsed.class);
    assertThat(rejected(CallInfoHeader.parse(values, limits))).isEqualTo("Call-Info has more than 4 entries");
    assertThat(rejected(CallInfoHeader.parse(List.of(String.join(",", values)), limits)))
        .isEqualTo("Call-Info has more than 4 entries");
  }

  @Test
  void manyEmptyValuesAreNotEntries() {
    List<String> values = new ArrayList<>(Collections.nCopies(1000, ""));
    values.add("<sip:a>;appearance-index=1;appearance-state=active");

    assertThat(parsed(values.toArray(String[]::new))).hasSize(1);
  }

  @Test
  void lineSeizeNamesItsAppearanceInCallInfo() {
    CallInfoHeader.SeizeRequest request =
        CallInfoHeader.parseSeize(List.of("<sip:as.example.com>;appearance-index=2"), CallInfoHeader.Limits.DEFAULTS);

    assertThat(request).isEqualTo(new CallInfoHeader.Seize(2));
  }

  @Test
  void lineSeizeWithoutAnAppearanceOrWithStarOrWithTwoIsRejected() {
    CallInfoHeader.Limits limits = CallInfoHeader.Limits.DEFAULTS;

    assertThat(CallInfoHeader.parseSeize(List.of(), limits))
        .isEqualTo(new CallInfoHeader.Rejected(400, "line-seize needs a Call-Info appearance-index"));
    assertThat(CallInfoHeader.parseSeize(List.of("<sip:a>;appearance-index=*"), limits))
        .isEqualTo(new CallInfoHeader.Rejected(400, "line-seize appearance-index is not a number up to 999"));
    assertThat(CallInfoHeader.parseSeize(List.of("<sip:a>;appearance-index=1,<sip:a>;appearance-index=2"), limits))
        .isEqualTo(new CallInfoHeader.Rejected(400, "line-seize names more than one appearance"));
  }
}
