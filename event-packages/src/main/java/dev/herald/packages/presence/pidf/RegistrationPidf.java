package dev.herald.packages.presence.pidf;

import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlIds;
import dev.herald.packages.xml.XmlText;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The presence a registrar implies when nothing is published: every live binding is a device
 * that can be reached, so each is an open tuple (RFC 3863 §4.1.4), as OpenSER's pa module did.
 *
 * <p>With no binding the document is one closed tuple ({@link Pidf#closed}), not an empty
 * presence: the registrar knows the user has no reachable device, and RFC 3863 §4.1.4 gives
 * exactly that meaning to closed, while a document without tuples (which the schema of RFC 3863
 * §4.1 allows) only says nothing is known, and many watchers then keep showing the last status
 * they had.
 */
public final class RegistrationPidf {

  /** RFC 3863 §4.1.5: priority is a qvalue of RFC 3261 §20.10. */
  private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

  private RegistrationPidf() {}

  /**
   * One registered contact.
   *
   * @param contact the Contact URI as registered
   * @param q its q value as registered, or null
   * @param instanceId its +sip.instance (RFC 5626 §4.1), or null
   * @param registeredAtMs when it was registered or last refreshed
   */
  public record BindingView(String contact, String q, String instanceId, long registeredAtMs) {

    public BindingView {
      Objects.requireNonNull(contact, "contact");
    }

    /** A device keeps its tuple id across re-registrations from a new address when it has an instance id. */
    String tupleId() {
      return XmlIds.hashed("r", instanceId != null ? "instance " + instanceId : "contact " + contact);
    }
  }

  /** The PIDF document of {@code presentityUri} registered at {@code bindings}, one tuple each in their order. */
  public static byte[] document(String presentityUri, List<BindingView> bindings) {
    if (bindings.isEmpty()) {
      return Pidf.closed(XmlText.legal(presentityUri));
    }
    Document doc = Pidf.newPresence(XmlText.legal(presentityUri));
    IdAllocator ids = new IdAllocator();
    for (BindingView binding : bindings) {
      doc.getDocumentElement().appendChild(tuple(doc, ids.claim(binding.tupleId()), binding));
    }
    return SafeXml.serialize(doc);
  }

  private static Element tuple(Document doc, String id, BindingView binding) {
    Element tuple = doc.createElementNS(Pidf.NS, "tuple");
    tuple.setAttribute("id", id);
    Element status = doc.createElementNS(Pidf.NS, "status");
    tuple.appendChild(status);
    Element basic = doc.createElementNS(Pidf.NS, "basic");
    basic.setTextContent("open");
    status.appendChild(basic);
    Element contact = doc.createElementNS(Pidf.NS, "contact");
    String q = binding.q() == null ? null : binding.q().strip();
    // A priority the schema refuses would make the whole document invalid: leave it out.
    if (q != null && QVALUE.matcher(q).matches()) {
      contact.setAttribute("priority", q);
    }
    contact.setTextContent(XmlText.legal(binding.contact()));
    tuple.appendChild(contact);
    // RFC 3863 §4.1.7: a timestamp is an RFC 3339 date-time; Herald writes it in UTC.
    Element timestamp = doc.createElementNS(Pidf.NS, "timestamp");
    timestamp.setTextContent(DateTimeFormatter.ISO_INSTANT.format(
        Instant.ofEpochMilli(binding.registeredAtMs()).truncatedTo(ChronoUnit.SECONDS)));
    tuple.appendChild(timestamp);
    return tuple;
  }
}
