package dev.herald.processor.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * One publication of a presentity (RFC 3903 §4): the entity-tag that names its current
 * version, its body and when it expires. Each refresh or modification gets a new entity-tag
 * (RFC 3903 §6 steps 7 and 8).
 */
public record Publication(String entityTag, long expiresAtMs, String contentType, byte[] body, long publishedAtMs) {

  public Publication {
    Objects.requireNonNull(entityTag, "entityTag");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  public Publication refreshed(String newTag, long newExpiresAtMs) {
    return new Publication(newTag, newExpiresAtMs, contentType, body, publishedAtMs);
  }

  public Publication modified(String newTag, long newExpiresAtMs, byte[] newBody, long nowMs) {
    return new Publication(newTag, newExpiresAtMs, contentType, newBody, nowMs);
  }

  public boolean expiredAt(long nowMs) {
    return expiresAtMs <= nowMs;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Publication p && p.entityTag.equals(entityTag) && p.expiresAtMs == expiresAtMs
        && p.contentType.equals(contentType) && Arrays.equals(p.body, body) && p.publishedAtMs == publishedAtMs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(entityTag, expiresAtMs, contentType, Arrays.hashCode(body), publishedAtMs);
  }

  @Override
  public String toString() {
    return "Publication[" + entityTag + ", expires " + expiresAtMs + ", " + body.length + " bytes]";
  }
}
