package dev.herald.processor;

import dev.herald.packages.presence.DerivedPresence;

/**
 * Rules of Herald's registrar and of the presence it derives from registrations.
 *
 * @param minExpires below it a REGISTER gets 423 with Min-Expires (RFC 3261 §10.3 step 7)
 * @param maxExpires longer requests are granted this
 * @param defaultExpires granted to a Contact that asks for none
 * @param maxContacts most bindings one address of record may hold; more get 503
 * @param derivedPresence how bindings show in the presence document
 */
public record RegistrarSettings(int minExpires, int maxExpires, int defaultExpires, int maxContacts,
    DerivedPresence derivedPresence) {

  public RegistrarSettings {
    if (minExpires < 1 || maxExpires < minExpires || defaultExpires < minExpires || defaultExpires > maxExpires) {
      throw new IllegalArgumentException("registrar expiry bounds need 1 <= min <= default <= max");
    }
    if (maxContacts < 1) {
      throw new IllegalArgumentException("maxContacts must be at least 1");
    }
    java.util.Objects.requireNonNull(derivedPresence, "derivedPresence");
  }

  public static RegistrarSettings defaults() {
    return new RegistrarSettings(60, 7200, 3600, 16, DerivedPresence.FALLBACK);
  }
}
