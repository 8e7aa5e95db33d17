package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.edge.ws.WebSocketSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSocketOptionsTest {

  @Test
  void webSocketIsOffUnlessAPortIsGiven() {
    assertThat(OptionsParsing.parse(new WebSocketOptions(), Map.of()).settings()).isEmpty();
  }

  @Test
  void eitherListenerMayBeOnAlone() {
    WebSocketSettings ws = OptionsParsing.parse(new WebSocketOptions(), Map.of(), "--sip-ws-port", "8080")
        .settings().orElseThrow();
    assertThat(ws.wsPort()).hasValue(8080);
    assertThat(ws.wssPort()).isEmpty();
    assertThat(ws.allowedOrigins()).as("any origin unless listed").isEmpty();

    WebSocketSettings wss = OptionsParsing.parse(new WebSocketOptions(), Map.of(), "--sip-wss-port", "8443")
        .settings().orElseThrow();
    assertThat(wss.wsPort()).isEmpty();
    assertThat(wss.wssPort()).hasValue(8443);
  }

  @Test
  void everyFlagIsAlsoAVariable() {
    WebSocketSettings settings = OptionsParsing.parse(new WebSocketOptions(), Map.of("HERALD_SIP_WS_PORT", "8080",
        "HERALD_SIP_WSS_PORT", "8443", "HERALD_WS_ALLOWED_ORIGINS", "https://a.example,https://b.example:8443",
        "HERALD_WS_MAX_CONNECTIONS_PER_SOURCE", "4", "HERALD_WS_CONNECTS_PER_SECOND_PER_SOURCE", "3",
        "HERALD_WS_MAX_CONNECTIONS", "100", "HERALD_WS_HANDSHAKE_TIMEOUT_MS", "2000",
        "HERALD_WS_PING_INTERVAL_S", "20", "HERALD_WS_IDLE_TIMEOUT_S", "50")).settings().orElseThrow();

    assertThat(settings.wsPort()).hasValue(8080);
    assertThat(settings.wssPort()).hasValue(8443);
    assertThat(settings.allowedOrigins()).containsExactly("https://a.example", "https://b.example:8443");
    assertThat(settings.limits().maxPerSource()).isEqualTo(4);
    assertThat(settings.limits().acceptsPerSecondPerSource()).isEqualTo(3);
    assertThat(settings.limits().maxConnections()).isEqualTo(100);
    assertThat(settings.limits().handshakeTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.limits().pingInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(settings.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void aPortThatIsNeitherANumberNorOffIsRefused() {
    WebSocketOptions options = OptionsParsing.parse(new WebSocketOptions(), Map.of(), "--sip-ws-port", "ws");
    assertThatThrownBy(options::settings).hasMessageContaining("--sip-ws-port must be a port number or off");
  }

  @Test
  void limitsThatContradictEachOtherAreRefusedWithTheirReason() {
    WebSocketOptions options = OptionsParsing.parse(new WebSocketOptions(), Map.of(), "--sip-ws-port", "8080",
        "--ws-ping-interval-s", "60", "--ws-idle-timeout-s", "30");
    assertThatThrownBy(options::settings).hasMessageContaining("longer than the ping interval");
  }

  @Test
  void heraldUpTakesTheWebSocketFlagsBesideTheOthers() {
    HeraldCommand.Up up = OptionsParsing.up(Map.of(), "--sip-ws-port", "8080", "--ws-allowed-origins",
        "https://phone.example.com");
    assertThat(up.webSocket.settings()).get().extracting(WebSocketSettings::allowedOrigins)
        .isEqualTo(java.util.List.of("https://phone.example.com"));
    assertThat(up.tls.settings().enabled()).isTrue();
  }

  @Test
  void everyOptionGroupOfHeraldUpIsFilledByThePicocliParse() throws IllegalAccessException {
    HeraldCommand.Up up = OptionsParsing.up(Map.of());
    for (java.lang.reflect.Field field : HeraldCommand.Up.class.getDeclaredFields()) {
      if (field.getType().getSimpleName().endsWith("Options")) {
        field.setAccessible(true);
        assertThat(field.get(up)).as("%s is a @Mixin", field.getName()).isNotNull();
      }
    }
  }
}
