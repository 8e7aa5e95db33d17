package dev.herald.common.sip;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import java.text.ParseException;
import java.util.List;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;

/** Headers made from name and value text, as a message carries them. */
public final class SipHeaders {

  private SipHeaders() {}

  /**
   * One header, or a list header (Allow, Accept, Call-Info …) whose comma-separated values JAIN-SIP
   * wants as separate headers; a singleton header whose value holds a comma stays one.
   */
  @SuppressWarnings("unchecked")
  public static List<Header> parse(HeaderFactory factory, String name, String value) throws ParseException {
    if (value.indexOf(',') >= 0 && factory instanceof HeaderFactoryImpl nist) {
      try {
        return (List<Header>) (List<?>) nist.createHeaders(name + ": " + value);
      } catch (ParseException notAList) {
        // a singleton header whose value holds a comma
      }
    }
    return List.of(factory.createHeader(name, value));
  }
}
