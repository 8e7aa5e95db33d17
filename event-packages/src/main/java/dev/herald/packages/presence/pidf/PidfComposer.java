package dev.herald.packages.presence.pidf;

import dev.herald.packages.xml.XmlElements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Builds one PIDF document from the valid publications of a presentity. Elements are copied
 * deep with their prefixes, so text such as {@code <rpid:away/>} survives; each publication's
 * root namespace declarations go on the composed root, or on the copies where they conflict.
 * A {@code <basic>} other than open or closed is left out of its tuple (RFC 3863 §4.1.4: basic
 * is optional and has no other value; baresip 1.0 publishes "unknown" until its user picks a
 * status, and Linphone answers 488 to a NOTIFY that carries it).
 */
final class PidfComposer {

  private final Document doc;
  private final Element root;
  /** Prefix ("" for the default namespace) to namespace, as declared on the composed root. */
  private final Map<String, String> rootDeclarations = new HashMap<>();
  private final IdAllocator ids = new IdAllocator();
  private final List<Element> tuples = new ArrayList<>();
  private final List<Element> notes = new ArrayList<>();
  private final List<Element> persons = new ArrayList<>();
  private final List<Element> devices = new ArrayList<>();
  private final List<Element> others = new ArrayList<>();

  PidfComposer(String presentityUri) {
    this.doc = Pidf.newPresence(presentityUri);
    this.root = doc.getDocumentElement();
    rootDeclarations.put("", Pidf.NS);
  }

  /** Adds the top-level elements of a valid publication. */
  void add(Document publication) {
    Map<String, String> conflicting = declareOnRoot(publication.getDocumentElement());
    for (Element child : XmlElements.children(publication.getDocumentElement())) {
      Element copy = (Element) doc.importNode(child, true);
      conflicting.forEach((prefix, namespace) -> declareUnlessDeclared(copy, prefix, namespace));
      file(copy);
    }
  }

  /**
   * The composed document. RFC 3863 §4.4 orders a presence as tuples, notes, then elements of
   * other namespaces, where RFC 4479's person and device belong.
   */
  Document document() {
    for (List<Element> group : List.of(tuples, notes, persons, devices, others)) {
      group.forEach(root::appendChild);
      group.clear();
    }
    return doc;
  }

  private Map<String, String> declareOnRoot(Element sourceRoot) {
    Map<String, String> conflicting = new LinkedHashMap<>();
    Map<String, String> declarations = declarations(sourceRoot);
    declarations.forEach((prefix, namespace) -> {
      String declared = rootDeclarations.putIfAbsent(prefix, namespace);
      if (declared == null) {
        root.setAttributeNS(XmlElements.XMLNS_NS, "xmlns:" + prefix, namespace);
      } else if (!declared.equals(namespace)) {
        conflicting.put(prefix, namespace);
      }
    });
    return conflicting;
  }

  /** The namespace declarations of {@code element}, the default one always (no namespace is ""). */
  private static Map<String, String> declarations(Element element) {
    Map<String, String> declarations = new LinkedHashMap<>();
    declarations.put("", "");
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      if (!XmlElements.XMLNS_NS.equals(attribute.getNamespaceURI())) {
        continue;
      }
      String prefix = "xmlns".equals(attribute.getLocalName()) ? "" : attribute.getLocalName();
      if (!XMLConstants.XML_NS_PREFIX.equals(prefix)) {
        declarations.put(prefix, attribute.getValue());
      }
    }
    return declarations;
  }

  private static void declareUnlessDeclared(Element element, String prefix, String namespace) {
    String name = prefix.isEmpty() ? "xmlns" : prefix;
    if (!element.hasAttributeNS(XmlElements.XMLNS_NS, name)) {
      element.setAttributeNS(XmlElements.XMLNS_NS, prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, namespace);
    }
  }

  private void file(Element copy) {
    if (Pidf.isPidf(copy, "tuple")) {
      withoutUnknownBasic(copy);
      tuples.add(withUniqueId(copy));
    } else if (Pidf.isPidf(copy, "note")) {
      notes.add(copy);
    } else if (isDataModel(copy, "person")) {
      persons.add(withUniqueId(copy));
    } else if (isDataModel(copy, "device")) {
      devices.add(withUniqueId(copy));
    } else {
      others.add(copy);
    }
  }

  private static void withoutUnknownBasic(Element tuple) {
    for (Element status : XmlElements.children(tuple)) {
      if (!Pidf.isPidf(status, "status")) {
        continue;
      }
      for (Element basic : XmlElements.children(status)) {
        String value = basic.getTextContent().strip();
        if (Pidf.isPidf(basic, "basic") && !value.equals("open") && !value.equals("closed")) {
          status.removeChild(basic);
        }
      }
    }
  }

  // RFC 3863 §4.1.2 and RFC 4479 §4: ids are unique within a document.
  private Element withUniqueId(Element element) {
    if (element.hasAttribute("id")) {
      element.setAttribute("id", ids.claim(element.getAttribute("id")));
    }
    return element;
  }

  private static boolean isDataModel(Element element, String localName) {
    return Pidf.DATA_MODEL_NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
  }
}
