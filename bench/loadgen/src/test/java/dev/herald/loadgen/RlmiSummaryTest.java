package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RlmiSummaryTest {

  private static String multipart(String rlmi, String... parts) {
    StringBuilder body = new StringBuilder("--b1\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root@h>\r\n"
        + "Content-Type: application/rlmi+xml;charset=\"UTF-8\"\r\n\r\n" + rlmi + "\r\n");
    for (String part : parts) {
      body.append("--b1\r\nContent-ID: <p@h>\r\nContent-Type: application/pidf+xml\r\n\r\n").append(part)
          .append("\r\n");
    }
    return body.append("--b1--\r\n").toString();
  }

  private static String resource(String uri) {
    return "<resource uri=\"" + uri + "\"><instance id=\"i\" state=\"active\" cid=\"p@h\"/></resource>";
  }

  @Test
  void aFullStateDocumentNamesEveryMember() {
    String rlmi = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<list xmlns=\"urn:ietf:params:xml:ns:rlmi\""
        + " uri=\"sip:l@example.com\" version=\"0\" fullState=\"true\">" + resource("sip:a@example.com")
        + resource("sip:b@example.com") + "<resource uri=\"sip:c@example.com\"/></list>";

    RlmiSummary summary = RlmiSummary.of(multipart(rlmi, "<presence/>", "<presence/>"));

    assertThat(summary.found()).isTrue();
    assertThat(summary.fullState()).isTrue();
    assertThat(summary.version()).isZero();
    assertThat(summary.resources()).isEqualTo(3);
  }

  @Test
  void aPartialDocumentWithAPrefixAndSingleQuotesCountsOnlyItsResources() {
    String rlmi = "<rlmi:list xmlns:rlmi='urn:ietf:params:xml:ns:rlmi' uri='sip:l@example.com' fullState = 'false'"
        + " version='12'><rlmi:resource uri='sip:a@example.com'/><rlmi:resources-not-an-element/></rlmi:list>";

    RlmiSummary summary = RlmiSummary.of(multipart(rlmi, "<presence><note>resource</note></presence>"));

    assertThat(summary.fullState()).isFalse();
    assertThat(summary.version()).isEqualTo(12);
    assertThat(summary.resources()).isEqualTo(1);
  }

  @Test
  void aNestedListsRlmiInAPartOfItsOwnIsNotCounted() {
    String root = "<list xmlns=\"urn:ietf:params:xml:ns:rlmi\" uri=\"sip:l@example.com\" version=\"3\""
        + " fullState=\"false\">" + resource("sip:nested@example.com") + "</list>";
    String nested = "<list xmlns=\"urn:ietf:params:xml:ns:rlmi\" uri=\"sip:nested@example.com\" version=\"1\""
        + " fullState=\"true\">" + resource("sip:x@example.com") + resource("sip:y@example.com") + "</list>";

    RlmiSummary summary = RlmiSummary.of(multipart(root, nested));

    assertThat(summary.fullState()).isFalse();
    assertThat(summary.version()).isEqualTo(3);
    assertThat(summary.resources()).isEqualTo(1);
  }

  @Test
  void anAttributeIsMatchedByItsWholeName() {
    String tag = "<list notfullState=\"true\" fullState=\"false\" version=\"x\">";

    assertThat(RlmiSummary.attribute(tag, "fullState")).isEqualTo("false");
    assertThat(RlmiSummary.attribute(tag, "uri")).isNull();
    assertThat(RlmiSummary.of("<list xmlns=\"urn:ietf:params:xml:ns:rlmi\" fullState=\"1\" version=\"x\"/>"))
        .isEqualTo(new RlmiSummary(-1, true, 0));
  }

  @Test
  void aBodyWithoutRlmiHasNoRoot() {
    RlmiSummary summary = RlmiSummary.of("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>");

    assertThat(summary.found()).isFalse();
    assertThat(summary.resources()).isZero();
  }
}
