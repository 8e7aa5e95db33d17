package dev.herald.common.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.util.List;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SipHeadersTest {

  private static final HeaderFactory PARSER;

  static {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    try {
      PARSER = factory.createHeaderFactory();
    } catch (PeerUnavailableException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A header built without the parser is the very header the parser makes of its text. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"Expires|0", "Expires|600", "Expires|0600", "expires|3600",
      "EXPIRES|999999999", "SIP-ETag|1.8a7a1f9e6d", "sip-etag|a", "SIP-ETag|Zz09-.!%*_+`'~",
      "SIP-ETag|000", "sip-ETag|dx200xyz"})
  void aBuiltHeaderIsWhatTheParserMakes(String name, String value) throws ParseException {
    Header built = SipHeaders.built(name, value);

    assertThat(built).isNotNull();
    assertThat(built.getClass()).isEqualTo(PARSER.createHeader(name, value).getClass());
    assertThat(built.toString()).isEqualTo(PARSER.createHeader(name, value).toString());
    assertThat(SipHeaders.parse(PARSER, name, value)).singleElement().hasToString(built.toString());
  }

  /** What is not plain goes to the parser, which reads it or refuses it as before. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"Expires|1000000000", "Expires|2147483647", "Expires|' 60'", "Expires|'60 '",
      "Expires|-1", "Expires|abc", "Expires|''", "SIP-ETag|a b", "SIP-ETag|a\"b", "SIP-ETag|\u00e9t\u00e9",
      "SIP-ETag|a;b", "SIP-ETag|''", "SIP-ETag|' x'", "Retry-After|7", "Allow-Events|presence", "Event|presence"})
  void anythingElseIsLeftToTheParser(String name, String value) throws ParseException {
    assertThat(SipHeaders.built(name, value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "1x"})
  void anExpiresThatIsNotDeltaSecondsStillFails(String value) {
    assertThatThrownBy(() -> SipHeaders.parse(PARSER, "Expires", value)).isInstanceOf(ParseException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SUBSCRIBE, NOTIFY, PUBLISH"})
  void aListHeaderStillBecomesOneHeaderPerValue(String value) throws ParseException {
    List<Header> headers = SipHeaders.parse(PARSER, "Allow", value);

    assertThat(headers).hasSize(3);
  }
}
