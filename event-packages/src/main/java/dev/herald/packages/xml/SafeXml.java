package dev.herald.packages.xml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one place XML is parsed and written: parsers refuse any DOCTYPE, so neither external
 * entities (XXE) nor entity expansion ("billion laughs") can happen. Parsers and transformers
 * are not thread-safe and costly to make, so each thread keeps its own.
 */
public final class SafeXml {

  private static final byte[] DECLARATION =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>".getBytes(StandardCharsets.US_ASCII);

  private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SafeXml::newBuilder);
  private static final ThreadLocal<Transformer> TRANSFORMER = ThreadLocal.withInitial(SafeXml::newTransformer);

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

  /** {@code node} as UTF-8 bytes after an XML declaration, its content as it is. */
  public static byte[] serialize(Node node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(DECLARATION);
    Transformer transformer = TRANSFORMER.get();
    try {
      transformer.transform(new DOMSource(node), new StreamResult(out));
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot serialize a DOM node", e);
    }
    return out.toByteArray();
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
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (ParserConfigurationException | IllegalArgumentException e) {
      throw new IllegalStateException("the XML parser cannot be made safe", e);
    }
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }

  static TransformerFactory newTransformerFactory() {
    TransformerFactory factory = TransformerFactory.newInstance();
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
    } catch (TransformerException | IllegalArgumentException e) {
      throw new IllegalStateException("the XML transformer cannot be made safe", e);
    }
    return factory;
  }

  private static DocumentBuilder newBuilder() {
    try {
      return newBuilderFactory().newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML parser", e);
    }
  }

  private static Transformer newTransformer() {
    try {
      Transformer transformer = newTransformerFactory().newTransformer();
      transformer.setOutputProperty(OutputKeys.METHOD, "xml");
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      // The declaration is written by hand: the JDK's adds standalone="no".
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      transformer.setOutputProperty(OutputKeys.INDENT, "no");
      return transformer;
    } catch (TransformerException e) {
      throw new IllegalStateException("no XML transformer", e);
    }
  }
}
