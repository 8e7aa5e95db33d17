package dev.herald.registrant.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccountFileTest {

  private static final AccountLimits LIMITS = AccountLimits.defaults();

  @Test
  void commentsAndBlankLinesAreSkippedAndLineNumbersCountEveryLine() {
    List<LineResult> results = AccountFile.parse("""
        # trunks of example.net
        
        sip:reg.example.net,,sip:alice@example.net,,alice,pw,sip:alice@192.0.2.1,,,
           # an indented comment
        sip:reg.example.net,,sip:bob@example.net,,bob,pw,sip:bob@192.0.2.1,,600,
        """, LIMITS);
    assertThat(results).extracting(LineResult::lineNumber).containsExactly(3, 5);
    assertThat(results).allMatch(LineResult.Parsed.class::isInstance);
    assertThat(((LineResult.Parsed) results.get(1)).account().getExpiry()).isEqualTo(600);
  }

  @Test
  void badLinesAreRejectedWithTheirNumbersAndTheGoodOnesKept() {
    List<LineResult> results = AccountFile.parse(String.join("\r\n",
        "sip:reg.example.net,,sip:alice@example.net,,alice,pw,sip:alice@192.0.2.1,,,",
        "sip:reg.example.net,,sip:bob@example.net,,bob,pw,sip:bob@192.0.2.1,,ten,",
        "not an account",
        "sip:reg.example.net,,sip:carol@example.net,,carol,pw,sip:carol@192.0.2.1,,,"), LIMITS);
    assertThat(results).extracting(LineResult::lineNumber).containsExactly(1, 2, 3, 4);
    assertThat(results.get(1)).isEqualTo(new LineResult.Rejected(2, "expiry ten is not a number of seconds"));
    assertThat(results.get(2)).isInstanceOf(LineResult.Rejected.class);
    assertThat(results).filteredOn(LineResult.Parsed.class::isInstance).extracting(LineResult::lineNumber)
        .containsExactly(1, 4);
  }

  @Test
  void aSecondLineForTheSameAorIsRejectedNamingTheFirst() {
    List<LineResult> results = AccountFile.parse("""
        sip:reg.example.net,,sip:alice@example.net,,alice,pw,sip:alice@192.0.2.1,,,
        sip:other.example.net,,sip:alice@example.net,,alice,pw,sip:alice@192.0.2.1,,,
        """, LIMITS);
    assertThat(results.get(1)).isInstanceOf(LineResult.Rejected.class);
    assertThat(((LineResult.Rejected) results.get(1)).reason()).contains("already on line 1");
  }

  @Test
  void aHashInsideAFieldIsNoComment() {
    List<LineResult> results = AccountFile.parse(
        "sip:reg.example.net,,sip:alice@example.net,,alice,p#w,sip:alice@192.0.2.1,,,", LIMITS);
    assertThat(((LineResult.Parsed) results.get(0)).account().getPassword()).isEqualTo("p#w");
  }

  @Test
  void notesOfALineAreKeptWithItsNumber() {
    List<LineResult> results = AccountFile.parse(
        "\nsip:reg.example.net,,sip:alice@example.net,,alice,pw,sip:alice@192.0.2.1,,,,reg/2,0", LIMITS);
    assertThat(((LineResult.Parsed) results.get(0)).notes()).hasSize(1);
    assertThat(results.get(0).lineNumber()).isEqualTo(2);
  }

  @Test
  void anEmptyFileHasNoResults() {
    assertThat(AccountFile.parse("", LIMITS)).isEmpty();
  }
}
