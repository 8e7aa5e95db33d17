package dev.herald.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * The one shared Jackson {@link ObjectMapper} (records supported, unknown properties ignored).
 * No Java-time module is registered: carry instants as epoch millis or ISO strings.
 */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {
  }

  /** Serialises {@code value} to a JSON string; failures surface as {@link UncheckedIOException}. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write JSON for " + typeName(value) + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Parses {@code json} as a {@code type}; failures surface as {@link UncheckedIOException}. */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot read JSON as " + type.getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The shared mapper; do not reconfigure it — use {@code mapper().copy()} for a variant. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }
}
