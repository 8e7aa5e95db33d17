package dev.herald.launcher.ui;

import dev.herald.packages.presence.pidf.Pidf;
import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the web view shows of a composed PIDF document (RFC 3863, RPID activities of RFC 4480): its
 * basic status ({@code open} when any tuple is open, {@code closed} when there are tuples and none is,
 * {@code unknown} without any), its first note and its activities, in document order.
 *
 * @param basic {@code open}, {@code closed} or {@code unknown}
 * @param note the first non-blank note of a tuple or a person, or empty
 * @param activities the local names of the RPID activities, {@code other}'s text for {@code other}
 */
public record PresenceSummary(String basic, String note, List<String> activities) {

  static final String RPID_NS = "urn:ietf:params:xml:ns:pidf:rpid";
  static final PresenceSummary UNKNOWN = new PresenceSummary("unknown", "", List.of());

  public PresenceSummary {
    activities = List.copyOf(activities);
  }

  /** The summary of {@code document}; a missing or malformed document is {@link #UNKNOWN}. */
  public static PresenceSummary of(byte[] document) {
    if (document == null || !(SafeXml.parse(document) instanceof ParseResult.Parsed parsed)) {
      return UNKNOWN;
    }
    Element root = parsed.document().getDocumentElement();
    List<Element> basics = elements(root, Pidf.NS, "basic");
    String basic = basics.isEmpty() ? "unknown"
        : basics.stream().anyMatch(b -> "open".equals(b.getTextContent().strip())) ? "open" : "closed";
    List<Element> notes = new ArrayList<>(elements(root, Pidf.NS, "note"));
    notes.addAll(elements(root, Pidf.DATA_MODEL_NS, "note"));
    String note = notes.stream().map(n -> n.getTextContent().strip()).filter(t -> !t.isEmpty()).findFirst().orElse("");
    Set<String> activities = new LinkedHashSet<>();
    for (Element list : elements(root, RPID_NS, "activities")) {
      for (Node child = list.getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child instanceof Element activity && RPID_NS.equals(activity.getNamespaceURI())) {
          String text = activity.getTextContent().strip();
          activities.add("other".equals(activity.getLocalName()) && !text.isEmpty() ? text : activity.getLocalName());
        }
      }
    }
    return new PresenceSummary(basic, note, List.copyOf(activities));
  }

  private static List<Element> elements(Element root, String ns, String localName) {
    NodeList list = root.getElementsByTagNameNS(ns, localName);
    List<Element> found = new ArrayList<>(list.getLength());
    for (int i = 0; i < list.getLength(); i++) {
      found.add((Element) list.item(i));
    }
    return found;
  }
}
