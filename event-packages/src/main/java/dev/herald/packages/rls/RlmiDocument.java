package dev.herald.packages.rls;

import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlElements;
import dev.herald.packages.xml.XmlText;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The application/rlmi+xml root of a resource list NOTIFY (RFC 4662 §5). The DOM escapes every
 * value, after {@link XmlText#legal} has replaced what XML cannot carry.
 */
public final class RlmiDocument {

  public static final String NS = "urn:ietf:params:xml:ns:rlmi";
  public static final String CONTENT_TYPE = "application/rlmi+xml";

  private RlmiDocument() {}

  /** {@code list} as UTF-8 bytes. */
  public static byte[] write(RlmiList list) {
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(NS, "list");
    root.setAttributeNS(XmlElements.XMLNS_NS, "xmlns", NS);
    root.setAttribute("uri", XmlText.legal(list.uri()));
    root.setAttribute("version", Long.toString(list.version()));
    root.setAttribute("fullState", Boolean.toString(list.fullState()));
    doc.appendChild(root);
    appendName(root, list.name());
    for (RlmiResource resource : list.resources()) {
      root.appendChild(resource(doc, resource));
    }
    return SafeXml.serialize(doc);
  }

  private static Element resource(Document doc, RlmiResource resource) {
    Element element = doc.createElementNS(NS, "resource");
    element.setAttribute("uri", XmlText.legal(resource.uri()));
    appendName(element, resource.name());
    for (RlmiInstance instance : resource.instances()) {
      Element child = doc.createElementNS(NS, "instance");
      child.setAttribute("id", XmlText.legal(instance.id()));
      child.setAttribute("state", instance.state().token());
      if (instance.reason() != null) {
        child.setAttribute("reason", XmlText.legal(instance.reason()));
      }
      if (instance.cid() != null) {
        child.setAttribute("cid", instance.cid());
      }
      element.appendChild(child);
    }
    return element;
  }

  // RFC 4662 §5.1: names come before the resources of a list and the instances of a resource.
  private static void appendName(Element parent, String name) {
    if (name != null) {
      Element element = parent.getOwnerDocument().createElementNS(NS, "name");
      element.setTextContent(XmlText.legal(name));
      parent.appendChild(element);
    }
  }
}
