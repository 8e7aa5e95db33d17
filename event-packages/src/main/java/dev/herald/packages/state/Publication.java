package dev.herald.packages.state;

import dev.herald.avro.Header;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One publication of a presentity (RFC 3903 §4): the entity-tag that names its current
 * version, its body and when it expires. Each refresh or modification gets a new entity-tag
 * (RFC 3903 §6 steps 7 and 8). {@code publisher} is who published it (authenticated, else the
 * From URI); {@code headers} are the package's headers of the PUBLISH (Call-Info). {@code change}
 * is the partial document that made this body, for a package with partial state (RFC 4575
 * conference), or null.
 */
public record Publication(String entityTag, long expiresAtMs, String contentType, byte[] body, long publishedAtMs,
    String publisher, List<Header> headers, byte[] change) {

  public Publication {
    Objects.requireNonNull(entityTag, "entityTag");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    headers = List.copyOf(headers);
  }

  public Publication(String entityTag, long expiresAtMs, String contentType, byte[] body, long publishedAtMs,
      String publisher, List<Header> headers) {
    this(entityTag, expiresAtMs, contentType, body, publishedAtMs, publisher, headers, null);
  }

  public Publication(String entityTag, long expiresAtMs, String contentType, byte[] body, long publishedAtMs) {
    this(entityTag, expiresAtMs, contentType, body, publishedAtMs, null, List.of());
  }

  public Publication refreshed(String newTag, long newExpiresAtMs) {
    return new Publication(newTag, newExpiresAtMs, contentType, body, publishedAtMs, publisher, headers, change);
  }

  /**
   * A new body (and, where the package uses them, new headers, and the partial document that made
   * the body) under a new entity-tag.
   */
  public Publication modified(String newTag, long newExpiresAtMs, byte[] newBody, List<Header> newHeaders,
      byte[] newChange, long nowMs) {
    return new Publication(newTag, newExpiresAtMs, contentType, newBody, nowMs, publisher, newHeaders, newChange);
  }

  /** Whether two lists hold the same bodies in the same order: what composition depends on. */
  public static boolean sameBodies(List<Publication> a, List<Publication> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i).body(), b.get(i).body())) {
        return false;
      }
    }
    return true;
  }

  public boolean expiredAt(long nowMs) {
    return expiresAtMs <= nowMs;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Publication p && p.entityTag.equals(entityTag) && p.expiresAtMs == expiresAtMs
        && p.contentType.equals(contentType) && Arrays.equals(p.body, body) && p.publishedAtMs == publishedAtMs
        && Objects.equals(p.publisher, publisher) && p.headers.equals(headers) && Arrays.equals(p.change, change);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entityTag, expiresAtMs, contentType, Arrays.hashCode(body), publishedAtMs, publisher, headers,
        Arrays.hashCode(change));
  }

  @Override
  public String toString() {
    return "Publication[" + entityTag + ", expires " + expiresAtMs + ", " + body.length + " bytes]";
  }
}
