package dev.herald.packages.rls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.rls.MultipartRelated.Body;
import dev.herald.packages.rls.MultipartRelated.Part;
import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RlmiBodyTest {

  private static final String HOST = "rls.example.com";
  private static final String LIST = "sip:friends@example.com";
  private static final String BOB = "sip:bob@example.org";
  private static final String CAROL = "sip:carol@example.net";
  private static final String TEAM = "sip:team@example.com";

  private static Part pidf(String uri, long version, String note) {
    String pidf = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"" + uri + "\">"
        + "<tuple id=\"t\"><status><basic>open</basic></status><note>" + note + "</note></tuple></presence>";
    return new Part(ContentIds.forResource(uri, version, HOST), "application/pidf+xml",
        pidf.getBytes(StandardCharsets.UTF_8));
  }

  private static Document rlmi(Entity part) {
    ParseResult result = SafeXml.parse(MimeParsing.bytes(part));
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    Document doc = ((ParseResult.Parsed) result).document();
    assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(RlmiDocument.NS);
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("list");
    return doc;
  }

  /** The cid attribute of each instance, by instance id. */
  private static Map<String, String> cidsByInstance(Document rlmi) {
    Map<String, String> cids = new HashMap<>();
    NodeList instances = rlmi.getElementsByTagNameNS(RlmiDocument.NS, "instance");
    for (int i = 0; i < instances.getLength(); i++) {
      Element instance = (Element) instances.item(i);
      if (instance.hasAttribute("cid")) {
        cids.put(instance.getAttribute("id"), instance.getAttribute("cid"));
      }
    }
    return cids;
  }

  /** Each part after the root by its Content-ID without brackets. */
  private static Map<String, Entity> partsByCid(List<Entity> parts) {
    Map<String, Entity> byCid = new HashMap<>();
    for (Entity part : parts.subList(1, parts.size())) {
      String header = MimeParsing.field(part, "Content-ID");
      assertThat(header).startsWith("<").endsWith(">");
      byCid.put(header.substring(1, header.length() - 1), part);
    }
    return byCid;
  }

  @Test
  void fullStateNotifyHasTheRlmiAsStartAndOnePartPerCid() {
    Part bob = pidf(BOB, 5, "Bob & co");
    Part carol = pidf(CAROL, 5, "Carol");
    RlmiList list = new RlmiList(LIST, 5, true, "Friends", List.of(
        new RlmiResource(BOB, "Bob", List.of(RlmiInstance.active("b1", bob.cid()))),
        new RlmiResource(CAROL, "Carol", List.of(RlmiInstance.active("c1", carol.cid()))),
        new RlmiResource("sip:dave@example.net", null, List.of(RlmiInstance.terminated("d1", "rejected")))));
    String rlmiCid = ContentIds.forList(LIST, 5, HOST);

    Body body = RlmiBody.write(list, rlmiCid, List.of(bob, carol));
    Message message = MimeParsing.parse(body.contentType(), body.bytes());

    ContentTypeField type = MimeParsing.contentType(message);
    assertThat(type.getParameter("type")).isEqualTo(RlmiDocument.CONTENT_TYPE);
    List<Entity> parts = MimeParsing.multipart(message).getBodyParts();
    Entity root = parts.get(0);
    assertThat(MimeParsing.field(root, "Content-ID")).isEqualTo(type.getParameter("start")).isEqualTo("<" + rlmiCid + ">");
    assertThat(MimeParsing.contentType(root).getMimeType()).isEqualTo(RlmiDocument.CONTENT_TYPE);
    Map<String, String> cids = cidsByInstance(rlmi(root));
    assertThat(cids).containsOnly(Map.entry("b1", bob.cid()), Map.entry("c1", carol.cid()));
    Map<String, Entity> byCid = partsByCid(parts);
    assertThat(byCid).containsOnlyKeys(bob.cid(), carol.cid());
    assertThat(MimeParsing.bytes(byCid.get(bob.cid()))).isEqualTo(bob.body());
    assertThat(MimeParsing.bytes(byCid.get(carol.cid()))).isEqualTo(carol.body());
    assertThat(MimeParsing.contentType(byCid.get(bob.cid())).getMimeType()).isEqualTo("application/pidf+xml");
  }

  @Test
  void partialNotifyCarriesOnlyTheChangedResource() {
    Part carol = pidf(CAROL, 6, "Away");
    RlmiList list = new RlmiList(LIST, 6, false, null,
        List.of(new RlmiResource(CAROL, null, List.of(RlmiInstance.active("c1", carol.cid())))));

    Body body = RlmiBody.write(list, ContentIds.forList(LIST, 6, HOST), List.of(carol));
    List<Entity> parts = MimeParsing.multipart(MimeParsing.parse(body.contentType(), body.bytes())).getBodyParts();

    Document rlmi = rlmi(parts.get(0));
    assertThat(rlmi.getDocumentElement().getAttribute("fullState")).isEqualTo("false");
    assertThat(rlmi.getElementsByTagNameNS(RlmiDocument.NS, "resource").getLength()).isEqualTo(1);
    assertThat(parts).hasSize(2);
    assertThat(MimeParsing.bytes(parts.get(1))).isEqualTo(carol.body());
  }

  @Test
  void nestedListTravelsAsAMultipartPartNamedByItsResourceInstance() {
    Part carol = pidf(CAROL, 2, "In the team");
    RlmiList team = new RlmiList(TEAM, 2, true, "Team",
        List.of(new RlmiResource(CAROL, null, List.of(RlmiInstance.active("c1", carol.cid())))));
    String teamCid = ContentIds.forList(TEAM, 2, HOST);
    Body teamBody = RlmiBody.write(team, teamCid, List.of(carol));
    Part nested = new Part(ContentIds.forResource(TEAM, 9, HOST), teamBody.contentType(), teamBody.bytes());
    RlmiList outer = new RlmiList(LIST, 9, true, null,
        List.of(new RlmiResource(TEAM, "Team", List.of(RlmiInstance.active("t1", nested.cid())))));

    Body body = RlmiBody.write(outer, ContentIds.forList(LIST, 9, HOST), List.of(nested));
    List<Entity> parts = MimeParsing.multipart(MimeParsing.parse(body.contentType(), body.bytes())).getBodyParts();

    assertThat(cidsByInstance(rlmi(parts.get(0)))).containsExactly(Map.entry("t1", nested.cid()));
    Entity inner = partsByCid(parts).get(nested.cid());
    ContentTypeField innerType = MimeParsing.contentType(inner);
    assertThat(innerType.getMimeType()).isEqualTo("multipart/related");
    assertThat(innerType.getParameter("start")).isEqualTo("<" + teamCid + ">");
    List<Entity> innerParts = MimeParsing.multipart(inner).getBodyParts();
    assertThat(rlmi(innerParts.get(0)).getDocumentElement().getAttribute("uri")).isEqualTo(TEAM);
    assertThat(MimeParsing.bytes(innerParts.get(1))).isEqualTo(carol.body());
  }

  @Test
  void everyCidNeedsItsPartAndEveryPartItsCid() {
    Part bob = pidf(BOB, 1, "Bob");
    Part carol = pidf(CAROL, 1, "Carol");
    RlmiList list = new RlmiList(LIST, 1, true, null,
        List.of(new RlmiResource(BOB, null, List.of(RlmiInstance.active("b1", bob.cid())))));
    String rlmiCid = ContentIds.forList(LIST, 1, HOST);

    assertThatThrownBy(() -> RlmiBody.write(list, rlmiCid, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bob.cid());
    assertThatThrownBy(() -> RlmiBody.write(list, rlmiCid, List.of(bob, carol)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(carol.cid());
  }
}
