package dev.herald.packages.rls;

import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlElements;
import dev.herald.packages.xml.XmlText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * RFC 4826 resource-lists documents of one list: read into its members, and written back.
 *
 * <p>Herald keeps lists flat: inline {@code <list>} elements inside the list give their entries to
 * it. A member that is a list is named by its URI in an {@code <entry>}; {@code <entry-ref>} and
 * {@code <external>} (references into XCAP documents) are refused, as Herald holds no XCAP store.
 */
public final class ResourceListDocument {

  public static final String NS = "urn:ietf:params:xml:ns:resource-lists";
  public static final String CONTENT_TYPE = "application/resource-lists+xml";
  /** Inline lists nested deeper than this are refused, so no document can exhaust the stack. */
  static final int MAX_INLINE_NESTING = 32;

  private ResourceListDocument() {}

  /** The list {@code body} holds; bad input is a {@link ListParse.Refused}, never an exception. */
  public static ListParse parse(byte[] body) {
    ParseResult parsed = SafeXml.parse(body);
    if (parsed instanceof ParseResult.Invalid invalid) {
      return new ListParse.Refused(invalid.reason());
    }
    Element root = ((ParseResult.Parsed) parsed).document().getDocumentElement();
    if (!NS.equals(root.getNamespaceURI())) {
      return new ListParse.Refused("not a resource-lists document: the root is {" + root.getNamespaceURI() + "}"
          + root.getLocalName() + ", expected <resource-lists> in " + NS);
    }
    Element list;
    if (root.getLocalName().equals("list")) {
      list = root;
    } else if (root.getLocalName().equals("resource-lists")) {
      // RFC 4826 section 3.2: <resource-lists> holds lists; Herald's document is of one.
      List<Element> lists = XmlElements.children(root).stream().filter(e -> isOurs(e, "list")).toList();
      if (lists.size() != 1) {
        return new ListParse.Refused("a document of one list has one <list> in <resource-lists>, not " + lists.size());
      }
      list = lists.get(0);
    } else {
      return new ListParse.Refused("the root element is <" + root.getLocalName() + ">, expected <resource-lists>");
    }
    Map<String, ListMember> entries = new LinkedHashMap<>();
    try {
      collect(list, entries, 0);
    } catch (IllegalArgumentException e) {
      return new ListParse.Refused(e.getMessage());
    }
    return new ListParse.Parsed(displayName(list), List.copyOf(entries.values()));
  }

  /** Gathers the entries of {@code list} and of the lists inside it; the first of a URI wins. */
  private static void collect(Element list, Map<String, ListMember> entries, int nesting) {
    if (nesting > MAX_INLINE_NESTING) {
      throw new IllegalArgumentException("inline lists nest more than " + MAX_INLINE_NESTING + " deep");
    }
    for (Element child : XmlElements.children(list)) {
      if (!NS.equals(child.getNamespaceURI())) {
        continue; // RFC 4826 section 3.2: elements of other namespaces may extend a list.
      }
      switch (child.getLocalName()) {
        case "entry" -> {
          String uri = child.getAttribute("uri");
          if (uri.isEmpty()) {
            throw new IllegalArgumentException("an <entry> has no uri attribute");
          }
          ListMember member = ListMember.of(uri, displayName(child));
          entries.putIfAbsent(member.uri(), member);
        }
        case "list" -> collect(child, entries, nesting + 1);
        case "entry-ref", "external" -> throw new IllegalArgumentException("<" + child.getLocalName()
            + "> is not supported: Herald holds no XCAP documents to resolve it; name each member in an <entry>");
        case "display-name" -> { }
        default -> throw new IllegalArgumentException("unknown element <" + child.getLocalName() + "> in a <list>");
      }
    }
  }

  private static String displayName(Element element) {
    return XmlElements.children(element).stream().filter(e -> isOurs(e, "display-name"))
        .map(e -> e.getTextContent().strip()).filter(text -> !text.isEmpty()).findFirst().orElse(null);
  }

  private static boolean isOurs(Element element, String localName) {
    return NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
  }

  /** The list as a resource-lists document of one {@code <list>} (RFC 4826 section 3.2). */
  public static byte[] toXml(String name, List<ListMember> entries) {
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(NS, "resource-lists");
    doc.appendChild(root);
    Element list = doc.createElementNS(NS, "list");
    root.appendChild(list);
    if (name != null) {
      list.appendChild(textElement(doc, "display-name", name));
    }
    for (ListMember member : entries) {
      Element entry = doc.createElementNS(NS, "entry");
      entry.setAttribute("uri", XmlText.legal(member.uri()));
      if (member.displayName() != null) {
        entry.appendChild(textElement(doc, "display-name", member.displayName()));
      }
      list.appendChild(entry);
    }
    return SafeXml.serialize(doc);
  }

  private static Element textElement(Document doc, String localName, String text) {
    Element element = doc.createElementNS(NS, localName);
    element.setTextContent(XmlText.legal(text));
    return element;
  }
}
