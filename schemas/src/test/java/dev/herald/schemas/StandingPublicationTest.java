package dev.herald.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.avro.Publish;
import dev.herald.avro.RequestEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandingPublicationTest {

  private final StandingPublication publication = new StandingPublication("sip:backend", "backend", "Herald");

  @Test
  void aDocumentIsPublishedUnderTheStandingTagForTheSecondsGivenAndNobodyWaitsForTheAnswer() {
    RequestEvent event = publication.request("presence|sip:zed@other.org", "sip:zed@other.org", "presence",
        "application/pidf+xml", "<presence/>".getBytes(StandardCharsets.UTF_8), 720, 5L);

    assertThat(event.getResource()).isEqualTo("presence|sip:zed@other.org");
    assertThat(event.getReplyPartition()).isEqualTo(-1);
    Publish publish = (Publish) event.getPayload();
    assertThat(publish.getStandingTag()).isEqualTo("sip:backend");
    assertThat(publish.getExpires()).isEqualTo(720);
    assertThat(publish.getContentType()).isEqualTo("application/pidf+xml");
    assertThat(publish.getIfMatch()).isNull();
  }

  @Test
  void noDocumentRemovesThePublication() {
    Publish publish = (Publish) publication.request("presence|sip:zed@other.org", "sip:zed@other.org", "presence",
        "application/pidf+xml", null, 720, 5L).getPayload();

    assertThat(publish.getExpires()).isZero();
    assertThat(publish.getBody()).isNull();
    assertThat(publish.getContentType()).isNull();
  }

  @Test
  void aTagASipPublishCouldNameIsRefused() {
    assertThatThrownBy(() -> new StandingPublication("backend", "b", "x")).hasMessageContaining("':'");
  }
}
