package dev.herald.packages.conference;

import dev.herald.packages.xml.Reparented;
import dev.herald.packages.xml.XmlElements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * RFC 4575 §4.6: a partial conference-info document applied to the full one kept for the conference.
 * An element marked {@code state="partial"} is merged: its attributes are set, each keyed child is
 * matched by its key and merged, replaced or removed by its own state, and each other child replaces
 * the local children of its name. An element without a state (the schema's default is full) replaces
 * the local one; {@code state="deleted"} removes it.
 *
 * <p>Keys (RFC 4575 §5): the {@code entity} of users, endpoints and the conferences of
 * sidebars-by-val; the {@code id} of media; the {@code label} of available media entries; the
 * {@code uri} of the entries of conf-uris, service-uris and sidebars-by-ref.
 */
final class ConferenceMerge {

  static final String STATE = "state";
  static final String PARTIAL = "partial";
  static final String DELETED = "deleted";
  static final String FULL = "full";

  /** The order of conference-info's children in its schema, so that an added one lands in its place. */
  private static final List<String> ROOT_ORDER = List.of(
      "conference-description", "host-info", "conference-state", "users", "sidebars-by-ref", "sidebars-by-val");

  private ConferenceMerge() {}

  /** The key that identifies {@code element} among its siblings, or null if it has none. */
  static String keyOf(Element element) {
    String name = element.getLocalName();
    String parent = element.getParentNode() instanceof Element p ? p.getLocalName() : "";
    return switch (name) {
      case "user", "endpoint" -> element.getAttribute("entity");
      case "media" -> element.getAttribute("id");
      case "entry" -> switch (parent) {
        case "sidebars-by-val" -> element.getAttribute("entity");
        case "available-media" -> element.getAttribute("label");
        case "conf-uris", "service-uris", "sidebars-by-ref" -> childText(element, "uri");
        default -> null;
      };
      default -> null;
    };
  }

  /**
   * Applies the children and attributes of {@code incoming} (a partial element of a document whose
   * root is {@code incomingRoot}) to {@code local}, in place.
   */
  static void merge(Element local, Element incoming, Element incomingRoot) {
    copyAttributes(local, incoming);
    Map<String, List<Element>> unkeyedGroups = new LinkedHashMap<>();
    for (Element child : children(incoming)) {
      String key = keyOf(child);
      if (key == null) {
        unkeyedGroups.computeIfAbsent(qualifiedName(child), n -> new ArrayList<>()).add(child);
        continue;
      }
      Element existing = keyedChild(local, child, key);
      String state = child.getAttribute(STATE);
      if (DELETED.equals(state)) {
        if (existing != null) {
          local.removeChild(existing);
        }
      } else if (PARTIAL.equals(state) && existing != null) {
        merge(existing, child, incomingRoot);
      } else {
        place(local, existing, copyOf(local, child, incomingRoot));
      }
    }
    for (List<Element> group : unkeyedGroups.values()) {
      mergeGroup(local, group, incomingRoot);
    }
  }

  /** Children without keys: a lone partial one is merged into its namesake, any other group replaces its namesakes. */
  private static void mergeGroup(Element local, List<Element> group, Element incomingRoot) {
    Element first = group.get(0);
    List<Element> namesakes = children(local).stream().filter(c -> sameName(c, first)).toList();
    String state = first.getAttribute(STATE);
    if (group.size() == 1 && PARTIAL.equals(state) && namesakes.size() == 1) {
      merge(namesakes.get(0), first, incomingRoot);
      return;
    }
    Node anchor = namesakes.isEmpty() ? null : namesakes.get(0);
    for (Element replaced : namesakes) {
      if (replaced != anchor) {
        local.removeChild(replaced);
      }
    }
    if (group.size() == 1 && DELETED.equals(state)) {
      if (anchor != null) {
        local.removeChild(anchor);
      }
      return;
    }
    Element firstCopy = null;
    for (Element incoming : group) {
      Element copy = copyOf(local, incoming, incomingRoot);
      if (firstCopy == null) {
        firstCopy = copy;
        place(local, (Element) anchor, copy);
      } else {
        local.insertBefore(copy, firstCopy.getNextSibling());
        firstCopy = copy;
      }
    }
  }

  /** Puts {@code copy} where {@code existing} was, or where the schema orders it, or last. */
  private static void place(Element parent, Element existing, Element copy) {
    if (existing != null) {
      parent.replaceChild(copy, existing);
      return;
    }
    int rank = ROOT_ORDER.indexOf(copy.getLocalName());
    if (parent.getParentNode() == parent.getOwnerDocument() && rank >= 0) {
      for (Element sibling : children(parent)) {
        int siblingRank = ROOT_ORDER.indexOf(sibling.getLocalName());
        if (siblingRank > rank) {
          parent.insertBefore(copy, sibling);
          return;
        }
      }
    }
    parent.appendChild(copy);
  }

  /** A copy of {@code incoming} for {@code local}'s document, holding full state now: its state marks go. */
  private static Element copyOf(Element local, Element incoming, Element incomingRoot) {
    Element copy = Reparented.copy(local.getOwnerDocument(), incomingRoot, incoming, ConferenceInfo.NS);
    clearStates(copy);
    return copy;
  }

  private static void clearStates(Element element) {
    element.removeAttribute(STATE);
    for (Element child : children(element)) {
      clearStates(child);
    }
  }

  private static void copyAttributes(Element local, Element incoming) {
    NamedNodeMap attributes = incoming.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      if (attribute.getNamespaceURI() == null && (attribute.getName().equals(STATE)
          || attribute.getName().equals("version"))) {
        continue;
      }
      if ("http://www.w3.org/2000/xmlns/".equals(attribute.getNamespaceURI())) {
        continue;
      }
      local.setAttributeNS(attribute.getNamespaceURI(), attribute.getName(), attribute.getValue());
    }
  }

  private static Element keyedChild(Element parent, Element like, String key) {
    for (Element child : children(parent)) {
      if (sameName(child, like) && key.equals(keyOf(child))) {
        return child;
      }
    }
    return null;
  }

  static List<Element> children(Element parent) {
    return XmlElements.children(parent);
  }

  private static boolean sameName(Element a, Element b) {
    return Objects.equals(a.getNamespaceURI(), b.getNamespaceURI()) && a.getLocalName().equals(b.getLocalName());
  }

  private static String qualifiedName(Element element) {
    return "{" + element.getNamespaceURI() + "}" + element.getLocalName();
  }

  private static String childText(Element element, String localName) {
    for (Element child : children(element)) {
      if (localName.equals(child.getLocalName())) {
        return child.getTextContent().strip();
      }
    }
    return null;
  }
}
