package dev.herald.edge.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeGateTest {

  private static final WebSocketSettings LISTED = WebSocketSettings.ws(8080)
      .withAllowedOrigins(List.of("https://phone.example.com"));

  @Test
  void anUpgradeOfferingSipFromAnAllowedPageIsLetThrough() {
    assertThat(UpgradeGate.check(HttpMethod.GET, upgrade("https://phone.example.com", "sip"), LISTED)).isEmpty();
    assertThat(UpgradeGate.check(HttpMethod.GET, upgrade("https://phone.example.com", "chat, SIP"), LISTED)).isEmpty();
  }

  @Test
  void aPlainHttpRequestIsRefused() {
    HttpHeaders plain = new DefaultHttpHeaders().set("Origin", "https://phone.example.com");
    assertThat(UpgradeGate.check(HttpMethod.GET, plain, LISTED)).get()
        .extracting(UpgradeGate.Refusal::status).isEqualTo(HttpResponseStatus.BAD_REQUEST);
    assertThat(UpgradeGate.check(HttpMethod.POST, upgrade("https://phone.example.com", "sip"), LISTED)).isPresent();
  }

  @Test
  void aPageOfAnotherOriginIsForbidden() {
    assertThat(UpgradeGate.check(HttpMethod.GET, upgrade("https://evil.example.net", "sip"), LISTED)).get()
        .extracting(UpgradeGate.Refusal::status).isEqualTo(HttpResponseStatus.FORBIDDEN);
  }

  @Test
  void anUpgradeThatDoesNotOfferSipIsRefused() {
    assertThat(UpgradeGate.check(HttpMethod.GET, upgrade("https://phone.example.com", "chat"), LISTED)).get()
        .extracting(UpgradeGate.Refusal::reason).asString().contains("sip");
    assertThat(UpgradeGate.check(HttpMethod.GET, upgrade("https://phone.example.com", null), LISTED)).isPresent();
  }

  private static HttpHeaders upgrade(String origin, String protocol) {
    HttpHeaders headers = new DefaultHttpHeaders().set("Upgrade", "websocket").set("Connection", "Upgrade")
        .set("Origin", origin);
    if (protocol != null) {
      headers.set("Sec-WebSocket-Protocol", protocol);
    }
    return headers;
  }
}
