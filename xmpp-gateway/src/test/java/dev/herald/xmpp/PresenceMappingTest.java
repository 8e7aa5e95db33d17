package dev.herald.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.presence.pidf.Pidf;
import dev.herald.packages.presence.pidf.Validation;
import dev.herald.xmpp.PresenceMapping.Status;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

class PresenceMappingTest {

  private static final String BOB = "sip:bob@xmpp.example.com";

  private static String pidf(Map<String, Status> resources) {
    return new String(PresenceMapping.pidf(BOB, resources), StandardCharsets.UTF_8);
  }

  @Test
  void anAvailableResourceIsAnOpenTupleWithItsStatusAsNote() {
    String doc = pidf(Map.of("laptop", new Status(true, null, "Working from home", 0)));
    assertThat(doc).contains("entity=\"sip:bob@xmpp.example.com\"", "<basic>open</basic>",
        "<note>Working from home</note>").doesNotContain("activities");
  }

  @Test
  void showsBecomeRpidActivities() {
    assertThat(pidf(Map.of("r", new Status(true, Presence.Show.away, null, 0)))).contains("<rpid:away/>");
    assertThat(pidf(Map.of("r", new Status(true, Presence.Show.xa, null, 0)))).contains("<rpid:away/>");
    assertThat(pidf(Map.of("r", new Status(true, Presence.Show.dnd, null, 0)))).contains("<rpid:busy/>");
    assertThat(pidf(Map.of("r", new Status(true, Presence.Show.chat, null, 0))))
        .contains("<rpid:other>chat</rpid:other>");
  }

  @Test
  void noAvailableResourceIsOneClosedTuple() {
    assertThat(pidf(Map.of())).contains("<basic>closed</basic>").doesNotContain("<basic>open</basic>");
    assertThat(pidf(Map.of("phone", new Status(false, null, "Gone home", 0))))
        .contains("<basic>closed</basic>", "<note>Gone home</note>");
  }

  @Test
  void severalResourcesAreTuplesHighestPriorityFirstAndItsShowIsThePersons() {
    Map<String, Status> resources = new LinkedHashMap<>();
    resources.put("phone", new Status(true, Presence.Show.away, "on the road", 1));
    resources.put("desk", new Status(true, Presence.Show.dnd, "in a call", 10));
    resources.put("old", new Status(false, null, null, 50));
    String doc = pidf(resources);
    assertThat(doc.indexOf("in a call")).isLessThan(doc.indexOf("on the road"));
    assertThat(doc).contains("<rpid:busy/>").doesNotContain("<rpid:away/>");
    assertThat(doc.split("<tuple", -1)).hasSize(3);
  }

  @Test
  void everyDocumentIsValidPidfForThePresencePackage() {
    for (Status status : new Status[] {new Status(true, Presence.Show.dnd, "busy <&> \"quoted\"", 0),
        Status.UNAVAILABLE, new Status(true, null, null, 0)}) {
      byte[] doc = PresenceMapping.pidf(BOB, Map.of("r", status));
      assertThat(Pidf.validate(doc)).as(new String(doc, StandardCharsets.UTF_8))
          .isInstanceOf(Validation.Valid.class);
    }
  }

  @Test
  void aPidfDocumentMapsBackToWhatItShows() {
    for (Presence.Show show : Presence.Show.values()) {
      Status status = new Status(true, show, "note " + show, 0);
      Status back = PresenceMapping.fromPidf(PresenceMapping.pidf(BOB, Map.of("r", status)));
      Presence.Show expected = show == Presence.Show.xa ? Presence.Show.away : show;
      assertThat(back).as("%s", show).isEqualTo(new Status(true, expected, "note " + show, 0));
    }
    assertThat(PresenceMapping.fromPidf(PresenceMapping.pidf(BOB, Map.of()))).isEqualTo(Status.UNAVAILABLE);
  }

  @Test
  void aSipPhonesActivitiesMapToShows() {
    String doc = """
        <?xml version="1.0" encoding="UTF-8"?>
        <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
            xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:alice@example.com">
          <tuple id="t1"><status><basic>open</basic></status></tuple>
          <dm:person id="p"><rpid:activities><rpid:on-the-phone/></rpid:activities><dm:note>Call</dm:note></dm:person>
        </presence>""";
    assertThat(PresenceMapping.fromPidf(doc.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new Status(true, Presence.Show.dnd, "Call", 0));
    assertThat(PresenceMapping.fromPidf(doc.replace("on-the-phone", "vacation").getBytes(StandardCharsets.UTF_8)).show())
        .isEqualTo(Presence.Show.xa);
  }

  @Test
  void aDocumentThatDoesNotParseOrCarriesADoctypeIsUnavailable() {
    assertThat(PresenceMapping.fromPidf("<presence".getBytes(StandardCharsets.UTF_8))).isEqualTo(Status.UNAVAILABLE);
    assertThat(PresenceMapping.fromPidf(("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"><note>&e;</note></presence>").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Status.UNAVAILABLE);
    assertThat(PresenceMapping.fromPidf(null)).isEqualTo(Status.UNAVAILABLE);
  }

  @Test
  void stanzasCarryShowAndStatusOrAreUnavailable() {
    JID alice = new JID("alice", "sip.xmpp.example.com", null);
    JID carol = new JID("carol", "xmpp.example.com", null);
    Presence away = PresenceMapping.stanza(new Status(true, Presence.Show.away, "lunch", 0), alice, carol);
    assertThat(away.getType()).isNull();
    assertThat(away.getShow()).isEqualTo(Presence.Show.away);
    assertThat(away.getStatus()).isEqualTo("lunch");
    assertThat(away.getFrom()).isEqualTo(alice);
    Presence gone = PresenceMapping.stanza(Status.UNAVAILABLE, alice, carol);
    assertThat(gone.getType()).isEqualTo(Presence.Type.unavailable);
  }

  @Test
  void aDocumentOverTheLimitLosesItsNotesThenAllButTheBestResource() {
    Map<String, Status> resources = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      resources.put("r" + i, new Status(true, null, "status " + i, i));
    }
    byte[] full = PresenceMapping.pidf(BOB, resources);
    assertThat(PresenceMapping.pidf(BOB, resources, full.length)).isEqualTo(full);
    String trimmed = new String(PresenceMapping.pidf(BOB, resources, 2048), StandardCharsets.UTF_8);
    assertThat(trimmed.split("<tuple", -1)).hasSize(2);
    assertThat(trimmed).contains("<basic>open</basic>").doesNotContain("<note>");
  }
}
