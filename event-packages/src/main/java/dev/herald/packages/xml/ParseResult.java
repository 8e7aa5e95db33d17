package dev.herald.packages.xml;

import org.w3c.dom.Document;

/** What {@link SafeXml#parse(byte[])} made of a body. */
public sealed interface ParseResult {

  /** A well-formed, namespace-aware document. */
  record Parsed(Document document) implements ParseResult {}

  /** A body that is not well-formed XML, or carries a DOCTYPE. */
  record Invalid(String reason) implements ParseResult {}
}
