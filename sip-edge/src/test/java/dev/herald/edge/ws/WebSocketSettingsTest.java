package dev.herald.edge.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WebSocketSettingsTest {

  @Test
  void oneOfTheTwoListenersIsNeeded() {
    assertThatThrownBy(() -> new WebSocketSettings(OptionalInt.empty(), OptionalInt.empty(), List.of(),
        ConnectionLimits.defaults())).hasMessageContaining("needs a ws or a wss port");
  }

  @Test
  void portsAreInRangeAndDiffer() {
    assertThatThrownBy(() -> WebSocketSettings.ws(70000)).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> WebSocketSettings.ws(8080).withWssPort(8080)).hasMessageContaining("must differ");
    assertThat(WebSocketSettings.ws(0).withWssPort(0).wssPort()).hasValue(0);
  }

  @Test
  void withoutAnAllowListEveryPageMayConnect() {
    WebSocketSettings any = WebSocketSettings.ws(8080);
    assertThat(any.allows("https://anything.example")).isTrue();
    assertThat(any.allows(null)).isTrue();
  }

  @Test
  void withAnAllowListOnlyItsOriginsMayConnectComparedWithoutCase() {
    WebSocketSettings listed = WebSocketSettings.ws(8080)
        .withAllowedOrigins(List.of("https://Phone.Example.com", "http://localhost:3000"));
    assertThat(listed.allows("https://phone.example.com")).isTrue();
    assertThat(listed.allows("HTTP://LOCALHOST:3000")).isTrue();
    assertThat(listed.allows("https://phone.example.com:8443")).as("another port is another origin").isFalse();
    assertThat(listed.allows("https://evil.example.net")).isFalse();
    assertThat(listed.allows(null)).as("no Origin at all").isFalse();
  }

  @Test
  void anOriginIsSchemeHostAndPortOnly() {
    assertThatThrownBy(() -> WebSocketSettings.ws(8080).withAllowedOrigins(List.of("https://a.example/path")))
        .hasMessageContaining("not an origin");
    assertThatThrownBy(() -> WebSocketSettings.ws(8080).withAllowedOrigins(List.of("a.example")))
        .hasMessageContaining("not an origin");
    assertThatThrownBy(() -> WebSocketSettings.ws(8080).withAllowedOrigins(List.of("ftp://a.example")))
        .hasMessageContaining("not an origin");
  }
}
