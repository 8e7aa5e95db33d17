package dev.herald.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceKeysTest {

  @Test
  void schemeAndHostAreLowerCasedButTheUserIsNot() {
    assertThat(ResourceKeys.of("presence", "SIP:Bob@EXAMPLE.com")).isEqualTo("presence|sip:Bob@example.com");
  }

  @Test
  void parametersHeadersAndPasswordAreDroppedAndAGivenPortIsKept() {
    assertThat(ResourceKeys.of("dialog", "<sip:bob:secret@example.com:5080;transport=tcp?subject=x>"))
        .isEqualTo("dialog|sip:bob@example.com:5080");
    assertThat(ResourceKeys.of("presence", "sip:bob@example.com;user=phone"))
        .isEqualTo("presence|sip:bob@example.com");
  }

  @Test
  void escapedUnreservedCharactersEqualTheirPlainForm() {
    assertThat(ResourceKeys.of("presence", "sip:%62ob@example.com")).isEqualTo("presence|sip:bob@example.com");
    assertThat(ResourceKeys.of("presence", "sip:a%40b@example.com")).isEqualTo("presence|sip:a%40b@example.com");
  }

  @Test
  void sipsAndTelAreDistinctSchemesAndOthersAreRefused() {
    assertThat(ResourceKeys.of("presence", "sips:bob@example.com")).isEqualTo("presence|sips:bob@example.com");
    assertThat(ResourceKeys.of("presence", "tel:+4930123;phone-context=x")).isEqualTo("presence|tel:+4930123");
    assertThat(ResourceKeys.normaliseUri("http://example.com")).isEmpty();
    assertThatThrownBy(() -> ResourceKeys.of("presence", "bob")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysSplitIntoPackageAndUri() {
    String key = ResourceKeys.of("conference", "sip:conf42@example.com");
    assertThat(ResourceKeys.packageOf(key)).isEqualTo("conference");
    assertThat(ResourceKeys.uriOf(key)).isEqualTo("sip:conf42@example.com");
  }
}
