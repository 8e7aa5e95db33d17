package dev.herald.packages.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SafeXmlTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void wellFormedXmlParsesNamespaceAware() {
    ParseResult result = SafeXml.parse(utf8("<a xmlns='urn:x'><b/></a>"));

    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    Document doc = ((ParseResult.Parsed) result).document();
    assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("urn:x");
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("a");
  }

  @Test
  void malformedEmptyAndNullBodiesAreInvalidNotThrown() {
    assertThat(SafeXml.parse(utf8("<a><b></a>"))).isInstanceOf(ParseResult.Invalid.class);
    assertThat(SafeXml.parse(new byte[0])).isInstanceOf(ParseResult.Invalid.class);
    assertThat(SafeXml.parse(null)).isInstanceOf(ParseResult.Invalid.class);
  }

  @Test
  void anyDoctypeIsRefusedEvenAHarmlessOne() {
    ParseResult result = SafeXml.parse(utf8("<!DOCTYPE a><a/>"));

    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    assertThat(((ParseResult.Invalid) result).reason()).contains("DOCTYPE");
  }

  @Test
  void badInputNeverWritesToStderr() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      SafeXml.parse(utf8("<a><b></a>"));
      SafeXml.parse(utf8("not xml at all"));
      SafeXml.parse(utf8("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
      SafeXml.parse(utf8("<a xmlns:p='urn:p'><q:b/></a>"));
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theCachedParserStaysUsableAndSafeAcrossParses() {
    SafeXml.parse(utf8("<a><b></a>"));
    assertThat(SafeXml.parse(utf8("<a/>"))).isInstanceOf(ParseResult.Parsed.class);

    assertThat(SafeXml.parse(utf8("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>")))
        .isInstanceOf(ParseResult.Invalid.class);
  }

  @Test
  void serializeWritesTheDeclarationAndKeepsContentAsItIs() {
    String body = "<a xmlns=\"urn:x\" xmlns:p=\"urn:p\">\n  <p:b>x &amp; y</p:b>\n  <c/>\n</a>";
    Document doc = ((ParseResult.Parsed) SafeXml.parse(utf8(body))).document();

    String text = new String(SafeXml.serialize(doc), StandardCharsets.UTF_8);

    assertThat(text).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
  }

  @Test
  void serializeWritesNonAsciiTextAsUtf8() {
    Document doc = ((ParseResult.Parsed) SafeXml.parse(utf8("<a>Café — 会議中</a>"))).document();

    assertThat(new String(SafeXml.serialize(doc), StandardCharsets.UTF_8)).endsWith("<a>Café — 会議中</a>");
  }

  @Test
  void eachThreadGetsAWorkingParser() throws Exception {
    ParseResult[] results = new ParseResult[1];
    Thread thread = new Thread(() -> results[0] = SafeXml.parse(utf8("<a/>")));
    thread.start();
    thread.join();

    assertThat(results[0]).isInstanceOf(ParseResult.Parsed.class);
  }
}
