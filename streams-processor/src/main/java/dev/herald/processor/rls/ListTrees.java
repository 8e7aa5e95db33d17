package dev.herald.processor.rls;

import dev.herald.avro.store.ListTreeRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/** A list tree as the text of a request's argument: Avro's JSON encoding, so the audit log reads it. */
final class ListTrees {

  private ListTrees() {}

  static String toJson(ListTreeRecord tree) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Encoder encoder = EncoderFactory.get().jsonEncoder(ListTreeRecord.getClassSchema(), out);
      new SpecificDatumWriter<>(ListTreeRecord.class).write(tree, encoder);
      encoder.flush();
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tree in {@code json}, or empty when it is not one. */
  static Optional<ListTreeRecord> fromJson(String json) {
    try {
      return Optional.of(new SpecificDatumReader<>(ListTreeRecord.class).read(null,
          DecoderFactory.get().jsonDecoder(ListTreeRecord.getClassSchema(), json)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
