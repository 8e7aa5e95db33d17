package dev.herald.packages.xml;

import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM helpers of the XML formats. */
public final class XmlElements {

  public static final String XMLNS_NS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

  private XmlElements() {}

  /** The child elements of {@code parent}, in document order. */
  public static List<Element> children(Element parent) {
    List<Element> children = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        children.add(element);
      }
    }
    return children;
  }
}
