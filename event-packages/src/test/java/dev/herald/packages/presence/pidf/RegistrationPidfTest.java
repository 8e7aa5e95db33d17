package dev.herald.packages.presence.pidf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.presence.pidf.RegistrationPidf.BindingView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RegistrationPidfTest {

  private static final String ALICE = "sip:alice@example.com";
  /** 2024-05-01T10:00:00.250Z */
  private static final long REGISTERED_AT = 1_714_557_600_250L;

  private static final BindingView DESK =
      new BindingView("sip:alice@192.0.2.10:5060", "0.8", null, REGISTERED_AT);
  private static final BindingView SOFTPHONE = new BindingView("sip:alice@198.51.100.7;transport=tls", null,
      "<urn:uuid:d27459b7-8213-4395-aa77-ed859a3e5b3a>", REGISTERED_AT + 60_000);

  private static Document valid(byte[] body) {
    Validation validation = Pidf.validate(body);
    assertThat(validation).isInstanceOf(Validation.Valid.class);
    return ((Validation.Valid) validation).doc();
  }

  private static List<Element> tuples(Document doc) {
    List<Element> tuples = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagNameNS(Pidf.NS, "tuple");
    for (int i = 0; i < nodes.getLength(); i++) {
      tuples.add((Element) nodes.item(i));
    }
    return tuples;
  }

  private static String child(Element parent, String localName) {
    return parent.getElementsByTagNameNS(Pidf.NS, localName).item(0).getTextContent();
  }

  private static List<String> ids(byte[] body) {
    return tuples(valid(body)).stream().map(t -> t.getAttribute("id")).toList();
  }

  @Test
  void oneBindingIsOneOpenTupleWithItsContactPriorityAndTimestamp() {
    Document doc = valid(RegistrationPidf.document(ALICE, List.of(DESK)));

    assertThat(doc.getDocumentElement().getAttribute("entity")).isEqualTo(ALICE);
    List<Element> tuples = tuples(doc);
    assertThat(tuples).hasSize(1);
    Element tuple = tuples.get(0);
    assertThat(tuple.getAttribute("id")).matches("r[0-9a-f]{16}");
    assertThat(child(tuple, "basic")).isEqualTo("open");
    assertThat(child(tuple, "contact")).isEqualTo("sip:alice@192.0.2.10:5060");
    Element contact = (Element) tuple.getElementsByTagNameNS(Pidf.NS, "contact").item(0);
    assertThat(contact.getAttribute("priority")).isEqualTo("0.8");
    assertThat(child(tuple, "timestamp")).isEqualTo("2024-05-01T10:00:00Z");
  }

  @Test
  void severalBindingsAreOneTupleEachWithDistinctIds() {
    Document doc = valid(RegistrationPidf.document(ALICE, List.of(DESK, SOFTPHONE)));

    List<Element> tuples = tuples(doc);
    assertThat(tuples).hasSize(2);
    assertThat(tuples).extracting(t -> child(t, "contact"))
        .containsExactly(DESK.contact(), SOFTPHONE.contact());
    assertThat(tuples.get(1).getElementsByTagNameNS(Pidf.NS, "contact").item(0)
        .getAttributes().getNamedItem("priority")).isNull();
    assertThat(tuples.get(0).getAttribute("id")).isNotEqualTo(tuples.get(1).getAttribute("id"));
  }

  @Test
  void tupleIdsFollowTheBindingNotItsPositionOrRefreshTime() {
    List<String> first = ids(RegistrationPidf.document(ALICE, List.of(DESK, SOFTPHONE)));
    BindingView refreshed = new BindingView(DESK.contact(), DESK.q(), null, REGISTERED_AT + 3_600_000);
    List<String> later = ids(RegistrationPidf.document(ALICE, List.of(SOFTPHONE, refreshed)));

    assertThat(later).containsExactly(first.get(1), first.get(0));
  }

  @Test
  void aDeviceWithAnInstanceIdKeepsItsTupleIdAtANewAddress() {
    BindingView moved = new BindingView("sip:alice@203.0.113.9:41000", null, SOFTPHONE.instanceId(), REGISTERED_AT);

    assertThat(ids(RegistrationPidf.document(ALICE, List.of(moved))))
        .isEqualTo(ids(RegistrationPidf.document(ALICE, List.of(SOFTPHONE))));
  }

  @Test
  void twoFlowsOfOneInstanceStillGetDistinctIds() {
    BindingView secondFlow = new BindingView("sip:alice@203.0.113.9:41000", null, SOFTPHONE.instanceId(),
        REGISTERED_AT);

    List<String> ids = ids(RegistrationPidf.document(ALICE, List.of(SOFTPHONE, secondFlow)));

    assertThat(ids).doesNotHaveDuplicates().hasSize(2);
  }

  @Test
  void hostileContactUriStaysTextInsideItsContactElement() {
    String hostile = "sip:x@y</contact><status><basic>closed</basic></status><contact>&amp;\u0001";
    Document doc = valid(RegistrationPidf.document(ALICE, List.of(new BindingView(hostile, "1", null, 0))));

    Element tuple = tuples(doc).get(0);
    assertThat(tuple.getElementsByTagNameNS(Pidf.NS, "contact").getLength()).isEqualTo(1);
    assertThat(tuple.getElementsByTagNameNS(Pidf.NS, "basic").getLength()).isEqualTo(1);
    assertThat(child(tuple, "basic")).isEqualTo("open");
    assertThat(child(tuple, "contact")).isEqualTo(hostile.replace('\u0001', '\uFFFD'));
  }

  @Test
  void priorityThatIsNoQValueIsLeftOut() {
    Document doc = valid(RegistrationPidf.document(ALICE,
        List.of(new BindingView(DESK.contact(), "1.5\"><x", null, REGISTERED_AT))));

    Element contact = (Element) doc.getElementsByTagNameNS(Pidf.NS, "contact").item(0);
    assertThat(contact.hasAttribute("priority")).isFalse();
  }

  @Test
  void noBindingsIsOneClosedTuple() {
    Document doc = valid(RegistrationPidf.document(ALICE, List.of()));

    List<Element> tuples = tuples(doc);
    assertThat(tuples).hasSize(1);
    assertThat(child(tuples.get(0), "basic")).isEqualTo("closed");
  }

  @Test
  void composesWithAPublishedDocument() {
    byte[] published = """
        <?xml version="1.0" encoding="UTF-8"?>
        <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">
          <tuple id="t1"><status><basic>closed</basic></status><note>In a meeting</note></tuple>
        </presence>
        """.getBytes(StandardCharsets.UTF_8);
    byte[] registered = RegistrationPidf.document(ALICE, List.of(DESK, SOFTPHONE));

    Document composed = valid(Pidf.compose(ALICE, List.of(published, registered)));

    assertThat(tuples(composed)).extracting(t -> t.getAttribute("id"))
        .containsExactly("t1", ids(registered).get(0), ids(registered).get(1));
    assertThat(tuples(composed)).extracting(t -> child(t, "basic")).containsExactly("closed", "open", "open");
  }
}
