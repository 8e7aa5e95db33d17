package dev.herald.packages.callinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineStateTest {

  private static final String AOR = "sip:line1@example.com";
  private static final long NOW = 1_714_557_600_000L;
  private static final long LATER = NOW + 60_000;

  private static List<Appearance> appearances(String... values) {
    return ((CallInfoHeader.Parsed) CallInfoHeader.parse(List.of(values))).appearances();
  }

  private static LineState published(String etag, String... values) {
    return LineState.empty(AOR).withPublished(etag, appearances(values));
  }

  private static LineState granted(LineState.SeizeResult result) {
    assertThat(result).isInstanceOf(LineState.Granted.class);
    return ((LineState.Granted) result).state();
  }

  private static LineState.Refused refused(LineState.SeizeResult result) {
    assertThat(result).isInstanceOf(LineState.Refused.class);
    return (LineState.Refused) result;
  }

  @Test
  void aLaterPublicationWinsForTheAppearancesItNames() {
    LineState line = published("a", "<sip:pbx>;appearance-index=1;appearance-state=alerting,"
            + "<sip:pbx>;appearance-index=2;appearance-state=held")
        .withPublished("b", appearances("<sip:pbx>;appearance-index=1;appearance-state=active"));

    assertThat(line.publishedStates())
        .isEqualTo(Map.of(1, AppearanceState.ACTIVE, 2, AppearanceState.HELD));
  }

  @Test
  void republishingAnEtagMakesItTheLatest() {
    LineState line = published("a", "<sip:pbx>;appearance-index=1;appearance-state=alerting")
        .withPublished("b", appearances("<sip:pbx>;appearance-index=1;appearance-state=active"))
        .withPublished("a", appearances("<sip:pbx>;appearance-index=1;appearance-state=held"));

    assertThat(line.publishedStates()).isEqualTo(Map.of(1, AppearanceState.HELD));
    assertThat(line.publications()).extracting(LineState.Publication::etag).containsExactly("b", "a");
  }

  @Test
  void aLaterAllIdlePublicationIdlesEveryEarlierAppearance() {
    LineState line = published("a", "<sip:pbx>;appearance-index=1;appearance-state=active")
        .withPublished("b", appearances("<sip:pbx>;appearance-index=*;appearance-state=idle"));

    assertThat(line.publishedStates()).isEmpty();
    assertThat(line.callInfoHeaderValue()).isEqualTo("<" + AOR + ">;appearance-index=*;appearance-state=idle");
  }

  @Test
  void removingTheWinningPublicationBringsBackTheEarlierOne() {
    LineState line = published("a", "<sip:pbx>;appearance-index=1;appearance-state=held")
        .withPublished("b", appearances("<sip:pbx>;appearance-index=1;appearance-state=active"))
        .withoutPublication("b");

    assertThat(line.publishedStates()).isEqualTo(Map.of(1, AppearanceState.HELD));
  }

  @Test
  void seizingAnIdleAppearanceIsGrantedAndShownSeized() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", LATER, NOW));

    assertThat(line.seizureOf("sub-a")).contains(new LineState.Seizure(1, "sub-a", LATER));
    assertThat(line.callInfoHeaderValue()).isEqualTo("<" + AOR + ">;appearance-index=1;appearance-state=seized");
  }

  @Test
  void seizingAnAppearancePublishedIdleIsGranted() {
    LineState line = published("a", "<sip:pbx>;appearance-index=2;appearance-state=idle");

    assertThat(granted(line.seize(2, "sub-a", LATER, NOW)).seizureOf("sub-a")).isPresent();
  }

  @Test
  void seizingABusyAppearanceIsRefused() {
    for (String state : List.of("progressing", "alerting", "active", "held", "held-private", "seized")) {
      LineState line = published("a", "<sip:pbx>;appearance-index=1;appearance-state=" + state);

      assertThat(refused(line.seize(1, "sub-a", LATER, NOW)))
          .as(state).isEqualTo(new LineState.Refused(480, "Appearance 1 Busy"));
    }
  }

  @Test
  void aSecondSubscriberSeizingTheSameAppearanceIsRefused() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", LATER, NOW));

    assertThat(refused(line.seize(1, "sub-b", LATER, NOW + 1000)))
        .isEqualTo(new LineState.Refused(480, "Appearance 1 Already Seized"));
    assertThat(granted(line.seize(2, "sub-b", LATER, NOW + 1000)).seizures()).hasSize(2);
  }

  @Test
  void anExpiredSeizureDoesNotKeepTheAppearanceFromAnotherSubscriber() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", NOW + 1000, NOW));

    LineState after = granted(line.seize(1, "sub-b", LATER, NOW + 1000));

    assertThat(after.seizureOf("sub-a")).isEmpty();
    assertThat(after.seizureOf("sub-b")).contains(new LineState.Seizure(1, "sub-b", LATER));
  }

  @Test
  void seizingAgainBySameSubscriberRefreshesTheSeizure() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", LATER, NOW));

    LineState refreshed = granted(line.seize(1, "sub-a", LATER + 60_000, NOW + 30_000));

    assertThat(refreshed.seizures()).containsOnlyKeys("sub-a");
    assertThat(refreshed.seizureOf("sub-a")).contains(new LineState.Seizure(1, "sub-a", LATER + 60_000));
  }

  @Test
  void theSeizerRefreshesEvenOnceItsCallIsPublished() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", LATER, NOW))
        .withPublished("a", appearances("<sip:pbx>;appearance-index=1;appearance-state=progressing"));

    assertThat(line.seize(1, "sub-a", LATER + 60_000, NOW + 1000)).isInstanceOf(LineState.Granted.class);
  }

  @Test
  void seizingAnotherAppearanceMovesTheSubscribersSeizure() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", LATER, NOW));

    LineState moved = granted(line.seize(2, "sub-a", LATER, NOW));

    assertThat(moved.seizures()).containsOnlyKeys("sub-a");
    assertThat(moved.seizureOf("sub-a")).map(LineState.Seizure::index).contains(2);
    assertThat(granted(moved.seize(1, "sub-b", LATER, NOW)).seizures()).hasSize(2);
  }

  @Test
  void releaseFreesTheAppearance() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", LATER, NOW)).release("sub-a");

    assertThat(line.seizures()).isEmpty();
    assertThat(line.callInfoHeaderValue()).isEqualTo("<" + AOR + ">;appearance-index=*;appearance-state=idle");
    assertThat(line.seize(1, "sub-b", LATER, NOW)).isInstanceOf(LineState.Granted.class);
  }

  @Test
  void releasingWithoutASeizureChangesNothing() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", LATER, NOW));

    assertThat(line.release("sub-b")).isEqualTo(line);
  }

  @Test
  void expiryFreesOnlyTheSeizuresThatEnded() {
    LineState line = granted(granted(LineState.empty(AOR).seize(1, "sub-a", NOW + 1000, NOW))
        .seize(2, "sub-b", LATER, NOW));

    assertThat(line.nextSeizureExpiry()).hasValue(NOW + 1000);
    assertThat(line.expire(NOW + 999)).isEqualTo(line);
    LineState expired = line.expire(NOW + 1000);
    assertThat(expired.seizures()).containsOnlyKeys("sub-b");
    assertThat(expired.nextSeizureExpiry()).hasValue(LATER);
  }

  @Test
  void aSeizureThatEndsAtOnceOrANegativeIndexIsRefused() {
    LineState line = LineState.empty(AOR);

    assertThat(refused(line.seize(1, "sub-a", NOW, NOW)).status()).isEqualTo(400);
    assertThat(refused(line.seize(-1, "sub-a", LATER, NOW)).status()).isEqualTo(400);
  }

  @Test
  void anEmptyLineIsAllIdle() {
    assertThat(LineState.empty(AOR).callInfoHeaderValue())
        .isEqualTo("<sip:line1@example.com>;appearance-index=*;appearance-state=idle");
  }

  @Test
  void appearancesPublishedIdleRenderAsAllIdle() {
    LineState line = published("a", "<sip:pbx>;appearance-index=1;appearance-state=idle,<sip:pbx>;appearance-index=2;appearance-state=idle");

    assertThat(line.callInfoHeaderValue()).isEqualTo("<" + AOR + ">;appearance-index=*;appearance-state=idle");
  }

  @Test
  void aMixedLineListsEveryAppearanceInIndexOrderUnderTheAor() {
    LineState line = granted(published("a",
        "<sip:pbx>;appearance-index=3;appearance-state=held;appearance-uri=\"<sip:carol@example.com>\";x-vendor=1",
        "<sip:pbx>;appearance-index=1;appearance-state=active;appearance-uri=\"<sip:bob@example.com>\"",
        "<sip:pbx>;appearance-index=2;appearance-state=idle")
        .seize(2, "sub-a", LATER, NOW));

    assertThat(line.callInfoHeaderValue()).isEqualTo(
        "<sip:line1@example.com>;appearance-index=1;appearance-state=active;appearance-uri=\"<sip:bob@example.com>\","
            + "<sip:line1@example.com>;appearance-index=2;appearance-state=seized,"
            + "<sip:line1@example.com>;appearance-index=3;appearance-state=held;appearance-uri=\"<sip:carol@example.com>\"");
  }

  @Test
  void aSeizedAppearanceWhoseCallIsPublishedShowsTheCallState() {
    LineState line = granted(LineState.empty(AOR).seize(1, "sub-a", LATER, NOW))
        .withPublished("a", appearances("<sip:pbx>;appearance-index=1;appearance-state=progressing"));

    assertThat(line.callInfoHeaderValue()).isEqualTo("<" + AOR + ">;appearance-index=1;appearance-state=progressing");
  }

  @Test
  void theRenderedHeaderParsesBack() {
    LineState line = granted(published("a",
        "<sip:pbx>;appearance-index=1;appearance-state=alerting;appearance-uri=\"\\\"Bob, Sales\\\" <sip:bob@example.com>\"")
        .seize(4, "sub-a", LATER, NOW));

    List<Appearance> reparsed = appearances(line.callInfoHeaderValue());

    assertThat(reparsed).extracting(a -> a.index().toString(), Appearance::state, Appearance::uri)
        .containsExactly(
            tuple("1", AppearanceState.ALERTING, AOR),
            tuple("4", AppearanceState.SEIZED, AOR));
    assertThat(reparsed.get(0).appearanceUri()).contains("\"\\\"Bob, Sales\\\" <sip:bob@example.com>\"");
  }
}
