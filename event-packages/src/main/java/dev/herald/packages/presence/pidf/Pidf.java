package dev.herald.packages.presence.pidf;

import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlElements;
import dev.herald.packages.xml.XmlText;
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

  /**
   * A PUBLISH body is checked when it arrives and composed right after, and each later change of
   * the presentity composes its other publications again: each body is parsed once while it is
   * among the last this thread saw.
   */
  static final int VALIDATIONS_KEPT = 1024;
  /** The composition before a change is the one the previous change made. */
  static final int COMPOSITIONS_KEPT = 4096;

  private static final ThreadMemo<Bytes, Validation> VALIDATIONS = new ThreadMemo<>(VALIDATIONS_KEPT);
  private static final ThreadMemo<Composition, byte[]> COMPOSITIONS = new ThreadMemo<>(COMPOSITIONS_KEPT);
  /** What a presentity without publications shows: made for each new presentity, and again as its "before". */
  private static final ThreadMemo<String, byte[]> CLOSED = new ThreadMemo<>(COMPOSITIONS_KEPT);

  private record Composition(String presentityUri, List<Bytes> publications) {}

  private Pidf() {}

  /**
   * Whether {@code body} is a PIDF document to accept; unknown extensions are accepted as is. The
   * document of a {@link Validation.Valid} may be shared with other callers of this thread: read it,
   * never change it.
   */
  public static Validation validate(byte[] body) {
    return VALIDATIONS.get(Bytes.copyOf(body), key -> check(key.value()));
  }

  private static Validation check(byte[] body) {
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
    for (Element tuple : XmlElements.children(root)) {
      if (!isPidf(tuple, "tuple")) {
        continue;
      }
      // RFC 3863 §4.1.2: a tuple has an id; §4.1.4: and a status.
      if (tuple.getAttribute("id").isBlank()) {
        return new Validation.Rejected(BAD_REQUEST, "tuple has no id");
      }
      if (XmlElements.children(tuple).stream().noneMatch(child -> isPidf(child, "status"))) {
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
    List<Bytes> parts = publications.stream().map(Bytes::copyOf).toList();
    return COMPOSITIONS.get(new Composition(presentityUri, parts), key -> composeNow(presentityUri, publications))
        .clone();
  }

  private static byte[] composeNow(String presentityUri, List<byte[]> publications) {
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
    Objects.requireNonNull(presentityUri, "presentityUri");
    return CLOSED.get(presentityUri, Pidf::closedNow).clone();
  }

  /** Written as text: one is made for every new presentity, and a DOM with its serializer costs 20 times more. */
  private static byte[] closedNow(String presentityUri) {
    StringBuilder out = new StringBuilder(200).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .append("<presence xmlns=\"").append(NS).append("\" entity=\"");
    XmlText.appendAttribute(out, XmlText.legal(presentityUri));
    return out.append("\"><tuple id=\"closed\"><status><basic>closed</basic></status></tuple></presence>")
        .toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static boolean isPidf(Element element, String localName) {
    return NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
  }

  static Document newPresence(String presentityUri) {
    Objects.requireNonNull(presentityUri, "presentityUri");
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(NS, "presence");
    root.setAttributeNS(XmlElements.XMLNS_NS, "xmlns", NS);
    root.setAttribute("entity", presentityUri);
    doc.appendChild(root);
    return doc;
  }
}
