package dev.herald.packages.presence;

import java.util.Objects;

/**
 * The presence package's own settings.
 *
 * @param derivedPresence how registrations show in the presence document
 * @param winfoPartialState after the first full document, watcher info subscribers get partial
 *     documents with the changed watchers only (RFC 3858 §4.4); off sends full ones each time
 */
public record PresencePackageSettings(DerivedPresence derivedPresence, boolean winfoPartialState) {

  public PresencePackageSettings {
    Objects.requireNonNull(derivedPresence, "derivedPresence");
  }

  public static PresencePackageSettings defaults() {
    return new PresencePackageSettings(DerivedPresence.FALLBACK, true);
  }
}
