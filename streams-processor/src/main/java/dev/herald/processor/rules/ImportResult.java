package dev.herald.processor.rules;

import dev.herald.avro.PresenceRules;
import java.util.List;

/** What a pres-rules document or Herald's JSON form made of a rule set. */
public sealed interface ImportResult {

  /** The rules to store, and what was left out or ignored on the way, one line each. */
  record Imported(PresenceRules rules, List<String> warnings) implements ImportResult {
    public Imported {
      warnings = List.copyOf(warnings);
    }
  }

  /** Nothing may be stored: the reason, for the one who sent it. */
  record Rejected(String reason) implements ImportResult {}
}
