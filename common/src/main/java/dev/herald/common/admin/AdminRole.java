package dev.herald.common.admin;

import java.util.Locale;

/** What a token of the admin port may do: {@code read} any GET, {@code admin} anything. */
public enum AdminRole {
  READ,
  ADMIN;

  /** Whether this role may do what {@code needed} may. */
  public boolean allows(AdminRole needed) {
    return this == ADMIN || needed == READ;
  }

  /** The role's name as flags and files write it: {@code read} or {@code admin}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role {@code text} names, {@code read} or {@code admin}. */
  public static AdminRole parse(String text) {
    return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
      case "read" -> READ;
      case "admin" -> ADMIN;
      default -> throw new IllegalArgumentException("role must be read or admin, was '" + text + "'");
    };
  }
}
