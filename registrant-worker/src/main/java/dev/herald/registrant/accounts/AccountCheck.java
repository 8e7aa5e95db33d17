package dev.herald.registrant.accounts;

import dev.herald.avro.RegistrantAccount;
import java.util.List;
import java.util.Objects;

/** What checking one account gives: the account (with notes on what Herald ignored) or why it is refused. */
public sealed interface AccountCheck {

  /** A valid account; {@code notes} tell what was accepted but has no effect in Herald. */
  record Valid(RegistrantAccount account, List<String> notes) implements AccountCheck {
    public Valid {
      Objects.requireNonNull(account, "account");
      notes = List.copyOf(notes);
    }
  }

  /** A refused account and the reason, for a person. */
  record Invalid(String reason) implements AccountCheck {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
