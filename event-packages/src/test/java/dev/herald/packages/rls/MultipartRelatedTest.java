package dev.herald.packages.rls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.rls.MultipartRelated.Body;
import dev.herald.packages.rls.MultipartRelated.Part;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.junit.jupiter.api.Test;

class MultipartRelatedTest {

  private static final Part ROOT = new Part("root@h", "application/rlmi+xml;charset=\"UTF-8\"",
      "<list/>".getBytes(StandardCharsets.UTF_8));

  private static byte[] everyByte() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void mimeParserReadsEveryPartBackByteForByte() {
    List<Part> others = List.of(
        new Part("a@h", "application/octet-stream", everyByte()),
        new Part("b@h", "application/pidf+xml", "line\r\n--\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
        new Part("c@h", "application/pidf+xml", new byte[0]));

    Body body = MultipartRelated.write(ROOT, others);
    Message message = MimeParsing.parse(body.contentType(), body.bytes());

    List<Entity> parts = MimeParsing.multipart(message).getBodyParts();
    assertThat(parts).hasSize(4);
    List<Part> written = List.of(ROOT, others.get(0), others.get(1), others.get(2));
    for (int i = 0; i < parts.size(); i++) {
      assertThat(MimeParsing.field(parts.get(i), "Content-ID")).isEqualTo("<" + written.get(i).cid() + ">");
      assertThat(MimeParsing.field(parts.get(i), "Content-Transfer-Encoding")).isEqualTo("binary");
      assertThat(MimeParsing.field(parts.get(i), "Content-Type")).isEqualTo(written.get(i).contentType());
      assertThat(MimeParsing.bytes(parts.get(i))).isEqualTo(written.get(i).body());
    }
  }

  @Test
  void contentTypeNamesTheRootsMediaTypeAndContentId() {
    Body body = MultipartRelated.write(ROOT, List.of());

    ContentTypeField type = MimeParsing.contentType(MimeParsing.parse(body.contentType(), body.bytes()));

    assertThat(type.getMimeType()).isEqualTo("multipart/related");
    assertThat(type.getParameter("type")).isEqualTo("application/rlmi+xml");
    assertThat(type.getParameter("start")).isEqualTo("<root@h>");
    assertThat(body.contentType()).startsWith("multipart/related;type=\"application/rlmi+xml\";start=\"<root@h>\"");
  }

  @Test
  void framingLinesEndInCrlf() {
    Body body = MultipartRelated.write(ROOT, List.of());
    String text = ascii(body.bytes());
    String boundary = MimeParsing.contentType(MimeParsing.parse(body.contentType(), body.bytes())).getBoundary();

    assertThat(text).isEqualTo("--" + boundary + "\r\n"
        + "Content-Transfer-Encoding: binary\r\n"
        + "Content-Id: <root@h>\r\n"
        + "Content-Type: application/rlmi+xml;charset=\"UTF-8\"\r\n"
        + "\r\n"
        + "<list/>\r\n"
        + "--" + boundary + "--\r\n");
  }

  @Test
  void theBoundaryParameterIsAnUnquotedToken() {
    Body body = MultipartRelated.write(ROOT, List.of());

    assertThat(body.contentType()).matches(".*;boundary=herald-[0-9a-f-]+");
  }

  @Test
  void boundaryOccursInNoPart() {
    Part part = new Part("a@h", "text/plain", "--herald-".getBytes(StandardCharsets.US_ASCII));
    Body body = MultipartRelated.write(ROOT, List.of(part));
    String boundary = MimeParsing.contentType(MimeParsing.parse(body.contentType(), body.bytes())).getBoundary();

    assertThat(ascii(ROOT.body())).doesNotContain(boundary);
    assertThat(ascii(part.body())).doesNotContain(boundary);
  }

  @Test
  void boundaryMovesOnWhenAPartContainsTheCandidate() {
    Part clash = new Part("a@h", "text/plain", "x--herald-abc\r\nherald-abc-1".getBytes(StandardCharsets.US_ASCII));

    String boundary = MultipartRelated.boundary("abc", List.of(ROOT, clash));

    assertThat(boundary).isEqualTo("herald-abc-2");
  }

  @Test
  void boundaryAvoidsPartHeadersToo() {
    Part clash = new Part("herald-abc@h", "text/plain", new byte[0]);

    assertThat(MultipartRelated.boundary("abc", List.of(ROOT, clash))).isEqualTo("herald-abc-1");
  }

  @Test
  void samePartsGiveTheSameBody() {
    Part part = new Part("a@h", "application/pidf+xml", "<presence/>".getBytes(StandardCharsets.UTF_8));

    Body first = MultipartRelated.write(ROOT, List.of(part));
    Body second = MultipartRelated.write(ROOT, List.of(part));

    assertThat(second.contentType()).isEqualTo(first.contentType());
    assertThat(second.bytes()).isEqualTo(first.bytes());
  }

  @Test
  void contentIdsAreUniqueAcrossParts() {
    Part twin = new Part(ROOT.cid(), "text/plain", new byte[0]);

    assertThatThrownBy(() -> MultipartRelated.write(ROOT, List.of(twin))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headerValuesCannotInjectLines() {
    assertThatThrownBy(() -> new Part("a@h", "text/plain\r\nX-Evil: 1", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Part("a@h>\r\nX-Evil: <b@h", "text/plain", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void partKeepsItsOwnCopyOfTheBody() {
    byte[] bytes = {1, 2, 3};
    Part part = new Part("a@h", "application/octet-stream", bytes);

    bytes[0] = 9;
    part.body()[1] = 9;

    assertThat(part.body()).containsExactly(1, 2, 3);
  }
}
