package dev.herald.loadgen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Appends ASCII text and decimal numbers to one reusable byte array, so that requests are
 * formatted without allocating. A character outside ASCII is written as '?'.
 */
final class SipWriter {

  private final byte[] bytes;
  private final ByteBuffer view;
  private int length;

  SipWriter(int capacity) {
    this.bytes = new byte[capacity];
    this.view = ByteBuffer.wrap(bytes);
  }

  SipWriter reset() {
    length = 0;
    return this;
  }

  SipWriter text(CharSequence text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      bytes[length++] = c < 128 ? (byte) c : (byte) '?';
    }
    return this;
  }

  SipWriter text(char c) {
    ensure(1);
    bytes[length++] = c < 128 ? (byte) c : (byte) '?';
    return this;
  }

  SipWriter number(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return text(Long.toString(value));
      }
      text('-');
      value = -value;
    }
    int digits = digits(value);
    ensure(digits);
    int end = length + digits;
    for (int i = end - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length = end;
    return this;
  }

  SipWriter bytes(byte[] source, int offset, int count) {
    ensure(count);
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
    return this;
  }

  SipWriter bytes(SipWriter other) {
    return bytes(other.bytes, 0, other.length);
  }

  SipWriter crlf() {
    ensure(2);
    bytes[length++] = '\r';
    bytes[length++] = '\n';
    return this;
  }

  int length() {
    return length;
  }

  byte[] array() {
    return bytes;
  }

  /** The written bytes as a buffer ready to send; the same buffer object every time. */
  ByteBuffer buffer() {
    view.clear();
    view.limit(length);
    return view;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
  }

  static int digits(long nonNegative) {
    int digits = 1;
    while (nonNegative >= 10) {
      nonNegative /= 10;
      digits++;
    }
    return digits;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      throw new IllegalStateException("message longer than " + bytes.length + " bytes");
    }
  }
}
