package dev.herald.packages.rls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlElements;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class RlmiDocumentTest {

  private static final String LIST = "sip:friends@example.com";
  private static final String BOB = "sip:bob@example.org";
  private static final String CAROL = "sip:carol@example.net";
  private static final String BOB_CID = ContentIds.forResource(BOB, 3, "example.com");

  private static Element root(byte[] body) {
    ParseResult result = SafeXml.parse(body);
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    Element root = ((ParseResult.Parsed) result).document().getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(RlmiDocument.NS);
    assertThat(root.getLocalName()).isEqualTo("list");
    return root;
  }

  private static RlmiList fullList() {
    return new RlmiList(LIST, 3, true, "Friends", List.of(
        new RlmiResource(BOB, "Bob", List.of(RlmiInstance.active("b1", BOB_CID))),
        new RlmiResource(CAROL, null, List.of(RlmiInstance.pending("c1")))));
  }

  @Test
  void listCarriesUriVersionFullStateAndNameInTheRlmiNamespace() {
    Element root = root(RlmiDocument.write(fullList()));

    assertThat(root.getAttribute("uri")).isEqualTo(LIST);
    assertThat(root.getAttribute("version")).isEqualTo("3");
    assertThat(root.getAttribute("fullState")).isEqualTo("true");
    Element name = XmlElements.children(root).get(0);
    assertThat(name.getLocalName()).isEqualTo("name");
    assertThat(name.getNamespaceURI()).isEqualTo(RlmiDocument.NS);
    assertThat(name.getTextContent()).isEqualTo("Friends");
  }

  @Test
  void fullStateDocumentListsEveryResourceWithItsInstancesInOrder() {
    Element root = root(RlmiDocument.write(fullList()));

    List<Element> resources = XmlElements.children(root).stream()
        .filter(e -> e.getLocalName().equals("resource")).toList();
    assertThat(resources).extracting(e -> e.getAttribute("uri")).containsExactly(BOB, CAROL);
    List<Element> bob = XmlElements.children(resources.get(0));
    assertThat(bob).extracting(Element::getLocalName).containsExactly("name", "instance");
    assertThat(bob.get(0).getTextContent()).isEqualTo("Bob");
    assertThat(bob.get(1).getAttribute("id")).isEqualTo("b1");
    assertThat(bob.get(1).getAttribute("state")).isEqualTo("active");
    assertThat(bob.get(1).getAttribute("cid")).isEqualTo(BOB_CID);
    Element carol = XmlElements.children(resources.get(1)).get(0);
    assertThat(carol.getAttribute("state")).isEqualTo("pending");
    assertThat(carol.hasAttribute("cid")).isFalse();
    assertThat(carol.hasAttribute("reason")).isFalse();
  }

  @Test
  void partialDocumentSaysFullStateFalseAndListsOnlyWhatItIsGiven() {
    RlmiList partial = new RlmiList(LIST, 4, false, null,
        List.of(new RlmiResource(CAROL, null, List.of(RlmiInstance.terminated("c1", "rejected")))));

    Element root = root(RlmiDocument.write(partial));

    assertThat(root.getAttribute("fullState")).isEqualTo("false");
    assertThat(root.getAttribute("version")).isEqualTo("4");
    List<Element> children = XmlElements.children(root);
    assertThat(children).extracting(Element::getLocalName).containsExactly("resource");
    Element instance = XmlElements.children(children.get(0)).get(0);
    assertThat(instance.getAttribute("state")).isEqualTo("terminated");
    assertThat(instance.getAttribute("reason")).isEqualTo("rejected");
    assertThat(instance.hasAttribute("cid")).isFalse();
  }

  @Test
  void resourceWithoutInstancesIsWrittenBare() {
    RlmiList list = new RlmiList(LIST, 0, true, null, List.of(new RlmiResource(BOB, null, List.of())));

    Element resource = XmlElements.children(root(RlmiDocument.write(list))).get(0);

    assertThat(XmlElements.children(resource)).isEmpty();
  }

  @Test
  void markupAndCharactersXmlCannotCarryStayWellFormed() {
    RlmiList list = new RlmiList("sip:a&b@example.com;x=\"<y>\"", 0, true, "Tom & \u0007Jerry <3",
        List.of(new RlmiResource(BOB, "Bob\u0000", List.of())));

    Element root = root(RlmiDocument.write(list));

    assertThat(root.getAttribute("uri")).isEqualTo("sip:a&b@example.com;x=\"<y>\"");
    assertThat(XmlElements.children(root).get(0).getTextContent()).isEqualTo("Tom & \uFFFDJerry <3");
  }

  @Test
  void versionIsAnUnsignedInt() {
    assertThatThrownBy(() -> new RlmiList(LIST, -1, true, null, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RlmiList(LIST, 0x1_0000_0000L, true, null, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new RlmiList(LIST, 0xFFFF_FFFFL, true, null, List.of()).version()).isEqualTo(0xFFFF_FFFFL);
  }

  @Test
  void reasonOnlyOnTerminatedInstances() {
    assertThatThrownBy(() -> new RlmiInstance("i", RlmiInstance.State.ACTIVE, "rejected", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RlmiInstance("i", RlmiInstance.State.PENDING, "rejected", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RlmiInstance.terminated("i", "deactivated").reason()).isEqualTo("deactivated");
  }

  @Test
  void terminatedInstanceHasNoBodyPart() {
    assertThatThrownBy(() -> new RlmiInstance("i", RlmiInstance.State.TERMINATED, null, BOB_CID))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void instanceNeedsAnIdAndAValidCid() {
    assertThatThrownBy(() -> RlmiInstance.active("", BOB_CID)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RlmiInstance.active("i", "<" + BOB_CID + ">"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RlmiInstance.active("i", "no-at-sign")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void instanceIdsAreUniqueWithinAResource() {
    assertThatThrownBy(() -> new RlmiResource(BOB, null, List.of(RlmiInstance.pending("x"), RlmiInstance.pending("x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resourcesAndCidsAreUniqueWithinAList() {
    RlmiResource bob = new RlmiResource(BOB, null, List.of(RlmiInstance.active("b1", BOB_CID)));
    assertThatThrownBy(() -> new RlmiList(LIST, 0, true, null, List.of(bob, bob)))
        .isInstanceOf(IllegalArgumentException.class);
    RlmiResource carolSameCid = new RlmiResource(CAROL, null, List.of(RlmiInstance.active("c1", BOB_CID)));
    assertThatThrownBy(() -> new RlmiList(LIST, 0, true, null, List.of(bob, carolSameCid)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
