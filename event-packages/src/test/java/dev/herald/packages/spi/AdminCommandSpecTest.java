package dev.herald.packages.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.spi.AdminCommandSpec.Arg;
import dev.herald.packages.spi.AdminCommandSpec.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminCommandSpecTest {

  private static final AdminCommandSpec SET = new AdminCommandSpec("set", "sets counts", List.of(
      new Arg("new", Kind.COUNT, true, "new ones"),
      new Arg("account", Kind.URI, false, "where to call"),
      new Arg("note", Kind.TEXT, false, "a note")));

  @Test
  void argumentsThatFitTheSpecPass() {
    assertThat(SET.check(Map.of("new", "2", "account", "sip:vm@example.com", "note", "hi"))).isEmpty();
    assertThat(SET.check(Map.of("new", "0"))).isEmpty();
  }

  @Test
  void aMissingRequiredArgumentIsNamed() {
    assertThat(SET.check(Map.of())).contains("set needs --new");
  }

  @Test
  void anUnknownArgumentIsRefusedWithTheOnesTaken() {
    assertThat(SET.check(Map.of("new", "1", "old", "2"))).get().asString()
        .contains("takes no argument 'old'", "[new, account, note]");
  }

  @Test
  void aCountIsAWholeNumberFromZeroBelowABillion() {
    assertThat(SET.check(Map.of("new", "-1"))).get().asString().contains("--new must be a whole number");
    assertThat(SET.check(Map.of("new", "two"))).isPresent();
    assertThat(SET.check(Map.of("new", "1000000000"))).isPresent();
    assertThat(SET.check(Map.of("new", "999999999"))).isEmpty();
  }

  @Test
  void aUriArgumentIsSipSipsOrTel() {
    assertThat(SET.check(Map.of("new", "1", "account", "http://example.com"))).get().asString()
        .contains("--account must be a sip:, sips: or tel: URI");
    assertThat(SET.check(Map.of("new", "1", "account", "tel:+4930123"))).isEmpty();
  }

  @Test
  void aTextArgumentIsAtMostOneThousandTwentyFourCharacters() {
    assertThat(SET.check(Map.of("new", "1", "note", "x".repeat(1025)))).isPresent();
    assertThat(SET.check(Map.of("new", "1", "note", "x".repeat(1024)))).isEmpty();
  }

  @Test
  void namesAreLowerCaseWordsAndArgumentsDistinct() {
    assertThatThrownBy(() -> new AdminCommandSpec("Set", "x", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Arg("New", Kind.COUNT, false, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdminCommandSpec("set", "x", List.of(new Arg("new", Kind.COUNT, false, "a"),
        new Arg("new", Kind.TEXT, false, "b")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
  }
}
