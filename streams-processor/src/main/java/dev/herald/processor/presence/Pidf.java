package dev.herald.processor.presence;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** PIDF (RFC 3863) documents of the presence event package: checked, composed and made. */
public final class Pidf {

  public static final String NS = "urn:ietf:params:xml:ns:pidf";
  /** RFC 4479 §4: person and device elements. */
  public static final String DATA_MODEL_NS = "urn:ietf:params:xml:ns:pidf:data-model";

  private static final int BAD_REQUEST = 400;

  private Pidf() {}

  /** Whether {@code body} is a PIDF document to accept; unknown extensions are accepted as is. */
  public static Validation validate(byte[] body) {
    ParseResult parsed = SafeXml.parse(body);
    if (parsed instanceof ParseResult.Invalid invalid) {
      return new Validation.Rejected(BAD_REQUEST, invalid.reason());
    }
    Document doc = ((ParseResult.Parsed) parsed).document();
    Element root = doc.getDocumentElement();
    // RFC 3863 §4.1: the root is <presence> of the PIDF namespace, with an entity.
    if (!isPidf(root, "presence")) {
      return new Validation.Rejected(BAD_REQUEST, "root is not a PIDF presence element");
    }
    if (root.getAttribute("entity").isBlank()) {
      return new Validation.Rejected(BAD_REQUEST, "presence has no entity attribute");
    }
    for (Element tuple : PidfElements.children(root)) {
      if (!isPidf(tuple, "tuple")) {
        continue;
      }
      // RFC 3863 §4.1.2: a tuple has an id; §4.1.4: and a status.
      if (tuple.getAttribute("id").isBlank()) {
        return new Validation.Rejected(BAD_REQUEST, "tuple has no id");
      }
      if (PidfElements.children(tuple).stream().noneMatch(child -> isPidf(child, "status"))) {
        return new Validation.Rejected(BAD_REQUEST, "tuple " + tuple.getAttribute("id") + " has no status");
      }
    }
    return new Validation.Valid(doc);
  }

  /**
   * One PIDF document of {@code presentityUri} from its publications, in publication order;
   * publications that do not validate are left out. None gives a document without tuples.
   */
  public static byte[] compose(String presentityUri, List<byte[]> publications) {
    Objects.requireNonNull(presentityUri, "presentityUri");
    PidfComposer composer = new PidfComposer(presentityUri);
    for (byte[] publication : publications) {
      if (validate(publication) instanceof Validation.Valid valid) {
        composer.add(valid.doc());
      }
    }
    return SafeXml.serialize(composer.document());
  }

  /** A document that tells nothing but closed. */
  public static byte[] closed(String presentityUri) {
    Document doc = newPresence(presentityUri);
    doc.getDocumentElement().appendChild(tuple(doc, "closed", "closed"));
    return SafeXml.serialize(doc);
  }

  static boolean isPidf(Element element, String localName) {
    return NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
  }

  static Document newPresence(String presentityUri) {
    Objects.requireNonNull(presentityUri, "presentityUri");
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(NS, "presence");
    root.setAttributeNS(PidfElements.XMLNS_NS, "xmlns", NS);
    root.setAttribute("entity", presentityUri);
    doc.appendChild(root);
    return doc;
  }

  private static Element tuple(Document doc, String id, String basicValue) {
    Element tuple = doc.createElementNS(NS, "tuple");
    tuple.setAttribute("id", id);
    Element status = doc.createElementNS(NS, "status");
    Element basic = doc.createElementNS(NS, "basic");
    basic.setTextContent(basicValue);
    status.appendChild(basic);
    tuple.appendChild(status);
    return tuple;
  }
}
