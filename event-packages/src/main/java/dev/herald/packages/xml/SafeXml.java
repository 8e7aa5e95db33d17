package dev.herald.packages.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one place XML is parsed and written: parsers refuse any DOCTYPE, so neither external
 * entities (XXE) nor entity expansion ("billion laughs") can happen. Parsers are not thread-safe
 * and costly to make, so each thread keeps its own.
 */
public final class SafeXml {

  /** The JDK's serializer would add standalone="no". */
  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SafeXml::newBuilder);

  /**
   * What writes a node after the declaration. The tests put the JDK's identity Transformer here, on a
   * thread of their own, to prove that both write the same bytes for what every composer makes.
   */
  static final ThreadLocal<BiConsumer<Node, StringBuilder>> WRITER = ThreadLocal.withInitial(() -> DomWriter::write);

  /** Throws every error, never prints it: the default handler writes to stderr. */
  private static final ErrorHandler SILENT = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private SafeXml() {}

  /** Parses {@code body}; bad input is an {@link ParseResult.Invalid}, never an exception. */
  public static ParseResult parse(byte[] body) {
    if (body == null || body.length == 0) {
      return new ParseResult.Invalid("empty body");
    }
    DocumentBuilder builder = BUILDER.get();
    builder.setErrorHandler(SILENT);
    try {
      return new ParseResult.Parsed(builder.parse(new ByteArrayInputStream(body)));
    } catch (SAXParseException e) {
      return new ParseResult.Invalid(
          "malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage());
    } catch (SAXException | IOException | RuntimeException e) {
      return new ParseResult.Invalid("malformed XML: " + e.getMessage());
    } finally {
      builder.reset();
    }
  }

  /** An empty namespace-aware document to build on. */
  public static Document newDocument() {
    return BUILDER.get().newDocument();
  }

  /** {@code node} as UTF-8 bytes after an XML declaration, its content as it is, namespaces declared where used. */
  public static byte[] serialize(Node node) {
    StringBuilder out = new StringBuilder(1024).append(DECLARATION);
    WRITER.get().accept(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static DocumentBuilderFactory newBuilderFactory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    try {
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      // Deferred node expansion pays off for large documents read in part; bodies here are small and
      // read whole, and a 300-byte PIDF parses about a fifth faster with every node made at once.
      factory.setFeature("http://apache.org/xml/features/dom/defer-node-expansion", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (ParserConfigurationException | IllegalArgumentException e) {
      throw new IllegalStateException("the XML parser cannot be made safe", e);
    }
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }

  private static DocumentBuilder newBuilder() {
    try {
      return newBuilderFactory().newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML parser", e);
    }
  }
}
