package dev.herald.packages.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.state.ResourceState;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

  @Test
  void generatedTagsAreNeverStanding() {
    ResourceState tagged = ResourceState.empty("presence|sip:bob@example.com");
    for (int i = 0; i < 100; i++) {
      tagged = tagged.nextEntityTag();
      String tag = EntityTags.of(tagged, "request-" + i);
      assertThat(EntityTags.isStanding(tag)).as(tag).isFalse();
      assertThat(EntityTags.sourceOf(tag)).isEqualTo("publish");
    }
  }

  @Test
  void aStandingTagNamesWhoKeepsItBeforeTheColon() {
    assertThat(EntityTags.isStanding("xmpp:gateway")).isTrue();
    assertThat(EntityTags.isValidStanding("xmpp:gateway")).isTrue();
    assertThat(EntityTags.sourceOf("xmpp:gateway")).isEqualTo("xmpp");
    assertThat(EntityTags.sourceOf("xmpp:a:b")).isEqualTo("xmpp");
  }

  @Test
  void aStandingTagNeedsAColonAfterAtLeastOneCharacter() {
    assertThat(EntityTags.isValidStanding("gateway")).isFalse();
    assertThat(EntityTags.isValidStanding(":gateway")).isFalse();
    assertThat(EntityTags.isStanding(":gateway")).as("still outside the generated namespace").isTrue();
  }
}
