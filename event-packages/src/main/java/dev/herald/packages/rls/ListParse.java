package dev.herald.packages.rls;

import java.util.List;
import java.util.Objects;

/** What {@link ResourceListDocument#parse(byte[])} made of a document. */
public sealed interface ListParse {

  /** The list's display name (or null) and its entries, inline sub-lists flattened, no URI twice. */
  record Parsed(String name, List<ListMember> entries) implements ListParse {
    public Parsed {
      entries = List.copyOf(entries);
    }
  }

  /** A document Herald does not take, and why. */
  record Refused(String reason) implements ListParse {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
