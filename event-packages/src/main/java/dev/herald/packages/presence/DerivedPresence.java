package dev.herald.packages.presence;

/** What registrations add to a presentity's document. */
public enum DerivedPresence {
  /** Registrations do not show. */
  OFF,
  /** With nothing published, one open tuple per binding, closed without any; published state wins. */
  FALLBACK,
  /** The binding tuples are composed with what is published. */
  MERGE
}
