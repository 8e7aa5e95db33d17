package dev.herald.edge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SentNotifiesTest {

  private final SentNotifies sent = new SentNotifies(Duration.ofMinutes(1), 100);

  @Test
  void aNotifyAfterAHigherCseqOfItsDialogIsOutOfDate() {
    assertThat(sent.claim("dialog-1", 3)).isTrue();
    assertThat(sent.claim("dialog-1", 2)).isFalse();
    assertThat(sent.claim("dialog-1", 4)).isTrue();
  }

  @Test
  void theSameCseqAgainIsTheSameNotifyAndIsNotSentTwice() {
    assertThat(sent.claim("dialog-1", 1)).isTrue();
    assertThat(sent.claim("dialog-1", 1)).isFalse();
  }

  @Test
  void dialogsAreCountedApart() {
    assertThat(sent.claim("dialog-1", 5)).isTrue();
    assertThat(sent.claim("dialog-2", 1)).isTrue();
  }
}
