package dev.herald.packages.presence.pidf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlElements;
import dev.herald.packages.xml.XmlText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PidfTest {

  private static final String ALICE = "sip:alice@example.com";
  private static final String RPID = "urn:ietf:params:xml:ns:pidf:rpid";

  /** A desk phone: on the phone, as RPID (RFC 4480) puts it in a data-model person. */
  private static final String DESK_PHONE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf"
          xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
          xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"
          entity="sip:alice@example.com">
        <tuple id="t1">
          <status><basic>open</basic></status>
          <contact priority="0.8">sip:alice@192.0.2.10:5060</contact>
          <timestamp>2024-05-01T10:00:00Z</timestamp>
        </tuple>
        <dm:person id="p1">
          <rpid:activities><rpid:on-the-phone/></rpid:activities>
        </dm:person>
        <note xml:lang="en">Desk phone</note>
      </presence>
      """;

  /** A softphone: the same tuple id as the desk phone, and a device. */
  private static final String SOFTPHONE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf"
          xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
          xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"
          xmlns:c="urn:ietf:params:xml:ns:pidf:cipid"
          entity="sip:alice@example.com">
        <tuple id="t1">
          <status><basic>open</basic></status>
          <dm:deviceID>urn:uuid:d27459b7-8213-4395-aa77-ed859a3e5b3a</dm:deviceID>
          <contact>sip:alice@198.51.100.7;transport=tls</contact>
        </tuple>
        <dm:device id="d1">
          <rpid:user-input>idle</rpid:user-input>
          <dm:deviceID>urn:uuid:d27459b7-8213-4395-aa77-ed859a3e5b3a</dm:deviceID>
        </dm:device>
        <c:homepage>https://example.com/alice</c:homepage>
        <note>Out to lunch &amp; back at 2</note>
      </presence>
      """;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static Validation.Rejected rejected(String body) {
    Validation validation = Pidf.validate(utf8(body));
    assertThat(validation).isInstanceOf(Validation.Rejected.class);
    Validation.Rejected rejected = (Validation.Rejected) validation;
    assertThat(rejected.sipStatus()).isEqualTo(400);
    return rejected;
  }

  private static Document validDocument(byte[] body) {
    Validation validation = Pidf.validate(body);
    assertThat(validation).isInstanceOf(Validation.Valid.class);
    return ((Validation.Valid) validation).doc();
  }

  private static List<Element> children(Document doc, String namespace, String localName) {
    List<Element> found = new ArrayList<>();
    for (Element child : XmlElements.children(doc.getDocumentElement())) {
      if (namespace.equals(child.getNamespaceURI()) && localName.equals(child.getLocalName())) {
        found.add(child);
      }
    }
    return found;
  }

  @Nested
  class Validate {

    @Test
    void aSoftphonePublicationWithRpidAndDataModelIsValid() {
      assertThat(Pidf.validate(utf8(SOFTPHONE))).isInstanceOf(Validation.Valid.class);
      assertThat(Pidf.validate(utf8(DESK_PHONE))).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void aDocumentWithOnlyAPersonIsValid() {
      assertThat(Pidf.validate(utf8("""
          <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@example.com">
            <dm:person xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" id="p"/>
          </presence>"""))).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void malformedXmlIs400() {
      rejected("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:a@example.com\"><tuple>");
    }

    @Test
    void anExternalEntityIs400AndTheFileNeverShows() {
      Validation.Rejected rejected = rejected("""
          <?xml version="1.0"?>
          <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
          <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@example.com">
            <note>&e;</note>
          </presence>""");

      assertThat(rejected.reason()).doesNotContain("root:").contains("DOCTYPE");
    }

    @Test
    void billionLaughsIs400Quickly() {
      StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
      for (int i = 1; i <= 9; i++) {
        body.append("<!ENTITY lol").append(i).append(" \"");
        body.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
      }
      body.append("]><presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:a@example.com\">")
          .append("<note>&lol9;</note></presence>");

      assertTimeoutPreemptively(Duration.ofSeconds(2), () -> rejected(body.toString()));
    }

    @Test
    void aRootThatIsNotPresenceIs400() {
      rejected("<status xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:a@example.com\"/>");
    }

    @Test
    void presenceOutsideThePidfNamespaceIs400() {
      rejected("<presence xmlns=\"urn:ietf:params:xml:ns:cpim-pidf\" entity=\"sip:a@example.com\"/>");
      rejected("<presence entity=\"sip:a@example.com\"/>");
    }

    @Test
    void presenceWithoutEntityIs400() {
      rejected("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>");
    }

    @Test
    void aTupleWithoutStatusIs400() {
      Validation.Rejected rejected = rejected("""
          <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@example.com">
            <tuple id="t1"><contact>sip:a@192.0.2.1</contact></tuple>
          </presence>""");

      assertThat(rejected.reason()).contains("t1");
    }

    @Test
    void aTupleWithoutIdIs400() {
      rejected("""
          <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@example.com">
            <tuple><status><basic>open</basic></status></tuple>
          </presence>""");
    }

    @Test
    void aStatusOfAnotherNamespaceDoesNotCount() {
      rejected("""
          <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@example.com">
            <tuple id="t1"><x:status xmlns:x="urn:example:x"/></tuple>
          </presence>""");
    }
  }

  @Nested
  class Compose {

    private final byte[] composed = Pidf.compose(ALICE, List.of(utf8(DESK_PHONE), utf8(SOFTPHONE)));

    @Test
    void twoPublicationsMakeOneValidDocumentOfThePresentity() {
      Document doc = validDocument(composed);

      assertThat(doc.getDocumentElement().getAttribute("entity")).isEqualTo(ALICE);
      assertThat(text(composed)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><presence ");
    }

    @Test
    void clashingTupleIdsAreMadeUniqueInPublicationOrder() {
      Document doc = validDocument(composed);

      assertThat(children(doc, Pidf.NS, "tuple")).extracting(tuple -> tuple.getAttribute("id"))
          .containsExactly("t1", "t1-2");
      assertThat(children(doc, Pidf.NS, "tuple").get(1).getTextContent()).contains("198.51.100.7");
    }

    @Test
    void thePersonAndTheDeviceAreKept() {
      Document doc = validDocument(composed);

      assertThat(children(doc, Pidf.DATA_MODEL_NS, "person")).hasSize(1);
      assertThat(children(doc, Pidf.DATA_MODEL_NS, "device")).hasSize(1);
      NodeList onThePhone = doc.getElementsByTagNameNS(RPID, "on-the-phone");
      assertThat(onThePhone.getLength()).isEqualTo(1);
    }

    @Test
    void prefixesAndTextPassThroughAsPublished() {
      assertThat(text(composed))
          .contains("<rpid:activities><rpid:on-the-phone/></rpid:activities>")
          .contains("<rpid:user-input>idle</rpid:user-input>")
          .contains("<note xml:lang=\"en\">Desk phone</note>")
          .contains("<note>Out to lunch &amp; back at 2</note>")
          .contains("<c:homepage>https://example.com/alice</c:homepage>")
          .contains("xmlns:rpid=\"" + RPID + "\"");
    }

    @Test
    void tuplesComeFirstThenNotesThenPersonsDevicesAndOtherExtensions() {
      Document doc = validDocument(composed);

      assertThat(XmlElements.children(doc.getDocumentElement())).extracting(Element::getLocalName)
          .containsExactly("tuple", "tuple", "note", "note", "person", "device", "homepage");
    }

    @Test
    void aPersonIdThatClashesWithATupleIdIsMadeUnique() {
      String person = """
          <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">
            <dm:person xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" id="t1"/>
          </presence>""";

      Document doc = validDocument(Pidf.compose(ALICE, List.of(utf8(DESK_PHONE), utf8(person))));

      assertThat(children(doc, Pidf.DATA_MODEL_NS, "person")).extracting(p -> p.getAttribute("id"))
          .containsExactly("p1", "t1-2");
    }

    @Test
    void aPrefixBoundToAnotherNamespaceElsewhereKeepsItsOwnMeaning() {
      String first = """
          <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:x="urn:example:one" entity="sip:alice@example.com">
            <x:mood>one</x:mood>
          </presence>""";
      String second = """
          <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:x="urn:example:two" entity="sip:alice@example.com">
            <x:mood>two</x:mood>
          </presence>""";

      Document doc = validDocument(Pidf.compose(ALICE, List.of(utf8(first), utf8(second))));

      assertThat(doc.getElementsByTagNameNS("urn:example:one", "mood").item(0).getTextContent()).isEqualTo("one");
      assertThat(doc.getElementsByTagNameNS("urn:example:two", "mood").item(0).getTextContent()).isEqualTo("two");
    }

    @Test
    void aPublicationWithPrefixedPidfElementsComposes() {
      String prefixed = """
          <p:presence xmlns:p="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">
            <p:tuple id="a"><p:status><p:basic>closed</p:basic></p:status></p:tuple>
            <ext>unqualified</ext>
          </p:presence>""";

      Document doc = validDocument(Pidf.compose(ALICE, List.of(utf8(prefixed))));

      assertThat(children(doc, Pidf.NS, "tuple")).hasSize(1);
      assertThat(doc.getElementsByTagNameNS("", "ext").getLength()).isEqualTo(1);
      assertThat(doc.getElementsByTagNameNS(Pidf.NS, "ext").getLength()).isZero();
    }

    @Test
    void invalidPublicationsAreSkipped() {
      List<byte[]> publications = List.of(utf8("<presence"), utf8(SOFTPHONE),
          utf8("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>"));

      Document doc = validDocument(Pidf.compose(ALICE, publications));

      assertThat(children(doc, Pidf.NS, "tuple")).extracting(tuple -> tuple.getAttribute("id"))
          .containsExactly("t1");
    }

    @Test
    void aBasicThatIsNeitherOpenNorClosedIsLeftOutOfItsTuple() {
      // baresip 1.0 until its user picks a status
      byte[] baresip = utf8("""
          <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">
            <tuple id="t4109"><status><basic>unknown</basic></status><contact>sip:alice@example.com</contact></tuple>
          </presence>""");

      Document doc = validDocument(Pidf.compose(ALICE, List.of(baresip, utf8(DESK_PHONE))));

      List<Element> tuples = children(doc, Pidf.NS, "tuple");
      assertThat(tuples).extracting(tuple -> tuple.getAttribute("id")).containsExactly("t4109", "t1");
      assertThat(tuples.get(0).getElementsByTagNameNS(Pidf.NS, "basic").getLength()).isZero();
      assertThat(tuples.get(0).getElementsByTagNameNS(Pidf.NS, "status").getLength()).isEqualTo(1);
      assertThat(tuples.get(1).getElementsByTagNameNS(Pidf.NS, "basic").item(0).getTextContent()).isEqualTo("open");
    }

    @Test
    void noPublicationsMakeADocumentWithoutTuplesAndNeverOpen() {
      byte[] empty = Pidf.compose(ALICE, List.of());

      assertThat(text(empty)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:alice@example.com\"/>");
      assertThat(text(empty)).doesNotContain("open");
      assertThat(Pidf.validate(empty)).isInstanceOf(Validation.Valid.class);
    }
  }

  @Nested
  class Make {

    @Test
    void closedIsTheDocumentTheDomWouldWriteEvenForAUriFullOfMarkup() {
      for (String uri : List.of(ALICE, "sip:a&b<c>\"d'e@example.com", "sip:tab\there@example.com", "sip:bell\u0007@x.org")) {
        Document dom = Pidf.newPresence(XmlText.legal(uri));
        org.w3c.dom.Element tuple = dom.createElementNS(Pidf.NS, "tuple");
        tuple.setAttribute("id", "closed");
        org.w3c.dom.Element status = dom.createElementNS(Pidf.NS, "status");
        org.w3c.dom.Element basic = dom.createElementNS(Pidf.NS, "basic");
        basic.setTextContent("closed");
        status.appendChild(basic);
        tuple.appendChild(status);
        dom.getDocumentElement().appendChild(tuple);

        Document closed = validDocument(Pidf.closed(uri));

        assertThat(closed.getDocumentElement().getAttribute("entity")).as(uri).isEqualTo(XmlText.legal(uri));
        assertThat(closed.isEqualNode(validDocument(SafeXml.serialize(dom)))).as(uri).isTrue();
      }
      assertThat(text(Pidf.closed(ALICE))).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:alice@example.com\">"
          + "<tuple id=\"closed\"><status><basic>closed</basic></status></tuple></presence>");
    }

    @Test
    void closedHasOneClosedTuple() {
      Document doc = validDocument(Pidf.closed(ALICE));

      List<Element> tuples = children(doc, Pidf.NS, "tuple");
      assertThat(tuples).hasSize(1);
      assertThat(tuples.get(0).getElementsByTagNameNS(Pidf.NS, "basic").item(0).getTextContent())
          .isEqualTo("closed");
      assertThat(doc.getDocumentElement().getAttribute("entity")).isEqualTo(ALICE);
    }
  }

  @Nested
  class Remembered {

    private final byte[] desk = DESK_PHONE.getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyValidatedAgainOnTheSameThreadIsNotParsedAgain() {
      Validation first = Pidf.validate(desk);

      assertThat(Pidf.validate(desk.clone())).isSameAs(first);
    }

    @Test
    void aBodyChangedByItsCallerAfterValidationIsValidatedAnew() {
      byte[] body = DESK_PHONE.getBytes(StandardCharsets.UTF_8);
      assertThat(Pidf.validate(body)).isInstanceOf(Validation.Valid.class);

      body[body.length - 3] = '!';

      assertThat(Pidf.validate(body)).isInstanceOf(Validation.Rejected.class);
      assertThat(Pidf.validate(DESK_PHONE.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void anotherThreadParsesForItself() throws Exception {
      Validation here = Pidf.validate(desk);
      Validation[] there = new Validation[1];
      Thread thread = new Thread(() -> there[0] = Pidf.validate(desk));
      thread.start();
      thread.join();

      assertThat(there[0]).isInstanceOf(Validation.Valid.class).isNotSameAs(here);
    }

    @Test
    void aComposedDocumentChangedByItsCallerIsComposedIntactNextTime() {
      byte[] first = Pidf.compose(ALICE, List.of(desk));
      byte[] expected = first.clone();

      java.util.Arrays.fill(first, (byte) 'x');

      assertThat(Pidf.compose(ALICE, List.of(desk))).isEqualTo(expected);
    }

    @Test
    void aClosedDocumentChangedByItsCallerIsMadeIntactNextTime() {
      byte[] first = Pidf.closed(ALICE);
      byte[] expected = first.clone();

      java.util.Arrays.fill(first, (byte) 'x');

      assertThat(Pidf.closed(ALICE)).isEqualTo(expected);
      assertThat(validDocument(Pidf.closed("sip:carol@example.com")).getDocumentElement().getAttribute("entity"))
          .isEqualTo("sip:carol@example.com");
    }

    @Test
    void theSamePublicationsOfAnotherPresentityComposeItsOwnDocument() {
      String bob = "sip:bob@example.com";

      Pidf.compose(ALICE, List.of(desk));

      assertThat(validDocument(Pidf.compose(bob, List.of(desk))).getDocumentElement().getAttribute("entity"))
          .isEqualTo(bob);
    }
  }
}
