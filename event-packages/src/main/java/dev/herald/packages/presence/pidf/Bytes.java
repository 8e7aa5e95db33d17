package dev.herald.packages.presence.pidf;

import java.util.Arrays;

/** A body as a map key: equal when the bytes are. The array is never written to. */
record Bytes(byte[] value, int hash) {

  /** A key of a copy of {@code value}, so the caller may go on changing its array. */
  static Bytes copyOf(byte[] value) {
    byte[] copy = value == null ? new byte[0] : value.clone();
    return new Bytes(copy, Arrays.hashCode(copy));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes that && hash == that.hash && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "Bytes[" + value.length + "]";
  }
}
