package dev.herald.packages.rls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes multipart/related bodies (RFC 2387) as a resource list NOTIFY carries them (RFC 4662 §5):
 * the root part first, every part sent binary, lines ended by CRLF.
 */
public final class MultipartRelated {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final String BOUNDARY_PREFIX = "herald-";

  private MultipartRelated() {}

  /**
   * One body part.
   *
   * @param cid its Content-ID without angle brackets
   * @param contentType its Content-Type header value
   * @param body its bytes, sent as they are
   */
  public record Part(String cid, String contentType, byte[] body) {

    public Part {
      if (cid == null || !ContentIds.isValid(cid)) {
        throw new IllegalArgumentException("not a Content-ID (RFC 2392): " + cid);
      }
      if (contentType == null || contentType.isBlank() || !isHeaderText(contentType)) {
        throw new IllegalArgumentException("not a Content-Type value: " + contentType);
      }
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    private byte[] headers() {
      // Header names are case-insensitive (RFC 2045 §3), but Linphone 5.1 finds a part by the name
      // Content-Id written just so.
      String text = "Content-Transfer-Encoding: binary\r\n"
          + "Content-Id: <" + cid + ">\r\n"
          + "Content-Type: " + contentType + "\r\n";
      return text.getBytes(StandardCharsets.US_ASCII);
    }
  }

  /**
   * A written body.
   *
   * @param contentType the exact Content-Type header value of the message that carries it
   * @param bytes the body
   */
  public record Body(String contentType, byte[] bytes) {

    public Body {
      Objects.requireNonNull(contentType, "contentType");
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /**
   * {@code root} then {@code others} as one multipart/related body; the root's media type is the
   * body's type parameter and its Content-ID the start parameter (RFC 2387 §3.1, §3.2).
   */
  public static Body write(Part root, List<Part> others) {
    List<Part> parts = new ArrayList<>(others.size() + 1);
    parts.add(Objects.requireNonNull(root, "root"));
    parts.addAll(others);
    Set<String> cids = new HashSet<>();
    for (Part part : parts) {
      if (!cids.add(part.cid())) {
        throw new IllegalArgumentException("Content-ID " + part.cid() + " on two parts");
      }
    }
    String boundary = boundary(parts);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part part : parts) {
      out.writeBytes(delimiter);
      out.writeBytes(CRLF);
      out.writeBytes(part.headers());
      out.writeBytes(CRLF);
      out.writeBytes(part.body);
      // RFC 2046 §5.1.1: this CRLF belongs to the delimiter, not to the part.
      out.writeBytes(CRLF);
    }
    out.writeBytes(delimiter);
    out.writeBytes("--".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(CRLF);
    String contentType = "multipart/related;type=\"" + mediaType(root.contentType()) + "\""
        + ";start=\"<" + root.cid() + ">\""
        // A token needs no quotes (RFC 2045 §5.1); Linphone 5.1 (belle-sip) takes quotes round a
        // boundary as part of it, misses every delimiter and drops the NOTIFY unanswered.
        + ";boundary=" + boundary;
    return new Body(contentType, out.toByteArray());
  }

  /**
   * A boundary found in no part, headers included (RFC 2046 §5.1.1). It is derived from the parts,
   * so the same parts give the same body; a clash moves on to the next candidate.
   */
  static String boundary(List<Part> parts) {
    MessageDigest sha256 = sha256();
    for (Part part : parts) {
      sha256.update(part.headers());
      sha256.update(part.body);
    }
    return boundary(HexFormat.of().formatHex(sha256.digest()).substring(0, 32), parts);
  }

  static String boundary(String seed, List<Part> parts) {
    for (int attempt = 0; ; attempt++) {
      String candidate = BOUNDARY_PREFIX + seed + (attempt == 0 ? "" : "-" + attempt);
      if (parts.stream().noneMatch(part -> contains(part.headers(), candidate) || contains(part.body, candidate))) {
        return candidate;
      }
    }
  }

  // RFC 2387 §3.1: the type parameter is the root's media type, without its parameters.
  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
  }

  private static boolean contains(byte[] haystack, String needle) {
    byte[] bytes = needle.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + bytes.length <= haystack.length; i++) {
      for (int j = 0; j < bytes.length; j++) {
        if (haystack[i + j] != bytes[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isHeaderText(String value) {
    return value.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
