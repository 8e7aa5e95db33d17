package dev.herald.common;

import java.nio.ByteBuffer;

/** Avro hands bytes fields over as buffers; the code that parses them wants arrays. */
public final class Buffers {

  private Buffers() {}

  /** The remaining bytes of {@code buffer}, copied; the buffer's position is left as it was. */
  public static byte[] copy(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
