package dev.herald.common.sip;

import gov.nist.javax.sip.header.Expires;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.SIPETag;
import java.text.ParseException;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SIPETagHeader;

/** Headers made from name and value text, as a message carries them. */
public final class SipHeaders {

  private static final String TOKEN_MARKS = "-.!%*_+`'~";

  private SipHeaders() {}

  /**
   * One header, or a list header (Allow, Accept, Call-Info …) whose comma-separated values JAIN-SIP
   * wants as separate headers; a singleton header whose value holds a comma stays one.
   */
  @SuppressWarnings("unchecked")
  public static List<Header> parse(HeaderFactory factory, String name, String value) throws ParseException {
    Header built = built(name, value);
    if (built != null) {
      return List.of(built);
    }
    if (value.indexOf(',') >= 0 && factory instanceof HeaderFactoryImpl nist) {
      try {
        return (List<Header>) (List<?>) nist.createHeaders(name + ": " + value);
      } catch (ParseException notAList) {
        // a singleton header whose value holds a comma
      }
    }
    return List.of(factory.createHeader(name, value));
  }

  /**
   * Expires and SIP-ETag, in every answer to a PUBLISH (RFC 3903 §11.3), built without parsing their
   * text when it is plain: delta-seconds (RFC 3261 §20.19) within int, a token (RFC 3903 §11.3.1).
   * Null for any other header or value, which the parser reads.
   */
  static Header built(String name, String value) throws ParseException {
    if (name.equalsIgnoreCase(ExpiresHeader.NAME) && value.length() <= 9 && isPlain(value, false)) {
      Expires expires = new Expires();
      try {
        expires.setExpires(Integer.parseInt(value));
      } catch (InvalidArgumentException e) {
        throw new IllegalStateException(e);
      }
      return expires;
    }
    if (name.equalsIgnoreCase(SIPETagHeader.NAME) && isPlain(value, true)) {
      SIPETag etag = new SIPETag();
      etag.setETag(value);
      return etag;
    }
    return null;
  }

  /** Digits only, or (token) RFC 3261 §25.1 token characters only; not empty. */
  private static boolean isPlain(String value, boolean token) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
      if (!digit && !(token && (letter || TOKEN_MARKS.indexOf(c) >= 0))) {
        return false;
      }
    }
    return !value.isEmpty();
  }
}
