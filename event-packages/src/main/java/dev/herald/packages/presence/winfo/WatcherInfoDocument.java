package dev.herald.packages.presence.winfo;

import dev.herald.packages.xml.SafeXml;
import dev.herald.packages.xml.XmlText;
import java.util.List;
import java.util.Objects;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The application/watcherinfo+xml bodies of a presence.winfo subscription (RFC 3858): one
 * watcher list, of the presence package of one presentity. The DOM escapes every value, after
 * {@link XmlText#legal} has replaced what XML cannot carry.
 */
public final class WatcherInfoDocument {

  public static final String NS = "urn:ietf:params:xml:ns:watcherinfo";
  public static final String CONTENT_TYPE = "application/watcherinfo+xml";
  private static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";

  private WatcherInfoDocument() {}

  /** Every watcher of {@code presentityUri}: replaces what the subscriber knew (RFC 3858 §4). */
  public static byte[] full(String presentityUri, long version, List<WatcherEntry> watchers) {
    return document(presentityUri, version, "full", watchers);
  }

  /** Only the watchers that changed since the document before; the others stay as they were (RFC 3858 §4). */
  public static byte[] partial(String presentityUri, long version, List<WatcherEntry> changed) {
    return document(presentityUri, version, "partial", changed);
  }

  private static byte[] document(String presentityUri, long version, String state, List<WatcherEntry> watchers) {
    Objects.requireNonNull(presentityUri, "presentityUri");
    // RFC 3858 §3: version counts the documents of one subscription from 0, an xs:nonNegativeInteger.
    if (version < 0) {
      throw new IllegalArgumentException("negative version: " + version);
    }
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(NS, "watcherinfo");
    root.setAttributeNS(XMLNS_NS, "xmlns", NS);
    root.setAttribute("version", Long.toString(version));
    root.setAttribute("state", state);
    doc.appendChild(root);
    Element list = doc.createElementNS(NS, "watcher-list");
    list.setAttribute("resource", XmlText.legal(presentityUri));
    list.setAttribute("package", "presence");
    root.appendChild(list);
    for (WatcherEntry watcher : watchers) {
      list.appendChild(watcher(doc, watcher));
    }
    return SafeXml.serialize(doc);
  }

  private static Element watcher(Document doc, WatcherEntry entry) {
    Element watcher = doc.createElementNS(NS, "watcher");
    watcher.setAttribute("id", XmlText.legal(entry.id()));
    watcher.setAttribute("status", entry.status().token());
    watcher.setAttribute("event", entry.event().token());
    watcher.setAttribute("duration-subscribed", Long.toString(entry.durationSubscribedSeconds()));
    entry.expiresSeconds().ifPresent(seconds -> watcher.setAttribute("expiration", Long.toString(seconds)));
    if (entry.displayName() != null) {
      watcher.setAttribute("display-name", XmlText.legal(entry.displayName()));
    }
    watcher.setTextContent(XmlText.legal(entry.uri()));
    return watcher;
  }
}
