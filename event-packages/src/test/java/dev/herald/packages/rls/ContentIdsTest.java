package dev.herald.packages.rls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentIdsTest {

  private static final String BOB = "sip:bob@example.org";

  @Test
  void resourceCidIsStableValidAndEndsInTheHost() {
    String cid = ContentIds.forResource(BOB, 7, "rls.example.com");

    assertThat(cid).isEqualTo(ContentIds.forResource(BOB, 7, "rls.example.com"));
    assertThat(cid).endsWith("@rls.example.com");
    assertThat(ContentIds.isValid(cid)).isTrue();
  }

  @Test
  void cidsDifferByResourceVersionInstanceAndKind() {
    assertThat(ContentIds.forResource(BOB, 7, "h"))
        .isNotEqualTo(ContentIds.forResource(BOB, 8, "h"))
        .isNotEqualTo(ContentIds.forResource("sip:carol@example.net", 7, "h"))
        .isNotEqualTo(ContentIds.forList(BOB, 7, "h"))
        .isNotEqualTo(ContentIds.forInstance(BOB, "a", 7, "h"));
    assertThat(ContentIds.forInstance(BOB, "a", 7, "h")).isNotEqualTo(ContentIds.forInstance(BOB, "b", 7, "h"));
  }

  @Test
  void fieldsCannotRunIntoEachOther() {
    assertThat(ContentIds.forResource("sip:a1", 2, "h")).isNotEqualTo(ContentIds.forResource("sip:a", 12, "h"));
  }

  @Test
  void hostMustBeADotAtom() {
    assertThatThrownBy(() -> ContentIds.forResource(BOB, 0, "bad host")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentIds.forResource(BOB, 0, "a..b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentIds.forResource(BOB, 0, "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validCidIsDotAtomAtDotAtomWithoutBrackets() {
    assertThat(ContentIds.isValid("ZvSvkz@example.com")).isTrue();
    assertThat(ContentIds.isValid("a.b+c@x")).isTrue();
    assertThat(ContentIds.isValid("<ZvSvkz@example.com>")).isFalse();
    assertThat(ContentIds.isValid("ZvSvkz")).isFalse();
    assertThat(ContentIds.isValid("@example.com")).isFalse();
    assertThat(ContentIds.isValid("a@")).isFalse();
    assertThat(ContentIds.isValid("a b@example.com")).isFalse();
    assertThat(ContentIds.isValid(".a@example.com")).isFalse();
    assertThat(ContentIds.isValid("a@b@example.com")).isFalse();
    assertThat(ContentIds.isValid("a\"@example.com")).isFalse();
  }
}
