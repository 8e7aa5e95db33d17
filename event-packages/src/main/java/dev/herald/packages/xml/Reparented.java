package dev.herald.packages.xml;

import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/** Elements of one published document moved under the root of another. */
public final class Reparented {

  private static final String XMLNS_NS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

  private Reparented() {}

  /**
   * A deep copy of {@code element} for {@code doc}, carrying the namespace declarations of its
   * document's root that it does not make itself, so its prefixes, and QNames in its text, keep their
   * meaning under a root whose default namespace is {@code targetNamespace}.
   */
  public static Element copy(Document doc, Element sourceRoot, Element element, String targetNamespace) {
    Element copy = (Element) doc.importNode(element, true);
    String defaultNamespace = "";
    NamedNodeMap attributes = sourceRoot.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr declaration = (Attr) attributes.item(i);
      if (!XMLNS_NS.equals(declaration.getNamespaceURI())) {
        continue;
      }
      if (declaration.getName().equals("xmlns")) {
        defaultNamespace = declaration.getValue();
      } else if (!copy.hasAttributeNS(XMLNS_NS, declaration.getLocalName())) {
        copy.setAttributeNS(XMLNS_NS, declaration.getName(), declaration.getValue());
      }
    }
    if (!defaultNamespace.equals(targetNamespace) && !copy.hasAttributeNS(XMLNS_NS, "xmlns")) {
      copy.setAttributeNS(XMLNS_NS, "xmlns", defaultNamespace);
    }
    return copy;
  }
}
