package dev.herald.packages.dialog;

import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.Reparented;
import dev.herald.packages.xml.RootVersion;
import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Documents of the dialog event package (RFC 4235): PUBLISH bodies checked, and the publications of
 * one entity composed into the one document its watchers are sent.
 *
 * <p>The {@code dialog;sla} package of shared and bridged line appearances, which Kamailio and
 * OpenSIPS accept, carries this same {@code application/dialog-info+xml} format; only the package
 * name differs, so every method here serves it as is.
 *
 * <p>Composition merges the dialogs of every publication by id, a later publication's dialog
 * replacing an earlier one's, and keeps each dialog element as published. A publication that is
 * gone takes its dialogs with it. A terminated dialog stays in the document for as long as the
 * publication that reports it, so that every watcher, a new one too, learns that the call ended;
 * {@link Terminated#FROM_LAST_PUBLICATION_ONLY} leaves out those of earlier publications instead.
 *
 * <p>The composed document depends on no subscriber but for its version, a per-subscription counter,
 * so it is composed once and {@link #withVersion stamped} for each watcher.
 */
public final class DialogInfo {

  public static final String NS = "urn:ietf:params:xml:ns:dialog-info";
  public static final String CONTENT_TYPE = "application/dialog-info+xml";
  public static final String PACKAGE = "dialog";
  public static final String SLA_PACKAGE = "dialog;sla";

  private static final int BAD_REQUEST = 400;
  private static final int TOO_LARGE = 413;
  private static final String XMLNS_NS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

  /** Which terminated dialogs a composed document reports. */
  public enum Terminated {
    /** Every one, while the publication that reports it lasts. */
    KEEP,
    /**
     * Only those of the last (newest) publication: the ones of earlier publications were reported
     * by the NOTIFYs those publications caused.
     */
    FROM_LAST_PUBLICATION_ONLY
  }

  private DialogInfo() {}

  /** Whether {@code body} is a dialog-info document to accept, within {@link DialogLimits#DEFAULTS}. */
  public static DialogValidation validate(byte[] body) {
    return validate(body, DialogLimits.DEFAULTS);
  }

  /** Whether {@code body} is a dialog-info document to accept; unknown extensions are accepted as is. */
  public static DialogValidation validate(byte[] body, DialogLimits limits) {
    Objects.requireNonNull(limits, "limits");
    if (body != null && body.length > limits.maxBodyBytes()) {
      return new DialogValidation.Rejected(TOO_LARGE, "body exceeds " + limits.maxBodyBytes() + " bytes");
    }
    ParseResult parsed = SafeXml.parse(body);
    if (parsed instanceof ParseResult.Invalid invalid) {
      return new DialogValidation.Rejected(BAD_REQUEST, invalid.reason());
    }
    Document doc = ((ParseResult.Parsed) parsed).document();
    Element root = doc.getDocumentElement();
    Optional<String> wrongRoot = wrongRoot(root);
    if (wrongRoot.isPresent()) {
      return new DialogValidation.Rejected(BAD_REQUEST, wrongRoot.get());
    }
    List<Element> elements = children(root, "dialog");
    if (elements.size() > limits.maxDialogs()) {
      return new DialogValidation.Rejected(TOO_LARGE, "more than " + limits.maxDialogs() + " dialogs");
    }
    List<Dialog> dialogs = new ArrayList<>();
    for (Element element : elements) {
      String position = "dialog " + (dialogs.size() + 1);
      // RFC 4235 §4.1.1: id is mandatory.
      String id = element.getAttribute("id");
      if (id.isBlank()) {
        return new DialogValidation.Rejected(BAD_REQUEST, position + " has no id");
      }
      // RFC 4235 §4.1.2 and its schema: a dialog has one state, of five values.
      List<Element> states = children(element, "state");
      if (states.size() != 1) {
        return new DialogValidation.Rejected(BAD_REQUEST, position + " has " + states.size() + " state elements, not one");
      }
      Optional<Dialog.State> state = Dialog.State.of(states.get(0).getTextContent().strip());
      if (state.isEmpty()) {
        return new DialogValidation.Rejected(
            BAD_REQUEST, position + " has a state other than trying, proceeding, early, confirmed or terminated");
      }
      dialogs.add(new Dialog(id, state.get(), element));
    }
    return new DialogValidation.Valid(doc, dialogs);
  }

  /**
   * The document of {@code entity} from its publications, oldest first, stamped with {@code version};
   * publications that do not validate are left out. None gives a document without dialogs.
   */
  public static byte[] compose(String entity, List<byte[]> publications, long version) {
    return withVersion(compose(entity, publications), version);
  }

  /** The document of {@code entity} at version 0, every terminated dialog kept: to {@link #withVersion stamp}. */
  public static byte[] compose(String entity, List<byte[]> publications) {
    return compose(entity, publications, Terminated.KEEP);
  }

  /** The document of {@code entity} at version 0, reporting the terminated dialogs {@code terminated} says. */
  public static byte[] compose(String entity, List<byte[]> publications, Terminated terminated) {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(terminated, "terminated");
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(NS, "dialog-info");
    root.setAttributeNS(XMLNS_NS, "xmlns", NS);
    root.setAttribute("version", "0");
    // RFC 4235 §4.1: full, since the document replaces whatever the watcher knew.
    root.setAttribute("state", "full");
    root.setAttribute("entity", XmlText.legal(entity));
    doc.appendChild(root);
    Map<String, Element> byId = new LinkedHashMap<>();
    int last = publications.size() - 1;
    for (int i = 0; i <= last; i++) {
      if (!(validate(publications.get(i), DialogLimits.NONE) instanceof DialogValidation.Valid valid)) {
        continue;
      }
      boolean dropTerminated = terminated == Terminated.FROM_LAST_PUBLICATION_ONLY && i < last;
      for (Dialog dialog : valid.dialogs()) {
        byId.remove(dialog.id());
        if (!(dropTerminated && dialog.state() == Dialog.State.TERMINATED)) {
          byId.put(dialog.id(), Reparented.copy(doc, valid.doc().getDocumentElement(), dialog.element(), NS));
        }
      }
    }
    byId.values().forEach(root::appendChild);
    return SafeXml.serialize(doc);
  }

  /**
   * {@code composed}, a document {@link #compose} made, with its version replaced by {@code version}.
   * RFC 4235 §4.1: the version counts the notifications of one subscription, from 0.
   */
  public static byte[] withVersion(byte[] composed, long version) {
    return RootVersion.restamp(composed, "dialog-info", version);
  }

  /** Why {@code root} is not the root of a dialog-info document, if it is not. */
  private static Optional<String> wrongRoot(Element root) {
    // RFC 4235 §4.1: <dialog-info> with version, state (full or partial) and entity, all mandatory.
    if (!isDialogInfo(root, "dialog-info")) {
      return Optional.of("root is not a dialog-info element of " + NS);
    }
    if (!root.getAttribute("version").matches("[0-9]+")) {
      return Optional.of("dialog-info has no version that is a non-negative integer");
    }
    String state = root.getAttribute("state");
    if (!state.equals("full") && !state.equals("partial")) {
      return Optional.of("dialog-info state is neither full nor partial");
    }
    if (root.getAttribute("entity").isBlank()) {
      return Optional.of("dialog-info has no entity");
    }
    return Optional.empty();
  }

  /** The children of {@code parent} that are dialog-info elements named {@code localName}. */
  private static List<Element> children(Element parent, String localName) {
    NodeList named = parent.getElementsByTagNameNS(NS, localName);
    List<Element> children = new ArrayList<>();
    for (int i = 0; i < named.getLength(); i++) {
      if (named.item(i).getParentNode() == parent) {
        children.add((Element) named.item(i));
      }
    }
    return children;
  }

  private static boolean isDialogInfo(Element element, String localName) {
    return NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
  }
}
