package dev.herald.packages.authorization;

import dev.herald.avro.SubHandling;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The sub-handling values as RFC 5025 §3.2.1 spells them: block, confirm, polite-block, allow. */
public final class SubHandlings {

  private SubHandlings() {}

  /** {@code polite-block} for {@link SubHandling#POLITE_BLOCK}. */
  public static String token(SubHandling handling) {
    return handling.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value a token names, or empty; tokens compare case-sensitively as the RFC's schema does. */
  public static Optional<SubHandling> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    return Arrays.stream(SubHandling.values()).filter(h -> token(h).equals(token)).findFirst();
  }

  /** The tokens, for messages. */
  public static String tokens() {
    return String.join(", ", Arrays.stream(SubHandling.values()).map(SubHandlings::token).toList());
  }

  /** The more permissive of two (RFC 5025 §3.2.1: block < confirm < polite-block < allow). */
  public static SubHandling max(SubHandling a, SubHandling b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }
}
