package dev.herald.packages.presence.pidf;

import org.w3c.dom.Document;

/** What {@link Pidf#validate(byte[])} made of a PUBLISH body. */
public sealed interface Validation {

  /** A PIDF document that may be stored and composed as is. */
  record Valid(Document doc) implements Validation {}

  /** A body to refuse with {@code sipStatus}. */
  record Rejected(int sipStatus, String reason) implements Validation {}
}
