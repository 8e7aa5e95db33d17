package dev.herald.packages.xml;

import java.util.Arrays;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a DOM tree as XML text without indentation, byte for byte as the JDK's identity
 * {@code Transformer} writes it, at a fraction of its cost. Elements and attributes made with
 * {@code createElementNS}, or imported from another document, may use a prefix declared only in
 * their source document: the writer declares every namespace an element or attribute needs where
 * it is not in scope (Namespaces in XML §6), as the Transformer does.
 *
 * <p>Characters outside the XML 1.0 Char production (§2.2) are written as U+FFFD ({@link XmlText#legal}),
 * where the Transformer would write a reference that leaves the document malformed.
 */
final class DomWriter {

  private static final String XML_PREFIX = XMLConstants.XML_NS_PREFIX;
  private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE;

  private final StringBuilder out;

  /** Namespace bindings in scope, innermost last; the default namespace is the prefix "". */
  private String[] prefixes = new String[16];
  private String[] uris = new String[16];
  /** Where each binding declared on the open start tag sits in {@link #attributeValues}, or -1. */
  private int[] declarations = new int[16];
  private int bindings;

  /** The attributes of the start tag being written, declarations included. */
  private String[] attributeNames = new String[8];
  private String[] attributeValues = new String[8];
  private int attributeCount;

  private DomWriter(StringBuilder out) {
    this.out = out;
  }

  /** Appends {@code node} and its descendants to {@code out}. */
  static void write(Node node, StringBuilder out) {
    new DomWriter(out).node(node);
  }

  /** Writes {@code node}; empty text and CDATA write nothing, so an element holding only them is {@code <a/>}. */
  private void node(Node node) {
    switch (node.getNodeType()) {
      case Node.DOCUMENT_NODE, Node.DOCUMENT_FRAGMENT_NODE -> {
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
          node(child);
        }
      }
      case Node.ELEMENT_NODE -> element((Element) node);
      case Node.TEXT_NODE -> XmlText.appendText(out, XmlText.legal(node.getNodeValue()));
      case Node.CDATA_SECTION_NODE -> {
        if (!node.getNodeValue().isEmpty()) {
          cdata(XmlText.legal(node.getNodeValue()));
        }
      }
      case Node.COMMENT_NODE -> comment(XmlText.legal(node.getNodeValue()));
      case Node.PROCESSING_INSTRUCTION_NODE -> processingInstruction(node.getNodeName(), XmlText.legal(node.getNodeValue()));
      // A document type, and entity references the safe parser never makes, are left out as the Transformer does.
      default -> { }
    }
  }

  private void element(Element element) {
    int scope = bindings;
    attributeCount = 0;
    // A Xerces element makes its attribute map when first asked for it.
    NamedNodeMap attributes = element.hasAttributes() ? element.getAttributes() : null;
    int length = attributes == null ? 0 : attributes.getLength();
    // Declarations first, then the other attributes with the namespaces they need, then the element's own.
    for (int i = 0; i < length; i++) {
      String name = attributes.item(i).getNodeName();
      if (name.startsWith(XMLNS)) {
        int colon = name.lastIndexOf(':');
        declare(colon > 0 ? name.substring(colon + 1) : "", attributes.item(i).getNodeValue(), scope);
      }
    }
    int namespaced = 0;
    for (int i = 0; i < length; i++) {
      Attr attribute = (Attr) attributes.item(i);
      String name = attribute.getNodeName();
      if (name.startsWith(XMLNS)) {
        continue;
      }
      String uri = attribute.getNamespaceURI();
      if (uri == null || uri.isEmpty()) {
        addAttribute(name, attribute.getValue());
        continue;
      }
      // An unprefixed attribute is in no namespace (Namespaces in XML §6.2): one that has a namespace gets a made-up prefix.
      String madeUp = XMLConstants.XML_NS_URI.equals(uri) ? XML_PREFIX : "ns" + namespaced++;
      int colon = name.indexOf(':');
      String prefix = colon > 0 ? name.substring(0, colon) : madeUp;
      declare(prefix, uri, scope);
      addAttribute(colon > 0 ? name : prefix + ':' + name, attribute.getValue());
    }
    String name = element.getNodeName();
    String uri = element.getNamespaceURI();
    if (uri != null) {
      int colon = name.indexOf(':');
      declare(colon > 0 ? name.substring(0, colon) : "", uri, scope);
    } else if (element.getLocalName() != null) {
      // Made with createElementNS(null, ...): in no namespace, so a default namespace in scope is undeclared.
      declare("", "", scope);
    }

    out.append('<').append(name);
    for (int i = 0; i < attributeCount; i++) {
      out.append(' ').append(attributeNames[i]).append("=\"");
      XmlText.appendAttribute(out, XmlText.legal(attributeValues[i]));
      out.append('"');
    }
    out.append('>');
    int contentStart = out.length();
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      node(child);
    }
    if (out.length() == contentStart) {
      out.setLength(contentStart - 1);
      out.append("/>");
    } else {
      out.append("</").append(name).append('>');
    }
    bindings = scope;
  }

  /**
   * Binds {@code prefix} to {@code uri} on the start tag being written, declaring it unless it is
   * so bound already. A second binding of one prefix on the same tag replaces the first, so the
   * last one the Transformer would see wins. The prefix xml and any other starting with it are
   * reserved (Namespaces in XML §3) and never declared.
   */
  private void declare(String prefix, String uri, int scope) {
    if (prefix.startsWith(XML_PREFIX)) {
      return;
    }
    int bound = bindings - 1;
    while (bound >= 0 && !prefixes[bound].equals(prefix)) {
      bound--;
    }
    String inScope = bound >= 0 ? uris[bound] : prefix.isEmpty() ? "" : null;
    if (uri.equals(inScope)) {
      return;
    }
    if (bound >= scope) {
      uris[bound] = uri;
      if (declarations[bound] >= 0) {
        attributeValues[declarations[bound]] = uri;
      }
      return;
    }
    if (bindings == prefixes.length) {
      prefixes = Arrays.copyOf(prefixes, bindings * 2);
      uris = Arrays.copyOf(uris, bindings * 2);
      declarations = Arrays.copyOf(declarations, bindings * 2);
    }
    prefixes[bindings] = prefix;
    uris[bindings] = uri;
    declarations[bindings] = -1;
    // Namespaces in XML 1.0 §3 allows no empty value for a prefix: the binding holds, unwritten.
    if (prefix.isEmpty() || !uri.isEmpty()) {
      declarations[bindings] = attributeCount;
      addAttribute(prefix.isEmpty() ? XMLNS : XMLNS + ':' + prefix, uri);
    }
    bindings++;
  }

  /** A second attribute of one name on the tag, which fix-up can make, replaces the first's value as in the Transformer. */
  private void addAttribute(String name, String value) {
    for (int i = 0; i < attributeCount; i++) {
      if (attributeNames[i].equals(name)) {
        attributeValues[i] = value;
        return;
      }
    }
    if (attributeCount == attributeNames.length) {
      attributeNames = Arrays.copyOf(attributeNames, attributeCount * 2);
      attributeValues = Arrays.copyOf(attributeValues, attributeCount * 2);
    }
    attributeNames[attributeCount] = name;
    attributeValues[attributeCount] = value;
    attributeCount++;
  }

  /**
   * A CDATA section cannot hold "]]>" (XML 1.0 §2.7): the section ends between its "]]" and '>'.
   * As the Transformer does, supplementary characters that start a section, and line feeds among
   * them, are written before it opens. Where the Transformer would then break a "]]>" outside any
   * section, which leaves one unclosed, the writer opens the section first.
   */
  private void cdata(String text) {
    boolean open = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        out.append(c).append(text.charAt(++i));
        continue;
      }
      if (!open && !(c == '\n' && i > 0)) {
        out.append("<![CDATA[");
        open = true;
      }
      if (c == ']' && text.startsWith("]]>", i)) {
        out.append("]]]]><![CDATA[>");
        i += 2;
      } else {
        out.append(c);
      }
    }
    if (open) {
      out.append("]]>");
    }
  }

  /** A comment cannot hold "--" nor end with '-' (XML 1.0 §2.5): a space goes between. */
  private void comment(String text) {
    out.append("<!--");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '-' && i > 0 && text.charAt(i - 1) == '-') {
        out.append(' ');
      }
      out.append(c);
    }
    if (text.endsWith("-")) {
      out.append(' ');
    }
    out.append("-->");
  }

  /**
   * A processing instruction cannot hold "?>" (XML 1.0 §2.6). The Transformer breaks only the
   * first, which leaves a second to end the instruction early: the writer breaks them all. Data
   * that does not start with white space is set apart from the target by a space.
   */
  private void processingInstruction(String target, String data) {
    out.append("<?").append(target);
    if (!data.isEmpty() && !Character.isSpaceChar(data.charAt(0))) {
      out.append(' ');
    }
    out.append(data.replace("?>", "? >"));
    out.append("?>");
  }
}
