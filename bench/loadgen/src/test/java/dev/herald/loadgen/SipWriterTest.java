package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SipWriterTest {

  @Test
  void writesDecimalNumbersOfAnySize() {
    SipWriter out = new SipWriter(128);
    out.number(0).text(' ').number(7).text(' ').number(1234567890123L).text(' ').number(-42).text(' ')
        .number(Long.MIN_VALUE);

    assertThat(out.toString()).isEqualTo("0 7 1234567890123 -42 -9223372036854775808");
  }

  @Test
  void writesNonAsciiAsQuestionMarks() {
    assertThat(new SipWriter(16).text("caf\u00e9").toString()).isEqualTo("caf?");
  }

  @Test
  void resetStartsOverAndTheBufferCoversWhatWasWritten() {
    SipWriter out = new SipWriter(64);
    out.text("something long").reset().text("ab").crlf();

    assertThat(out.length()).isEqualTo(4);
    assertThat(out.buffer().remaining()).isEqualTo(4);
    assertThat(out.toString()).isEqualTo("ab\r\n");
  }

  @Test
  void refusesToWritePastItsCapacity() {
    SipWriter out = new SipWriter(4);

    assertThatThrownBy(() -> out.text("12345")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> out.reset().number(12345)).isInstanceOf(IllegalStateException.class);
  }
}
