package dev.herald.xmpp;

import dev.herald.packages.presence.pidf.Pidf;
import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlIds;
import dev.herald.packages.xml.XmlText;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

/**
 * XMPP presence and PIDF (RFC 3863) with RPID activities (RFC 4480), both ways, as RFC 7248 maps
 * them: an available stanza is an open tuple and an unavailable one a closed tuple; the XMPP
 * resource names the tuple; {@code <status/>} is {@code <note/>}; {@code <show/>} is an activity
 * ({@code away} and {@code xa} are away, {@code dnd} is busy, {@code chat} has no activity of its
 * own and travels as {@code <rpid:other>chat</rpid:other>}).
 */
final class PresenceMapping {

  static final String RPID_NS = "urn:ietf:params:xml:ns:pidf:rpid";

  private PresenceMapping() {}

  /**
   * What one side shows of a user: whether reachable, the XMPP show (null: plainly available), the
   * status text (null: none), and the XMPP priority that orders several resources.
   */
  record Status(boolean available, Presence.Show show, String note, int priority) {

    static final Status UNAVAILABLE = new Status(false, null, null, 0);

    Status {
      if (!available) {
        show = null;
      }
      if (note != null && note.isBlank()) {
        note = null;
      }
    }

    /** What an XMPP presence stanza of an available or unavailable kind says. */
    static Status of(Presence stanza) {
      boolean available = stanza.getType() == null;
      return new Status(available, available ? stanza.getShow() : null, stanza.getStatus(), stanza.getPriority());
    }
  }

  /**
   * The PIDF document of an XMPP contact from the last presence of each of its resources: one tuple
   * per available resource, highest priority first, the person's activity and note from the first;
   * one closed tuple when none is available (RFC 3863 §4.1.4: nothing reachable).
   */
  static byte[] pidf(String entityUri, Map<String, Status> resources) {
    return pidf(entityUri, resources, Integer.MAX_VALUE);
  }

  /**
   * As {@link #pidf(String, Map)}, at most {@code maxBytes} long (the limit a SIP PUBLISH body has):
   * a contact whose status texts make it longer is shown without them, and then with its first
   * resource only. XMPP users choose their status texts and resources, and none of it passes the edge.
   */
  static byte[] pidf(String entityUri, Map<String, Status> resources, int maxBytes) {
    byte[] full = unbounded(entityUri, resources);
    if (full.length <= maxBytes) {
      return full;
    }
    Map<String, Status> withoutNotes = new java.util.TreeMap<>();
    resources.forEach((resource, status) -> withoutNotes.put(resource,
        new Status(status.available(), status.show(), null, status.priority())));
    byte[] plain = unbounded(entityUri, withoutNotes);
    if (plain.length <= maxBytes) {
      return plain;
    }
    return withoutNotes.entrySet().stream().filter(entry -> entry.getValue().available())
        .max(Comparator.comparingInt((Map.Entry<String, Status> entry) -> entry.getValue().priority()))
        .map(best -> unbounded(entityUri, Map.of(best.getKey(), best.getValue())))
        .orElseGet(() -> unbounded(entityUri, Map.of()));
  }

  private static byte[] unbounded(String entityUri, Map<String, Status> resources) {
    List<Map.Entry<String, Status>> available = resources.entrySet().stream()
        .filter(entry -> entry.getValue().available())
        .sorted(Comparator.comparingInt((Map.Entry<String, Status> entry) -> -entry.getValue().priority())
            .thenComparing(Map.Entry::getKey))
        .toList();
    if (available.isEmpty()) {
      String note = resources.values().stream().map(Status::note).filter(Objects::nonNull).findFirst().orElse(null);
      return document(entityUri, List.of(Map.entry("", Status.UNAVAILABLE)), note);
    }
    return document(entityUri, available, null);
  }

  private static byte[] document(String entityUri, List<Map.Entry<String, Status>> tuples, String closedNote) {
    Document doc = SafeXml.newDocument();
    Element presence = doc.createElementNS(Pidf.NS, "presence");
    presence.setAttribute("entity", XmlText.legal(entityUri));
    presence.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:dm", Pidf.DATA_MODEL_NS);
    presence.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:rpid", RPID_NS);
    doc.appendChild(presence);
    for (Map.Entry<String, Status> entry : tuples) {
      Status status = entry.getValue();
      Element tuple = doc.createElementNS(Pidf.NS, "tuple");
      tuple.setAttribute("id", XmlIds.hashed("x", "xmpp " + entry.getKey()));
      Element statusElement = doc.createElementNS(Pidf.NS, "status");
      Element basic = doc.createElementNS(Pidf.NS, "basic");
      basic.setTextContent(status.available() ? "open" : "closed");
      statusElement.appendChild(basic);
      tuple.appendChild(statusElement);
      String note = status.available() ? status.note() : closedNote;
      if (note != null) {
        Element noteElement = doc.createElementNS(Pidf.NS, "note");
        noteElement.setTextContent(XmlText.legal(note));
        tuple.appendChild(noteElement);
      }
      presence.appendChild(tuple);
    }
    Status first = tuples.get(0).getValue();
    if (first.available() && (first.show() != null || first.note() != null)) {
      presence.appendChild(person(doc, first));
    }
    return SafeXml.serialize(doc);
  }

  private static Element person(Document doc, Status status) {
    Element person = doc.createElementNS(Pidf.DATA_MODEL_NS, "dm:person");
    person.setAttribute("id", "p1");
    if (status.show() != null) {
      Element activities = doc.createElementNS(RPID_NS, "rpid:activities");
      switch (status.show()) {
        case away, xa -> activities.appendChild(doc.createElementNS(RPID_NS, "rpid:away"));
        case dnd -> activities.appendChild(doc.createElementNS(RPID_NS, "rpid:busy"));
        case chat -> {
          Element other = doc.createElementNS(RPID_NS, "rpid:other");
          other.setTextContent("chat");
          activities.appendChild(other);
        }
      }
      person.appendChild(activities);
    }
    if (status.note() != null) {
      Element note = doc.createElementNS(Pidf.DATA_MODEL_NS, "dm:note");
      note.setTextContent(XmlText.legal(status.note()));
      person.appendChild(note);
    }
    return person;
  }

  /**
   * What a composed PIDF document shows an XMPP user: available when any tuple is open; the show
   * from the RPID activities (away, and the absences, as {@code away}; vacation and the like as
   * {@code xa}; busy and the activities that keep one busy as {@code dnd}); the first note as
   * status. A document that does not parse, or none, is unavailable.
   */
  static Status fromPidf(byte[] document) {
    if (document == null || document.length == 0) {
      return Status.UNAVAILABLE;
    }
    if (!(SafeXml.parse(document) instanceof ParseResult.Parsed parsed)) {
      return Status.UNAVAILABLE;
    }
    Element root = parsed.document().getDocumentElement();
    boolean open = false;
    for (Element basic : elements(root, Pidf.NS, "basic")) {
      open |= "open".equals(basic.getTextContent().strip());
    }
    String note = firstText(root, Pidf.NS, "note").or(() -> firstText(root, Pidf.DATA_MODEL_NS, "note")).orElse(null);
    if (!open) {
      return new Status(false, null, note, 0);
    }
    return new Status(true, showOf(root), note, 0);
  }

  private static Presence.Show showOf(Element root) {
    for (Element activities : elements(root, RPID_NS, "activities")) {
      for (Node child = activities.getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child instanceof Element activity && RPID_NS.equals(activity.getNamespaceURI())) {
          Presence.Show show = showOfActivity(activity);
          if (show != null) {
            return show;
          }
        }
      }
    }
    return null;
  }

  private static Presence.Show showOfActivity(Element activity) {
    return switch (activity.getLocalName()) {
      case "away", "appointment", "breakfast", "dinner", "lunch", "meal", "shopping", "travel", "in-transit",
          "steering" -> Presence.Show.away;
      case "vacation", "holiday", "permanent-absence", "sleeping" -> Presence.Show.xa;
      case "busy", "on-the-phone", "meeting", "performance", "presentation", "worship" -> Presence.Show.dnd;
      case "other" -> "chat".equalsIgnoreCase(activity.getTextContent().strip()) ? Presence.Show.chat : null;
      default -> null;
    };
  }

  /** The stanza that tells {@code to} what {@code status} shows of {@code from}. */
  static Presence stanza(Status status, JID from, JID to) {
    Presence presence = new Presence();
    presence.setFrom(from);
    presence.setTo(to);
    if (!status.available()) {
      presence.setType(Presence.Type.unavailable);
    } else if (status.show() != null) {
      presence.setShow(status.show());
    }
    if (status.note() != null) {
      presence.setStatus(status.note());
    }
    return presence;
  }

  private static List<Element> elements(Element root, String ns, String localName) {
    NodeList list = root.getElementsByTagNameNS(ns, localName);
    return java.util.stream.IntStream.range(0, list.getLength()).mapToObj(i -> (Element) list.item(i)).toList();
  }

  private static Optional<String> firstText(Element root, String ns, String localName) {
    return elements(root, ns, localName).stream().map(e -> e.getTextContent().strip()).filter(t -> !t.isEmpty())
        .findFirst();
  }
}
