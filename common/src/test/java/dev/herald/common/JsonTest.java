package dev.herald.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

  record Presence(String aor, String status, long updatedAtMillis, List<String> contacts) {
  }

  @Test
  void recordsRoundTrip() {
    Presence presence = new Presence("sip:alice@example.com", "open", 1_700_000_000_000L,
        List.of("sip:alice@10.0.0.1:5060"));

    String json = Json.write(presence);

    assertThat(json).contains("\"aor\":\"sip:alice@example.com\"");
    assertThat(Json.read(json, Presence.class)).isEqualTo(presence);
  }

  @Test
  void unknownPropertiesAreIgnoredOnRead() {
    Presence presence = Json.read(
        "{\"aor\":\"sip:bob@example.com\",\"status\":\"closed\",\"updatedAtMillis\":1,\"contacts\":[],\"new\":true}",
        Presence.class);

    assertThat(presence.status()).isEqualTo("closed");
  }

  @Test
  void malformedJsonFailsWithUncheckedIoException() {
    assertThatThrownBy(() -> Json.read("{not json", Presence.class))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(Presence.class.getName());
  }

  @Test
  void mapperIsShared() {
    assertThat(Json.mapper()).isSameAs(Json.mapper());
  }
}
