package dev.herald.packages.dialog;

import java.util.List;
import org.w3c.dom.Document;

/** What {@link DialogInfo#validate} made of a PUBLISH body. */
public sealed interface DialogValidation {

  /** A dialog-info document that may be stored and composed as is, and its dialogs in document order. */
  record Valid(Document doc, List<Dialog> dialogs) implements DialogValidation {

    public Valid {
      dialogs = List.copyOf(dialogs);
    }
  }

  /** A body to refuse with {@code sipStatus}. */
  record Rejected(int sipStatus, String reason) implements DialogValidation {}
}
