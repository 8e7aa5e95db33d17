package dev.herald.packages.conference;

import org.w3c.dom.Document;

/** What {@link ConferenceInfo#parse} made of a conference-info body. */
public sealed interface ConferenceDocument {

  /**
   * A conference-info document to accept: its full or partial state (RFC 4575 §5.1), the version its
   * focus gave it, and the parsed document.
   */
  record Valid(Document doc, boolean partial, long version, String entity) implements ConferenceDocument {}

  /** A body to refuse with {@code sipStatus}; nothing is stored. */
  record Rejected(int sipStatus, String reason) implements ConferenceDocument {}
}
