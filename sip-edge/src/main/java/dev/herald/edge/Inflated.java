package dev.herald.edge;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A body sent with {@code Content-Encoding: deflate} (RFC 3261 §20.12), inflated: zlib format as
 * the coding is defined, raw deflate as some senders write it.
 */
final class Inflated {

  private Inflated() {}

  /**
   * The inflated bytes, no more than a chunk past {@code limit} (so that a caller sees a body over
   * its limit without inflating all of it); empty when {@code body} is neither zlib nor raw deflate.
   */
  static Optional<byte[]> of(byte[] body, int limit) {
    return inflate(body, limit, false).or(() -> inflate(body, limit, true));
  }

  private static Optional<byte[]> inflate(byte[] body, int limit, boolean raw) {
    Inflater inflater = new Inflater(raw);
    try {
      inflater.setInput(body);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[4096];
      while (!inflater.finished() && out.size() <= limit) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return Optional.empty(); // cut short
        }
        out.write(chunk, 0, n);
      }
      return Optional.of(out.toByteArray());
    } catch (DataFormatException e) {
      return Optional.empty();
    } finally {
      inflater.end();
    }
  }
}
