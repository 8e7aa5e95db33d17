package dev.herald.packages.xml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Node;

/** The JDK's identity Transformer, set up as {@link SafeXml} had it before {@link DomWriter}: the writer's oracle. */
final class TransformerOracle {

  private TransformerOracle() {}

  /** {@code node} as the Transformer writes it, without a declaration. */
  static String transform(Node node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      newTransformer().transform(new DOMSource(node), new StreamResult(out));
    } catch (TransformerException e) {
      throw new IllegalStateException("the Transformer cannot write the node", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code node} as {@link DomWriter} writes it. */
  static String write(Node node) {
    StringBuilder out = new StringBuilder();
    DomWriter.write(node, out);
    return out.toString();
  }

  /** What {@code composer} returns when {@link SafeXml#serialize} writes with the Transformer. */
  static byte[] composedByTransformer(Supplier<byte[]> composer) {
    return onFreshThread(composer, true);
  }

  /** What {@code composer} returns when {@link SafeXml#serialize} writes with {@link DomWriter}. */
  static byte[] composedByWriter(Supplier<byte[]> composer) {
    return onFreshThread(composer, false);
  }

  /** A thread of its own, so the composers' per-thread memos cannot hand back what the other writer made. */
  private static byte[] onFreshThread(Supplier<byte[]> composer, boolean transformer) {
    AtomicReference<byte[]> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      if (transformer) {
        SafeXml.WRITER.set((node, out) -> out.append(transform(node)));
      }
      try {
        result.set(composer.get());
      } catch (RuntimeException | Error e) {
        failure.set(e);
      }
    });
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while composing", e);
    }
    if (failure.get() != null) {
      throw new AssertionError("the composer failed", failure.get());
    }
    return result.get();
  }

  private static Transformer newTransformer() {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.METHOD, "xml");
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      transformer.setOutputProperty(OutputKeys.INDENT, "no");
      return transformer;
    } catch (TransformerException e) {
      throw new IllegalStateException("no XML transformer", e);
    }
  }
}
