package dev.herald.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A resource list NOTIFY body (RFC 4662 §5) read with parsers that share no code with Herald:
 * Apache mime4j, strict, for the multipart/related body, and the JDK's DOM parser for the RLMI.
 * Reading fails, with what is wrong, unless the root part is the RLMI named by the start parameter,
 * every cid of the RLMI names a part and every part is named; a nested list's part is read the same
 * way, as a body of its own.
 *
 * @param uri the list's URI
 * @param version the RLMI version
 * @param fullState whether the document is full state
 * @param resources the resources in document order
 */
public record ListNotify(String uri, long version, boolean fullState, List<Resource> resources) {

  private static final String RLMI_NS = "urn:ietf:params:xml:ns:rlmi";
  private static final String RLMI_TYPE = "application/rlmi+xml";

  /** One resource of the list: its instances, and its state if an instance carries it. */
  public record Resource(String uri, String name, List<Instance> instances, String contentType, byte[] document,
      ListNotify nested) {

    /** The state of its one instance, or "none" when it has no instance. */
    public String state() {
      return instances.isEmpty() ? "none" : instances.get(0).state();
    }

    /** The document of the resource as text, or null. */
    public String text() {
      return document == null ? null : new String(document, StandardCharsets.UTF_8);
    }
  }

  public record Instance(String id, String state, String reason, String cid) {}

  /** The resource {@code uri} as this document names it. */
  public Optional<Resource> resource(String uri) {
    return resources.stream().filter(r -> r.uri().equals(uri)).findFirst();
  }

  public List<String> uris() {
    return resources.stream().map(Resource::uri).toList();
  }

  /** Reads a body whose Content-Type header value is {@code contentType}. */
  public static ListNotify parse(String contentType, byte[] body) {
    return read(mime(contentType, body));
  }

  /** {@code body} as a MIME message whose Content-Type header is {@code contentType}, parsed strictly by mime4j. */
  public static Message mime(String contentType, byte[] body) {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.writeBytes(("Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    message.writeBytes(body);
    DefaultMessageBuilder builder = new DefaultMessageBuilder();
    builder.setMimeEntityConfig(MimeConfig.STRICT);
    try {
      return builder.parseMessage(new ByteArrayInputStream(message.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ListNotify read(Entity entity) {
    ContentTypeField type = (ContentTypeField) entity.getHeader().getField("Content-Type");
    check(type != null && type.getMimeType().equalsIgnoreCase("multipart/related"),
        "not multipart/related: " + (type == null ? null : type.getBody()));
    check(RLMI_TYPE.equalsIgnoreCase(type.getParameter("type")), "type parameter is not " + RLMI_TYPE);
    String start = type.getParameter("start");
    check(start != null, "no start parameter");
    Multipart multipart = (Multipart) entity.getBody();
    List<Entity> parts = multipart.getBodyParts();
    check(!parts.isEmpty(), "no parts");
    Map<String, Entity> byCid = new HashMap<>();
    for (Entity part : parts) {
      String id = part.getHeader().getField("Content-ID") == null ? null
          : part.getHeader().getField("Content-ID").getBody().strip();
      check(id != null && id.startsWith("<") && id.endsWith(">"), "a part without a bracketed Content-ID: " + id);
      check(byCid.put(id.substring(1, id.length() - 1), part) == null, "two parts with Content-ID " + id);
    }
    Entity root = parts.get(0);
    check(start.equals(root.getHeader().getField("Content-ID").getBody().strip()),
        "the first part is not the start " + start);
    check(root.getMimeType().equalsIgnoreCase(RLMI_TYPE), "the root part is " + root.getMimeType());
    Element list = rlmi(bytes(root)).getDocumentElement();
    check(RLMI_NS.equals(list.getNamespaceURI()) && "list".equals(list.getLocalName()), "the root is no RLMI list");
    List<Resource> resources = new ArrayList<>();
    int named = 0;
    for (Element resource : children(list, "resource")) {
      List<Instance> instances = new ArrayList<>();
      String contentType = null;
      byte[] document = null;
      ListNotify nested = null;
      for (Element instance : children(resource, "instance")) {
        String cid = instance.hasAttribute("cid") ? instance.getAttribute("cid") : null;
        instances.add(new Instance(instance.getAttribute("id"), instance.getAttribute("state"),
            instance.hasAttribute("reason") ? instance.getAttribute("reason") : null, cid));
        if (cid != null) {
          named++;
          Entity part = byCid.get(cid);
          check(part != null, "cid " + cid + " names no part");
          contentType = part.getMimeType();
          if (part.getBody() instanceof Multipart) {
            nested = read(part);
          } else {
            document = bytes(part);
          }
        }
      }
      String name = children(resource, "name").stream().map(Node::getTextContent).findFirst().orElse(null);
      resources.add(new Resource(resource.getAttribute("uri"), name, instances, contentType, document, nested));
    }
    check(named == parts.size() - 1, "the RLMI names " + named + " parts, the body has " + (parts.size() - 1));
    return new ListNotify(list.getAttribute("uri"), Long.parseLong(list.getAttribute("version")),
        Boolean.parseBoolean(list.getAttribute("fullState")), resources);
  }

  private static Document rlmi(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new IllegalStateException("the RLMI part is not XML: " + e.getMessage(), e);
    }
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && RLMI_NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
        found.add(e);
      }
    }
    return found;
  }

  private static byte[] bytes(Entity entity) {
    try (InputStream in = ((SingleBody) entity.getBody()).getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("not a resource list NOTIFY body: " + what);
    }
  }
}
