package dev.herald.packages.dialog;

import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Element;

/** One {@code <dialog>} of a dialog-info document: its id, its state, and the element as published. */
public record Dialog(String id, State state, Element element) {

  public Dialog {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(element, "element");
  }

  /** RFC 4235 §4.1.2: the values of a dialog's {@code <state>}. */
  public enum State {
    TRYING("trying"),
    PROCEEDING("proceeding"),
    EARLY("early"),
    CONFIRMED("confirmed"),
    TERMINATED("terminated");

    private final String token;

    State(String token) {
      this.token = token;
    }

    public String token() {
      return token;
    }

    /** The state {@code token} names, exactly as the schema spells it. */
    public static Optional<State> of(String token) {
      for (State state : values()) {
        if (state.token.equals(token)) {
          return Optional.of(state);
        }
      }
      return Optional.empty();
    }
  }
}
