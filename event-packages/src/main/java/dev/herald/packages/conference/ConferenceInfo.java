package dev.herald.packages.conference;

import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.RootVersion;
import dev.herald.packages.xml.SafeXml;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Documents of the conference event package (RFC 4575): PUBLISH bodies of a focus checked, partial
 * ones applied to the full state kept for the conference, and documents stamped per watcher.
 *
 * <p>The kept document is full state with the version its focus gave it last. A partial document
 * applies only on top of the version before it (RFC 4575 §4.6): anything else is refused, and the
 * focus must publish full state again.
 */
public final class ConferenceInfo {

  public static final String NS = "urn:ietf:params:xml:ns:conference-info";
  public static final String CONTENT_TYPE = "application/conference-info+xml";
  public static final String PACKAGE = "conference";

  private static final int BAD_REQUEST = 400;
  private static final int TOO_LARGE = 413;

  /** What applying a publication made: the full state to keep, and the partial document that changed it. */
  public sealed interface Update {
    /** {@code change} is the partial document applied, or null when {@code full} came whole. */
    record Applied(byte[] full, byte[] change) implements Update {}

    record Refused(int sipStatus, String reason) implements Update {}
  }

  private ConferenceInfo() {}

  /** Whether {@code body} is a conference-info document to accept; unknown extensions are accepted as is. */
  public static ConferenceDocument parse(byte[] body, ConferenceLimits limits) {
    Objects.requireNonNull(limits, "limits");
    if (body != null && body.length > limits.maxBodyBytes()) {
      return new ConferenceDocument.Rejected(TOO_LARGE, "body exceeds " + limits.maxBodyBytes() + " bytes");
    }
    ParseResult parsed = SafeXml.parse(body);
    if (parsed instanceof ParseResult.Invalid invalid) {
      return new ConferenceDocument.Rejected(BAD_REQUEST, invalid.reason());
    }
    Document doc = ((ParseResult.Parsed) parsed).document();
    Element root = doc.getDocumentElement();
    Optional<String> wrong = wrongRoot(root).or(() -> wrongElement(root));
    if (wrong.isPresent()) {
      return new ConferenceDocument.Rejected(BAD_REQUEST, wrong.get());
    }
    if (users(root) > limits.maxUsers()) {
      return new ConferenceDocument.Rejected(TOO_LARGE, "more than " + limits.maxUsers() + " users");
    }
    return new ConferenceDocument.Valid(doc, ConferenceMerge.PARTIAL.equals(root.getAttribute(ConferenceMerge.STATE)),
        Long.parseLong(root.getAttribute("version")), root.getAttribute("entity"));
  }

  /**
   * The full state after {@code incoming}: a full document replaces {@code stored} (null when there is
   * none); a partial one is applied to it if its version is the stored one's plus one.
   */
  public static Update apply(byte[] stored, ConferenceDocument.Valid incoming, byte[] incomingBody,
      ConferenceLimits limits) {
    if (!incoming.partial()) {
      return new Update.Applied(normalised(incoming.doc()), null);
    }
    if (stored == null) {
      return new Update.Refused(BAD_REQUEST, "partial conference state without full state; publish full state");
    }
    Document local = ((ParseResult.Parsed) SafeXml.parse(stored)).document();
    long storedVersion = Long.parseLong(local.getDocumentElement().getAttribute("version"));
    if (incoming.version() != storedVersion + 1) {
      // RFC 4575 §4.6: a partial document applies only to the version before it.
      return new Update.Refused(BAD_REQUEST, "partial conference state version " + incoming.version()
          + " does not follow " + storedVersion + "; publish full state");
    }
    Element root = local.getDocumentElement();
    ConferenceMerge.merge(root, incoming.doc().getDocumentElement(), incoming.doc().getDocumentElement());
    root.setAttribute("version", Long.toString(incoming.version()));
    root.setAttribute(ConferenceMerge.STATE, ConferenceMerge.FULL);
    if (users(root) > limits.maxUsers()) {
      return new Update.Refused(TOO_LARGE, "more than " + limits.maxUsers() + " users");
    }
    return new Update.Applied(SafeXml.serialize(local), incomingBody);
  }

  /** The full state of a conference nobody publishes: no users, version 0. */
  public static byte[] empty(String entity) {
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(NS, "conference-info");
    root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NS);
    root.setAttribute("entity", entity);
    root.setAttribute(ConferenceMerge.STATE, ConferenceMerge.FULL);
    root.setAttribute("version", "0");
    root.appendChild(doc.createElementNS(NS, "users"));
    doc.appendChild(root);
    return SafeXml.serialize(doc);
  }

  /** RFC 4575 §5.1: the version counts the documents sent on one subscription. */
  public static byte[] withVersion(byte[] document, long version) {
    return RootVersion.restamp(document, "conference-info", version);
  }

  /** A full document as it is kept: with state full stated on its root. */
  private static byte[] normalised(Document doc) {
    doc.getDocumentElement().setAttribute(ConferenceMerge.STATE, ConferenceMerge.FULL);
    return SafeXml.serialize(doc);
  }

  private static Optional<String> wrongRoot(Element root) {
    // RFC 4575 §5.1: conference-info with its entity, state and version.
    if (!NS.equals(root.getNamespaceURI()) || !"conference-info".equals(root.getLocalName())) {
      return Optional.of("root is not a conference-info element of " + NS);
    }
    if (root.getAttribute("entity").isBlank()) {
      return Optional.of("conference-info has no entity");
    }
    if (!root.getAttribute("version").matches("[0-9]{1,18}")) {
      return Optional.of("conference-info has no version that is a non-negative integer");
    }
    String state = root.getAttribute(ConferenceMerge.STATE);
    if (!state.isEmpty() && !state.equals(ConferenceMerge.FULL) && !state.equals(ConferenceMerge.PARTIAL)) {
      return Optional.of("conference-info state is neither full nor partial");
    }
    return Optional.empty();
  }

  /** The first element below the root whose state is unknown or that lacks the key it is matched by. */
  private static Optional<String> wrongElement(Element parent) {
    for (Element child : ConferenceMerge.children(parent)) {
      String state = child.getAttribute(ConferenceMerge.STATE);
      if (!state.isEmpty() && !state.equals(ConferenceMerge.FULL) && !state.equals(ConferenceMerge.PARTIAL)
          && !state.equals(ConferenceMerge.DELETED)) {
        return Optional.of(child.getLocalName() + " has state " + state + ", not full, partial or deleted");
      }
      String key = ConferenceMerge.keyOf(child);
      if (key != null && key.isBlank() || key == null && needsKey(child)) {
        return Optional.of(child.getLocalName() + " of " + parent.getLocalName() + " has no key (entity, id, label or uri)");
      }
      Optional<String> below = wrongElement(child);
      if (below.isPresent()) {
        return below;
      }
    }
    return Optional.empty();
  }

  private static boolean needsKey(Element element) {
    String parent = element.getParentNode() instanceof Element p ? p.getLocalName() : "";
    return "entry".equals(element.getLocalName())
        && (parent.equals("conf-uris") || parent.equals("service-uris") || parent.equals("sidebars-by-ref"));
  }

  private static int users(Element root) {
    NodeList users = root.getElementsByTagNameNS(NS, "user");
    return users.getLength();
  }
}
