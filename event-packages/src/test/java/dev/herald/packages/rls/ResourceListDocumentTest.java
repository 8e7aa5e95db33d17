package dev.herald.packages.rls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceListDocumentTest {

  private static ListParse parse(String xml) {
    return ResourceListDocument.parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static String document(String listContent) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists">
          <list name="friends">%s</list>
        </resource-lists>
        """.formatted(listContent);
  }

  private static String refusal(ListParse result) {
    assertThat(result).isInstanceOf(ListParse.Refused.class);
    return ((ListParse.Refused) result).reason();
  }

  @Test
  void aDocumentGivesTheListsNameAndNormalisedEntriesWithTheirDisplayNames() {
    ListParse result = parse(document("""
        <display-name>Friends</display-name>
        <entry uri="sip:Alice@EXAMPLE.com;transport=tcp"><display-name>Alice</display-name></entry>
        <entry uri="tel:+15551234"/>
        <entry uri="sips:carol@example.com"/>
        """));

    assertThat(result).isEqualTo(new ListParse.Parsed("Friends", List.of(
        new ListMember("sip:Alice@example.com", "Alice"), new ListMember("tel:+15551234", null),
        new ListMember("sips:carol@example.com", null))));
  }

  @Test
  void inlineNestedListsGiveTheirEntriesToTheListAndARepeatedUriCountsOnce() {
    ListParse result = parse(document("""
        <entry uri="sip:alice@example.com"/>
        <list name="work">
          <entry uri="sip:bob@example.com"><display-name>Bob</display-name></entry>
          <list><entry uri="sip:carol@example.com"/><entry uri="sip:ALICE@example.com"/></list>
        </list>
        <entry uri="sip:alice@example.com;user=phone"/>
        """));

    assertThat(((ListParse.Parsed) result).entries()).extracting(ListMember::uri).containsExactly(
        "sip:alice@example.com", "sip:bob@example.com", "sip:carol@example.com", "sip:ALICE@example.com");
  }

  @Test
  void anEntryRefOrExternalListIsRefusedAsNotSupported() {
    assertThat(refusal(parse(document("<entry-ref ref=\"users/sip:bob@example.com/index/~~/x\"/>"))))
        .contains("<entry-ref> is not supported");
    assertThat(refusal(parse(document("<external anchor=\"http://xcap.example.com/x\"/>"))))
        .contains("<external> is not supported");
  }

  @Test
  void anEntryThatIsNoSipSipsOrTelUriIsRefusedWithTheUri() {
    assertThat(refusal(parse(document("<entry uri=\"http://example.com/bob\"/>"))))
        .contains("'http://example.com/bob' is not a sip:, sips: or tel: URI");
    assertThat(refusal(parse(document("<entry/>")))).contains("no uri");
  }

  @Test
  void aDoctypeIsRefusedSoNoEntityIsExpanded() {
    String xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE resource-lists [<!ENTITY bob SYSTEM "file:///etc/passwd">]>
        <resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists"><list><entry uri="sip:&bob;@x"/></list></resource-lists>
        """;

    assertThat(refusal(parse(xxe))).containsIgnoringCase("DOCTYPE");
  }

  @Test
  void aBodyThatIsNotXmlOrNotAResourceListsDocumentIsRefused() {
    assertThat(refusal(parse("sip:alice@example.com"))).contains("malformed XML");
    assertThat(refusal(ResourceListDocument.parse(new byte[0]))).contains("empty");
    assertThat(refusal(parse("<ruleset xmlns=\"urn:ietf:params:xml:ns:common-policy\"/>")))
        .contains("not a resource-lists document");
    assertThat(refusal(parse("<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list/><list/>"
        + "</resource-lists>"))).contains("one <list>");
  }

  @Test
  void inlineListsNestedBeyondTheBoundAreRefusedNotOverflowingTheStack() {
    String deep = "<list>".repeat(ResourceListDocument.MAX_INLINE_NESTING + 2)
        + "</list>".repeat(ResourceListDocument.MAX_INLINE_NESTING + 2);

    assertThat(refusal(parse(document(deep)))).contains("nest more than");
  }

  @Test
  void aWrittenListReadsBackAsTheSameList() {
    List<ListMember> entries = List.of(new ListMember("sip:alice@example.com", "Alice & \"Al\""),
        new ListMember("sip:team@lists.example.com", null));

    byte[] xml = ResourceListDocument.toXml("Friends <home>", entries);

    assertThat(ResourceListDocument.parse(xml)).isEqualTo(new ListParse.Parsed("Friends <home>", entries));
    assertThat(new String(xml, StandardCharsets.UTF_8)).contains("xmlns=\"urn:ietf:params:xml:ns:resource-lists\"");
  }
}
