package dev.herald.launcher;

import dev.herald.packages.presence.DerivedPresence;
import dev.herald.processor.RegistrarSettings;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The registrar and watcher-information flags of {@code herald up}; see {@link RegistrarSettings}. */
final class RegistrarOptions {

  @Option(names = "--register-min-expires", defaultValue = "60",
      description = "shortest REGISTER expiry; shorter gets 423 with Min-Expires (HERALD_REGISTER_MIN_EXPIRES)")
  int minExpires;

  @Option(names = "--register-max-expires", defaultValue = "7200",
      description = "longest REGISTER expiry granted (HERALD_REGISTER_MAX_EXPIRES)")
  int maxExpires;

  @Option(names = "--register-default-expires", defaultValue = "3600",
      description = "expiry of a Contact that asks for none (HERALD_REGISTER_DEFAULT_EXPIRES)")
  int defaultExpires;

  @Option(names = "--max-contacts", defaultValue = "16",
      description = "most bindings per address of record; more get 503 (HERALD_MAX_CONTACTS)")
  int maxContacts;

  @Option(names = "--derived-presence", defaultValue = "fallback",
      description = "presence from registrations: fallback (published state wins), merge, or off (HERALD_DERIVED_PRESENCE)")
  String derivedPresence;

  @Option(names = "--winfo-partial-state", defaultValue = "true", arity = "1",
      description = "watcher info changes as partial documents; false sends full ones (HERALD_WINFO_PARTIAL_STATE)")
  boolean winfoPartialState;

  RegistrarSettings settings() {
    DerivedPresence derived;
    try {
      derived = DerivedPresence.valueOf(derivedPresence.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--derived-presence must be fallback, merge or off, was " + derivedPresence);
    }
    return new RegistrarSettings(minExpires, maxExpires, defaultExpires, maxContacts, derived);
  }
}
