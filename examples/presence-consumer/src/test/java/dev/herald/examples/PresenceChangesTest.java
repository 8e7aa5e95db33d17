package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.PresenceState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceChangesTest {

  private static PresenceState state(String event, String contentType, String document) {
    return PresenceState.newBuilder().setResource(event + "|sip:bob@example.com").setEvent(event)
        .setContentType(contentType).setDocument(ByteBuffer.wrap(document.getBytes(StandardCharsets.UTF_8)))
        .setPublications(List.of()).setUpdatedAtMs(0).build();
  }

  @Test
  void aPresentityWithAnyOpenTupleIsOpen() {
    String pidf = "<p:presence xmlns:p=\"urn:ietf:params:xml:ns:pidf\"><p:tuple id=\"a\"><p:status><p:basic>closed"
        + "</p:basic></p:status></p:tuple><p:tuple id=\"b\"><p:status><p:basic>open</p:basic></p:status></p:tuple>"
        + "</p:presence>";
    assertThat(PresenceChanges.describe("presence|sip:bob@example.com", state("presence", "application/pidf+xml", pidf), 0))
        .isEqualTo("1970-01-01T00:00:00Z  presence|sip:bob@example.com  open  (0 publications and bindings)");
  }

  @Test
  void aPresentityWithOnlyClosedTuplesIsClosedAndOtherPackagesShowTheirSize() {
    assertThat(PresenceChanges.describe("k", state("presence", "application/pidf+xml",
        "<presence><tuple><status><basic>closed</basic></status></tuple></presence>"), 0)).contains("  closed  ");
    assertThat(PresenceChanges.describe("k", state("dialog", "application/dialog-info+xml", "<dialog-info/>"), 0))
        .contains("application/dialog-info+xml, 14 bytes");
    assertThat(PresenceChanges.describe("k", null, 0)).endsWith("k  gone");
  }
}
