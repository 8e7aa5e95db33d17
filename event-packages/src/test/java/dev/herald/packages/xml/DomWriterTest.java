package dev.herald.packages.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The rules {@link DomWriter} writes by, each checked against the JDK's Transformer where both agree. */
class DomWriterTest {

  private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

  private static Document parsed(String text) {
    return ((ParseResult.Parsed) SafeXml.parse(text.getBytes(StandardCharsets.UTF_8))).document();
  }

  private static String written(Document doc) {
    String written = TransformerOracle.write(doc);
    assertThat(written).as("as the Transformer writes it").isEqualTo(TransformerOracle.transform(doc));
    return written;
  }

  private static Document withRoot(String namespace, String name) {
    Document doc = SafeXml.newDocument();
    doc.appendChild(doc.createElementNS(namespace, name));
    return doc;
  }

  @Test
  void textEscapesMarkupCarriageReturnsC1ControlsAndSupplementaryCharacters() {
    Document doc = withRoot(null, "a");
    doc.getDocumentElement().setTextContent("x & y < z > w \"q\" 'a'\r\n\tMüller\u0085 😀");

    assertThat(written(doc)).isEqualTo("<a>x &amp; y &lt; z &gt; w \"q\" 'a'&#13;\n\tMüller&#133; &#128512;</a>");
  }

  @Test
  void attributeValuesEscapeQuotesMarkupAndWhitespaceButNotApostrophes() {
    Document doc = withRoot(null, "a");
    doc.getDocumentElement().setAttribute("v", "x & y < z > w \"q\" 'a'\t\n\r\u0085 😀");

    assertThat(written(doc)).isEqualTo("<a v=\"x &amp; y &lt; z &gt; w &quot;q&quot; 'a'&#9;&#10;&#13;\u0085 &#128512;\"/>");
  }

  @Test
  void anElementWithoutContentIsEmptyElementTagEvenWithAnEmptyTextOrCdataChild() {
    Document doc = withRoot(null, "a");
    Element root = doc.getDocumentElement();
    root.appendChild(doc.createElement("b")).appendChild(doc.createTextNode(""));
    root.appendChild(doc.createElement("c")).appendChild(doc.createCDATASection(""));
    root.appendChild(doc.createElement("d")).appendChild(doc.createComment(""));

    assertThat(written(doc)).isEqualTo("<a><b/><c/><d><!----></d></a>");
  }

  @Test
  void charactersXmlDoesNotAllowBecomeReplacementCharactersNotReferences() {
    Document doc = withRoot(null, "a");
    doc.getDocumentElement().setAttribute("v", "x\u0001y");
    doc.getDocumentElement().setTextContent("a\u0000b\uFFFEc\uD800d");

    String written = TransformerOracle.write(doc);

    assertThat(written).isEqualTo("<a v=\"x\uFFFDy\">a\uFFFDb\uFFFDc\uFFFDd</a>");
    assertThat(SafeXml.parse(written.getBytes(StandardCharsets.UTF_8))).isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void commentsProcessingInstructionsAndCdataCannotBeEndedByTheirContent() {
    Document doc = withRoot(null, "a");
    Element root = doc.getDocumentElement();
    root.appendChild(doc.createComment("a--b---c-"));
    root.appendChild(doc.createProcessingInstruction("app", "x?>y"));
    root.appendChild(doc.createProcessingInstruction("app", ""));
    root.appendChild(doc.createCDATASection("<b>]]>&"));

    assertThat(written(doc)).isEqualTo(
        "<a><!--a- -b- - -c- --><?app x? >y?><?app?><![CDATA[<b>]]]]><![CDATA[>&]]></a>");
  }

  @Test
  void aCdataSectionOpensAtItsFirstCharacterOfTheBasicMultilingualPlane() {
    Document doc = withRoot(null, "a");
    doc.getDocumentElement().appendChild(doc.createCDATASection("😀\nx😀"));
    doc.getDocumentElement().appendChild(doc.createCDATASection("😀"));

    assertThat(written(doc)).isEqualTo("<a>😀\n<![CDATA[x😀]]>😀</a>");
  }

  @Test
  void aNamespaceNotInScopeIsDeclaredOnTheElementThatUsesIt() {
    Document doc = withRoot("urn:r", "r");
    Element child = doc.createElementNS("urn:p", "p:c");
    doc.getDocumentElement().appendChild(child);
    child.appendChild(doc.createElementNS("urn:p", "p:d"));

    assertThat(written(doc)).isEqualTo("<r xmlns=\"urn:r\"><p:c xmlns:p=\"urn:p\"><p:d/></p:c></r>");
  }

  @Test
  void aDeclarationAlreadyInScopeIsNotRepeated() {
    Document doc = withRoot("urn:r", "r");
    doc.getDocumentElement().setAttributeNS(XMLNS, "xmlns:p", "urn:p");
    Element child = doc.createElementNS("urn:r", "c");
    child.setAttributeNS(XMLNS, "xmlns", "urn:r");
    child.setAttributeNS(XMLNS, "xmlns:p", "urn:p");
    doc.getDocumentElement().appendChild(child);

    assertThat(written(doc)).isEqualTo("<r xmlns:p=\"urn:p\" xmlns=\"urn:r\"><c/></r>");
  }

  @Test
  void anElementInNoNamespaceUnderADefaultNamespaceUndeclaresIt() {
    Document doc = withRoot("urn:r", "r");
    doc.getDocumentElement().appendChild(doc.createElementNS(null, "plain"));

    assertThat(written(doc)).isEqualTo("<r xmlns=\"urn:r\"><plain xmlns=\"\"/></r>");
  }

  @Test
  void anAttributeInANamespaceGetsItsPrefixDeclaredOrOneMadeUp() {
    Document doc = withRoot(null, "a");
    doc.getDocumentElement().setAttributeNS("urn:x", "a:one", "1");
    doc.getDocumentElement().setAttributeNS("urn:y", "two", "2");

    // Made-up prefixes count the namespaced attributes before, in the order of the attribute map.
    assertThat(written(doc)).isEqualTo("<a xmlns:a=\"urn:x\" a:one=\"1\" xmlns:ns1=\"urn:y\" ns1:two=\"2\"/>");
  }

  @Test
  void aPrefixBoundAgainOnOneElementTakesItsLastBinding() {
    Document doc = withRoot("urn:r", "r");
    Element child = doc.createElementNS("urn:p", "p:c");
    child.setAttributeNS(XMLNS, "xmlns:p", "urn:stale");
    child.setAttribute("z", "1");
    doc.getDocumentElement().appendChild(child);
    child.appendChild(doc.createElementNS("urn:stale", "p:d"));

    assertThat(written(doc)).isEqualTo(
        "<r xmlns=\"urn:r\"><p:c xmlns:p=\"urn:p\" z=\"1\"><p:d xmlns:p=\"urn:stale\"/></p:c></r>");
  }

  @Test
  void theXmlPrefixIsNeverDeclared() {
    Document doc = parsed("<a xml:lang='en'><b xml:space='preserve'/></a>");

    assertThat(written(doc)).isEqualTo("<a xml:lang=\"en\"><b xml:space=\"preserve\"/></a>");
  }

  @Test
  void aParsedDocumentIsWrittenAsItWasRead() {
    String text = "<a xmlns=\"urn:x\" xmlns:p=\"urn:p\">\n  <p:b p:c=\"1\">x &amp; y</p:b>\n  <!--n--><c/><?pi d?>\n</a>";

    assertThat(written(parsed(text))).isEqualTo(text);
  }

  @Test
  void serializeWritesTheDeclarationThenTheWriterOutputInUtf8() {
    Document doc = parsed("<a>Café — 会議中</a>");

    assertThat(SafeXml.serialize(doc)).isEqualTo(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>Café — 会議中</a>".getBytes(StandardCharsets.UTF_8));
  }
}
