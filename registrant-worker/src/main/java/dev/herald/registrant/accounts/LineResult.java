package dev.herald.registrant.accounts;

import dev.herald.avro.RegistrantAccount;
import java.util.List;
import java.util.Objects;

/** What one account line of a file gives; comments and blank lines give none. Lines count from 1. */
public sealed interface LineResult {

  int lineNumber();

  /** An account to load; {@code notes} tell what was accepted but has no effect in Herald. */
  record Parsed(int lineNumber, RegistrantAccount account, List<String> notes) implements LineResult {
    public Parsed {
      Objects.requireNonNull(account, "account");
      notes = List.copyOf(notes);
    }
  }

  /** A line left out, and why. */
  record Rejected(int lineNumber, String reason) implements LineResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
