package dev.herald.packages.mwi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.mwi.MessageSummary.Counts;
import dev.herald.packages.mwi.MessageSummary.MessageClass;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageSummaryTest {

  @Test
  void countsRejectANegativeNumberInEveryPosition() {
    assertThatThrownBy(() -> new Counts(-1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newMessages");
    assertThatThrownBy(() -> new Counts(0, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oldMessages");
    assertThatThrownBy(() -> new Counts(0, 0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("urgentNew");
    assertThatThrownBy(() -> new Counts(0, 0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("urgentOld");
  }

  @Test
  void countsWithoutUrgentPartHaveNoUrgentMessages() {
    assertThat(new Counts(3, 4)).isEqualTo(new Counts(3, 4, 0, 0));
  }

  @Test
  void noneIsNotWaitingAndReportsNothingElse() {
    MessageSummary none = MessageSummary.none();

    assertThat(none.messagesWaiting()).isFalse();
    assertThat(none.messageAccount()).isNull();
    assertThat(none.counts()).isEmpty();
  }

  @Test
  void voiceIsWaitingExactlyWhenThereAreNewMessages() {
    MessageSummary waiting = MessageSummary.voice("sip:alice@vmail.example.com", 2, 8);
    MessageSummary idle = MessageSummary.voice(null, 0, 8);

    assertThat(waiting.messagesWaiting()).isTrue();
    assertThat(waiting.messageAccount()).isEqualTo("sip:alice@vmail.example.com");
    assertThat(waiting.counts()).containsExactly(Map.entry(MessageClass.VOICE_MESSAGE, new Counts(2, 8)));
    assertThat(idle.messagesWaiting()).isFalse();
    assertThat(idle.messageAccount()).isNull();
  }

  @Test
  void withCountsAddsOrReplacesAClassAndLeavesTheOriginalAlone() {
    MessageSummary original = MessageSummary.voice(null, 1, 0);

    MessageSummary withFax = original.withCounts(MessageClass.FAX_MESSAGE, new Counts(0, 2));
    MessageSummary replaced = withFax.withCounts(MessageClass.VOICE_MESSAGE, new Counts(5, 1, 1, 0));

    assertThat(original.counts()).containsOnlyKeys(MessageClass.VOICE_MESSAGE);
    assertThat(withFax.countsFor(MessageClass.FAX_MESSAGE)).contains(new Counts(0, 2));
    assertThat(replaced.countsFor(MessageClass.VOICE_MESSAGE)).contains(new Counts(5, 1, 1, 0));
    assertThat(replaced.countsFor(MessageClass.FAX_MESSAGE)).contains(new Counts(0, 2));
    assertThat(replaced.countsFor(MessageClass.TEXT_MESSAGE)).isEmpty();
  }

  @Test
  void classesAreKeptInDeclarationOrderWhateverOrderTheyCameIn() {
    Map<MessageClass, Counts> scrambled = new LinkedHashMap<>();
    scrambled.put(MessageClass.NONE, new Counts(1, 0));
    scrambled.put(MessageClass.TEXT_MESSAGE, new Counts(2, 0));
    scrambled.put(MessageClass.VOICE_MESSAGE, new Counts(3, 0));
    scrambled.put(MessageClass.FAX_MESSAGE, new Counts(4, 0));

    MessageSummary summary = new MessageSummary(true, null, scrambled);

    assertThat(summary.counts().keySet()).containsExactly(
        MessageClass.VOICE_MESSAGE, MessageClass.FAX_MESSAGE, MessageClass.TEXT_MESSAGE, MessageClass.NONE);
  }

  @Test
  void theCountsAreACopyThatCannotBeChanged() {
    Map<MessageClass, Counts> source = new HashMap<>();
    source.put(MessageClass.VOICE_MESSAGE, new Counts(1, 1));
    MessageSummary summary = new MessageSummary(true, null, source);

    source.put(MessageClass.FAX_MESSAGE, new Counts(9, 9));

    assertThat(summary.counts()).containsOnlyKeys(MessageClass.VOICE_MESSAGE);
    assertThatThrownBy(() -> summary.counts().put(MessageClass.PAGER_MESSAGE, new Counts(0, 0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aMissingCountsEntryIsRejected() {
    Map<MessageClass, Counts> withNull = new HashMap<>();
    withNull.put(MessageClass.VOICE_MESSAGE, null);

    assertThatThrownBy(() -> new MessageSummary(true, null, withNull))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void anAccountThatIsNotAUriIsRejected() {
    for (String notAUri : new String[] {"alice", "sip:", ":alice@example.com", "sip:alice @example.com",
        "1sip:alice@example.com", ""}) {
      assertThatThrownBy(() -> new MessageSummary(true, notAUri, Map.of()))
          .as(notAUri)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void accountsOfAnySchemeAreAccepted() {
    assertThat(new MessageSummary(true, "sips:bob@example.com", Map.of()).messageAccount())
        .isEqualTo("sips:bob@example.com");
    assertThat(new MessageSummary(true, "mailto:bob@example.com", Map.of()).messageAccount())
        .isEqualTo("mailto:bob@example.com");
  }

  @Test
  void messageClassTokensMatchIgnoringCase() {
    assertThat(MessageClass.fromToken("voice-message")).contains(MessageClass.VOICE_MESSAGE);
    assertThat(MessageClass.fromToken("MULTIMEDIA-MESSAGE")).contains(MessageClass.MULTIMEDIA_MESSAGE);
    assertThat(MessageClass.fromToken("none")).contains(MessageClass.NONE);
    assertThat(MessageClass.fromToken("Video-Message")).isEmpty();
  }

  @Test
  void everyMessageClassIsWrittenWithItsHeaderToken() {
    assertThat(MessageClass.values()).extracting(MessageClass::token).containsExactly(
        "Voice-Message", "Fax-Message", "Pager-Message", "Multimedia-Message", "Text-Message", "None");
  }
}
