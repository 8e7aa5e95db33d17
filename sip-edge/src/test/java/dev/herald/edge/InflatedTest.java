package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class InflatedTest {

  private static final byte[] TEXT = "<resource-lists/>".repeat(20).getBytes(StandardCharsets.UTF_8);

  static byte[] deflate(byte[] bytes, boolean raw) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    deflater.setInput(bytes);
    deflater.finish();
    byte[] out = new byte[bytes.length + 64];
    int n = deflater.deflate(out);
    deflater.end();
    return Arrays.copyOf(out, n);
  }

  @Test
  void zlibAndRawDeflateBothInflateToTheBody() {
    assertThat(Inflated.of(deflate(TEXT, false), 16_384)).contains(TEXT);
    assertThat(Inflated.of(deflate(TEXT, true), 16_384)).contains(TEXT);
  }

  @Test
  void bytesThatAreNoDeflateOrCutShortInflateToNothing() {
    byte[] whole = deflate(TEXT, false);

    assertThat(Inflated.of(TEXT, 16_384)).isEmpty();
    assertThat(Inflated.of(Arrays.copyOf(whole, whole.length / 2), 16_384)).isEmpty();
  }

  @Test
  void aBodyThatInflatesPastTheLimitStopsSoonAfterIt() {
    byte[] bomb = deflate(new byte[1_000_000], false);

    assertThat(Inflated.of(bomb, 1_000).orElseThrow().length).isGreaterThan(1_000).isLessThan(1_000_000);
  }
}
