package dev.herald.launcher.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SseFrameTest {

  @Test
  void anEventIsItsTypeIdAndDataEndedByAnEmptyLine() {
    assertThat(SseFrame.of("presentity", 7, "{\"a\":1}"))
        .isEqualTo("event: presentity\nid: 7\ndata: {\"a\":1}\n\n");
  }

  @Test
  void everyLineOfTheDataIsADataLineOfItsOwnWhateverItsLineEnd() {
    assertThat(SseFrame.of("x", 1, "one\ntwo\r\nthree\rfour"))
        .isEqualTo("event: x\nid: 1\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
  }

  @Test
  void dataCannotEndTheEventEarlyOrForgeAField() {
    String frame = SseFrame.of("x", 1, "note\n\nevent: snapshot\ndata: forged");

    assertThat(frame).isEqualTo("event: x\nid: 1\ndata: note\ndata: \ndata: event: snapshot\ndata: data: forged\n\n");
    assertThat(frame.indexOf("\n\n")).isEqualTo(frame.length() - 2);
  }

  @Test
  void emptyDataIsOneEmptyDataLine() {
    assertThat(SseFrame.of("x", 2, "")).isEqualTo("event: x\nid: 2\ndata: \n\n");
  }

  @Test
  void anEventTypeOfMoreThanOneLineIsRefused() {
    assertThatThrownBy(() -> SseFrame.of("a\nb", 1, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SseFrame.of("", 1, "")).isInstanceOf(IllegalArgumentException.class);
  }
}
