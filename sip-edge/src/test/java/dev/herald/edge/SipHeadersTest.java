package dev.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.sip.SipHeaders;
import java.text.ParseException;
import java.util.List;
import javax.sip.header.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SipHeaders} builds Expires and SIP-ETag of plain values without the parser: whatever the
 * path, each header is the very header the parser makes of its text.
 */
class SipHeadersTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"Expires|0", "Expires|600", "Expires|0600", "expires|3600",
      "EXPIRES|999999999", "Expires|1000000000", "Expires|2147483647", "Expires|' 60'", "Expires|'60 '",
      "SIP-ETag|1.8a7a1f9e6d", "sip-etag|a", "SIP-ETag|Zz09-.!%*_+`'~", "SIP-ETag|000", "sip-ETag|dx200xyz",
      "SIP-ETag|' x'", "Retry-After|7", "Min-Expires|60", "Event|presence"})
  void eachHeaderIsWhatTheParserMakes(String name, String value) throws ParseException {
    Header parsed = SipRequests.HEADERS.createHeader(name, value);

    assertThat(SipHeaders.parse(SipRequests.HEADERS, name, value)).singleElement().satisfies(header -> {
      assertThat(header.getClass()).isEqualTo(parsed.getClass());
      assertThat(header).hasToString(parsed.toString());
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"Expires|abc", "Expires|-1", "Expires|1x", "Expires|", "SIP-ETag|", "SIP-ETag|a b"})
  void whatTheParserRefusesIsStillRefused(String header) {
    String[] nameAndValue = header.split("\\|", -1);

    assertThatThrownBy(() -> SipRequests.HEADERS.createHeader(nameAndValue[0], nameAndValue[1]))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> SipHeaders.parse(SipRequests.HEADERS, nameAndValue[0], nameAndValue[1]))
        .isInstanceOf(ParseException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SUBSCRIBE, NOTIFY, PUBLISH"})
  void aListHeaderStillBecomesOneHeaderPerValue(String value) throws ParseException {
    List<Header> headers = SipHeaders.parse(SipRequests.HEADERS, "Allow", value);

    assertThat(headers).hasSize(3);
  }
}
