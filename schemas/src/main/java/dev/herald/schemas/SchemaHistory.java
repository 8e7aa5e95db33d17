package dev.herald.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * The released versions of every top-level schema, kept as full (self-contained) schema
 * texts under {@code avro-history/<full name>/v<N>.avsc} and listed in
 * {@code avro-history/index.txt}. A release that changes a schema adds its new version there;
 * {@code SchemaCompatibilityTest} then checks it against the one before.
 */
public final class SchemaHistory {

  private static final String ROOT = "avro-history/";

  private SchemaHistory() {}

  /** Every kept version of the named schema, oldest first. */
  public static List<Schema> versionsOf(String fullName) {
    return index().getOrDefault(fullName, List.of()).stream()
        .map(file -> AvroSerde.parse(open(ROOT + fullName + "/" + file)))
        .toList();
  }

  /** Full names of all schemas with history, mapped to their version files, oldest first. */
  public static Map<String, List<String>> index() {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(open(ROOT + "index.txt"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          rows.add(line.split("/", 2));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows.stream().collect(Collectors.groupingBy(r -> r[0], java.util.TreeMap::new,
        Collectors.mapping(r -> r[1], Collectors.toList())));
  }

  private static InputStream open(String resource) {
    InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing schema history resource " + resource);
    }
    return in;
  }
}
