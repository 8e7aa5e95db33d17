package dev.herald.packages.xml;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** Stable document ids made from what they name, so an element keeps its id from one document to the next. */
public final class XmlIds {

  /** 64 bits of SHA-256: ids collide only by accident, and stay short in every NOTIFY. */
  private static final int HEX_CHARS = 16;

  private XmlIds() {}

  /**
   * {@code prefix} then a hash of {@code seed}. An xs:ID is an NCName and cannot start with a
   * digit, so {@code prefix} must start with a letter.
   */
  public static String hashed(String prefix, String seed) {
    Objects.requireNonNull(seed, "seed");
    if (prefix == null || prefix.isEmpty() || !Character.isLetter(prefix.charAt(0))) {
      throw new IllegalArgumentException("an id prefix must start with a letter: " + prefix);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return prefix + HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
