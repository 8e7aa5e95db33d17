package dev.herald.packages.spi;

import dev.herald.avro.Header;
import java.util.List;

/**
 * A NOTIFY body, its type and the package's headers (Call-Info); {@code NONE} sends no body (a
 * pending subscription, RFC 6665 §4.2.1.2).
 */
public record Content(String contentType, byte[] body, List<Header> headers) {
  public static final Content NONE = new Content(null, null);

  public Content {
    headers = List.copyOf(headers);
  }

  public Content(String contentType, byte[] body) {
    this(contentType, body, List.of());
  }
}
