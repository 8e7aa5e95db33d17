package dev.herald.packages.conference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** RFC 4575 §4.6 merge rules, and what a focus's document must be to be accepted. */
class ConferenceInfoTest {

  private static final String NS = ConferenceInfo.NS;
  private static final String CONF = "sip:conf42@example.com";
  private static final ConferenceLimits LIMITS = ConferenceLimits.DEFAULTS;

  private static String doc(String state, long version, String content) {
    return "<conference-info xmlns=\"" + NS + "\" entity=\"" + CONF + "\" state=\"" + state + "\" version=\"" + version
        + "\">" + content + "</conference-info>";
  }

  private static String user(String name, String status) {
    return "<user entity=\"sip:" + name + "@example.com\"><display-text>" + name + "</display-text>"
        + "<endpoint entity=\"sip:" + name + "@192.0.2.1\"><status>" + status + "</status>"
        + "<media id=\"1\"><type>audio</type><status>sendrecv</status></media></endpoint></user>";
  }

  private static final String ROSTER = doc("full", 1, "<conference-description><subject>weekly</subject>"
      + "</conference-description><conference-state><user-count>2</user-count></conference-state>"
      + "<users>" + user("alice", "connected") + user("bob", "connected") + "</users>"
      + "<sidebars-by-ref><entry><uri>sip:side1@example.com</uri><display-text>one</display-text></entry></sidebars-by-ref>"
      + "<sidebars-by-val><entry entity=\"sip:side2@example.com\"><users>" + user("carol", "connected")
      + "</users></entry></sidebars-by-val>");

  /** The full state after applying {@code partial} to {@link #ROSTER}. */
  private static Document merged(String partial) {
    ConferenceInfo.Update update = apply(ROSTER, partial);
    assertThat(update).isInstanceOf(ConferenceInfo.Update.Applied.class);
    return parse(((ConferenceInfo.Update.Applied) update).full());
  }

  private static ConferenceInfo.Update apply(String stored, String incoming) {
    byte[] storedFull = stored == null ? null
        : ((ConferenceInfo.Update.Applied) ConferenceInfo.apply(null, valid(stored), bytes(stored), LIMITS)).full();
    return ConferenceInfo.apply(storedFull, valid(incoming), bytes(incoming), LIMITS);
  }

  private static ConferenceDocument.Valid valid(String body) {
    ConferenceDocument parsed = ConferenceInfo.parse(bytes(body), LIMITS);
    assertThat(parsed).as(body).isInstanceOf(ConferenceDocument.Valid.class);
    return (ConferenceDocument.Valid) parsed;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Document parse(byte[] body) {
    return ((ParseResult.Parsed) SafeXml.parse(body)).document();
  }

  private static List<Element> all(Document doc, String name) {
    NodeList nodes = doc.getElementsByTagNameNS(NS, name);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  /** The entities of the top-level users, in document order. */
  private static List<String> users(Document doc) {
    return all(doc, "user").stream().filter(u -> u.getParentNode().getParentNode() == doc.getDocumentElement())
        .map(u -> u.getAttribute("entity")).toList();
  }

  private static Element user(Document doc, String name) {
    return all(doc, "user").stream().filter(u -> u.getAttribute("entity").equals("sip:" + name + "@example.com"))
        .findFirst().orElseThrow(() -> new AssertionError("no user " + name));
  }

  private static String text(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagNameNS(NS, name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
  }

  @Nested
  class Users {

    @Test
    void aPartialUsersAddsANewUserAndKeepsTheOthers() {
      Document doc = merged(doc("partial", 2, "<users state=\"partial\">" + user("dave", "dialing-in") + "</users>"));
      assertThat(users(doc)).containsExactly("sip:alice@example.com", "sip:bob@example.com", "sip:dave@example.com");
      assertThat(text(user(doc, "dave"), "status")).isEqualTo("dialing-in");
    }

    @Test
    void aDeletedUserLeavesTheRoster() {
      Document doc = merged(doc("partial", 2,
          "<users state=\"partial\"><user entity=\"sip:alice@example.com\" state=\"deleted\"/></users>"));
      assertThat(users(doc)).containsExactly("sip:bob@example.com");
    }

    @Test
    void aFullUserReplacesTheWholeUser() {
      Document doc = merged(doc("partial", 2, "<users state=\"partial\"><user entity=\"sip:bob@example.com\">"
          + "<display-text>Robert</display-text></user></users>"));
      assertThat(text(user(doc, "bob"), "display-text")).isEqualTo("Robert");
      assertThat(user(doc, "bob").getElementsByTagNameNS(NS, "endpoint").getLength())
          .as("what a full user does not repeat is gone").isZero();
    }

    @Test
    void aPartialUserChangesOnlyWhatItCarries() {
      Document doc = merged(doc("partial", 2, "<users state=\"partial\"><user entity=\"sip:bob@example.com\" "
          + "state=\"partial\"><roles><entry>moderator</entry></roles></user></users>"));
      Element bob = user(doc, "bob");
      assertThat(text(bob, "display-text")).isEqualTo("bob");
      assertThat(text(bob, "entry")).isEqualTo("moderator");
      assertThat(bob.getElementsByTagNameNS(NS, "endpoint").getLength()).isEqualTo(1);
    }

    @Test
    void usersWithoutAStateReplaceTheRosterAsTheSchemaDefaultIsFull() {
      Document doc = merged(doc("partial", 2, "<users>" + user("erin", "connected") + "</users>"));
      assertThat(users(doc)).containsExactly("sip:erin@example.com");
    }

    @Test
    void aUserAddedByAPartialRootLandsWhereTheSchemaOrdersIt() {
      String stored = doc("full", 1, "<conference-description><subject>s</subject></conference-description>"
          + "<sidebars-by-ref><entry><uri>sip:side1@example.com</uri></entry></sidebars-by-ref>");
      ConferenceInfo.Update update = apply(stored, doc("partial", 2, "<users state=\"partial\">"
          + user("alice", "connected") + "</users>"));
      Element root = parse(((ConferenceInfo.Update.Applied) update).full()).getDocumentElement();
      assertThat(ConferenceMerge.children(root)).extracting(Element::getLocalName)
          .containsExactly("conference-description", "users", "sidebars-by-ref");
    }
  }

  @Nested
  class EndpointsAndMedia {

    @Test
    void aPartialEndpointChangesItsStatusAndKeepsItsMedia() {
      Document doc = merged(doc("partial", 2, "<users state=\"partial\"><user entity=\"sip:alice@example.com\" "
          + "state=\"partial\"><endpoint entity=\"sip:alice@192.0.2.1\" state=\"partial\"><status>on-hold</status>"
          + "</endpoint></user></users>"));
      Element alice = user(doc, "alice");
      assertThat(text(alice, "status")).isEqualTo("on-hold");
      assertThat(alice.getElementsByTagNameNS(NS, "media").getLength()).isEqualTo(1);
    }

    @Test
    void mediaAreMatchedByIdReplacedAndAdded() {
      Document doc = merged(doc("partial", 2, "<users state=\"partial\"><user entity=\"sip:alice@example.com\" "
          + "state=\"partial\"><endpoint entity=\"sip:alice@192.0.2.1\" state=\"partial\">"
          + "<media id=\"1\"><type>audio</type><status>recvonly</status></media>"
          + "<media id=\"2\"><type>video</type><status>sendrecv</status></media></endpoint></user></users>"));
      List<Element> media = all(doc, "media").stream()
          .filter(m -> ((Element) m.getParentNode()).getAttribute("entity").equals("sip:alice@192.0.2.1")).toList();
      assertThat(media).extracting(m -> m.getAttribute("id")).containsExactly("1", "2");
      assertThat(text(media.get(0), "status")).isEqualTo("recvonly");
      assertThat(text(media.get(1), "type")).isEqualTo("video");
    }

    @Test
    void aDeletedEndpointLeavesItsUser() {
      Document doc = merged(doc("partial", 2, "<users state=\"partial\"><user entity=\"sip:alice@example.com\" "
          + "state=\"partial\"><endpoint entity=\"sip:alice@192.0.2.1\" state=\"deleted\"/></user></users>"));
      assertThat(user(doc, "alice").getElementsByTagNameNS(NS, "endpoint").getLength()).isZero();
      assertThat(text(user(doc, "alice"), "display-text")).isEqualTo("alice");
    }
  }

  @Nested
  class Sidebars {

    @Test
    void sidebarsByReferenceAreMatchedByUri() {
      Document doc = merged(doc("partial", 2, "<sidebars-by-ref state=\"partial\">"
          + "<entry><uri>sip:side1@example.com</uri><display-text>renamed</display-text></entry>"
          + "<entry><uri>sip:side3@example.com</uri></entry></sidebars-by-ref>"));
      Element sidebars = all(doc, "sidebars-by-ref").get(0);
      assertThat(ConferenceMerge.children(sidebars)).extracting(e -> text(e, "uri"))
          .containsExactly("sip:side1@example.com", "sip:side3@example.com");
      assertThat(text(sidebars, "display-text")).isEqualTo("renamed");
    }

    @Test
    void aDeletedSidebarByReferenceIsRemoved() {
      Document doc = merged(doc("partial", 2, "<sidebars-by-ref state=\"partial\">"
          + "<entry state=\"deleted\"><uri>sip:side1@example.com</uri></entry></sidebars-by-ref>"));
      assertThat(ConferenceMerge.children(all(doc, "sidebars-by-ref").get(0))).isEmpty();
    }

    @Test
    void aSidebarByValueIsMatchedByEntityAndMergedLikeAConference() {
      Document doc = merged(doc("partial", 2, "<sidebars-by-val state=\"partial\">"
          + "<entry entity=\"sip:side2@example.com\" state=\"partial\"><users state=\"partial\">"
          + user("dave", "connected") + "</users></entry></sidebars-by-val>"));
      Element sidebar = all(doc, "sidebars-by-val").get(0);
      assertThat(all(doc, "user").stream().filter(u -> sidebar.compareDocumentPosition(u) != 0
          && (sidebar.compareDocumentPosition(u) & Element.DOCUMENT_POSITION_CONTAINED_BY) != 0)
          .map(u -> u.getAttribute("entity"))).containsExactly("sip:carol@example.com", "sip:dave@example.com");
    }

    @Test
    void aDeletedSidebarByValueIsRemoved() {
      Document doc = merged(doc("partial", 2, "<sidebars-by-val state=\"partial\">"
          + "<entry entity=\"sip:side2@example.com\" state=\"deleted\"/></sidebars-by-val>"));
      assertThat(ConferenceMerge.children(all(doc, "sidebars-by-val").get(0))).isEmpty();
      assertThat(users(doc)).containsExactly("sip:alice@example.com", "sip:bob@example.com");
    }
  }

  @Nested
  class Versions {

    @Test
    void theKeptStateIsFullWithTheFocusVersionAndNoStateMarksInside() {
      ConferenceInfo.Update update = apply(ROSTER, doc("partial", 2, "<users state=\"partial\">"
          + "<user entity=\"sip:bob@example.com\" state=\"partial\"><display-text>B</display-text></user></users>"));
      ConferenceInfo.Update.Applied applied = (ConferenceInfo.Update.Applied) update;
      Document doc = parse(applied.full());
      assertThat(doc.getDocumentElement().getAttribute("state")).isEqualTo("full");
      assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("2");
      assertThat(all(doc, "users").get(0).hasAttribute("state")).isFalse();
      assertThat(new String(applied.change(), StandardCharsets.UTF_8)).contains("state=\"partial\"");
    }

    @Test
    void aFullDocumentReplacesWhateverWasKept() {
      ConferenceInfo.Update update = apply(ROSTER, doc("full", 1, "<users>" + user("zoe", "connected") + "</users>"));
      ConferenceInfo.Update.Applied applied = (ConferenceInfo.Update.Applied) update;
      assertThat(users(parse(applied.full()))).containsExactly("sip:zoe@example.com");
      assertThat(applied.change()).isNull();
    }

    @Test
    void aPartialDocumentThatDoesNotFollowTheKeptVersionIsRefused() {
      assertThat(apply(ROSTER, doc("partial", 3, "<users state=\"partial\"/>")))
          .isEqualTo(new ConferenceInfo.Update.Refused(400,
              "partial conference state version 3 does not follow 1; publish full state"));
      assertThat(apply(ROSTER, doc("partial", 1, "<users state=\"partial\"/>")))
          .isInstanceOf(ConferenceInfo.Update.Refused.class);
    }

    @Test
    void aPartialDocumentWithoutKeptStateIsRefused() {
      assertThat(apply(null, doc("partial", 1, "<users state=\"partial\"/>")))
          .isInstanceOf(ConferenceInfo.Update.Refused.class);
    }

    @Test
    void aPartialThatGrowsTheRosterPastTheLimitIsRefusedWith413() {
      ConferenceLimits two = new ConferenceLimits(64 * 1024, 2);
      byte[] stored = ((ConferenceInfo.Update.Applied) ConferenceInfo.apply(null,
          valid(doc("full", 1, "<users>" + user("a", "connected") + user("b", "connected") + "</users>")), null, two))
          .full();
      String partial = doc("partial", 2, "<users state=\"partial\">" + user("c", "connected") + "</users>");
      ConferenceInfo.Update update = ConferenceInfo.apply(stored, valid(partial), bytes(partial), two);
      assertThat(update).isInstanceOf(ConferenceInfo.Update.Refused.class);
      assertThat(((ConferenceInfo.Update.Refused) update).sipStatus()).isEqualTo(413);
    }

    @Test
    void eachWatcherGetsItsOwnVersionStampedOnTheRoot() {
      byte[] stamped = ConferenceInfo.withVersion(bytes(ROSTER), 17);
      Document doc = parse(stamped);
      assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("17");
      assertThat(users(doc)).hasSize(2);
    }

    @Test
    void aPrefixedDocumentMergesAndStampsLikeAnyOther() {
      String prefixed = "<ci:conference-info xmlns:ci=\"" + NS + "\" entity=\"" + CONF + "\" state=\"partial\" "
          + "version=\"2\"><ci:users state=\"partial\"><ci:user entity=\"sip:pat@example.com\"/></ci:users>"
          + "</ci:conference-info>";
      ConferenceInfo.Update.Applied applied = (ConferenceInfo.Update.Applied) apply(ROSTER, prefixed);
      assertThat(users(parse(applied.full()))).contains("sip:pat@example.com");
      assertThat(parse(ConferenceInfo.withVersion(applied.change(), 9)).getDocumentElement().getAttribute("version"))
          .isEqualTo("9");
    }

    @Test
    void anEmptyConferenceIsFullStateWithoutUsers() {
      Document doc = parse(ConferenceInfo.empty(CONF));
      assertThat(doc.getDocumentElement().getAttribute("entity")).isEqualTo(CONF);
      assertThat(doc.getDocumentElement().getAttribute("state")).isEqualTo("full");
      assertThat(users(doc)).isEmpty();
    }
  }

  @Nested
  class Refusals {

    private ConferenceDocument.Rejected rejected(String body, ConferenceLimits limits) {
      ConferenceDocument parsed = ConferenceInfo.parse(bytes(body), limits);
      assertThat(parsed).as(body).isInstanceOf(ConferenceDocument.Rejected.class);
      return (ConferenceDocument.Rejected) parsed;
    }

    @Test
    void externalEntitiesAreRefusedWith400() {
      assertThat(rejected("<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
          + doc("full", 1, "<conference-description><subject>&x;</subject></conference-description>"), LIMITS)
          .sipStatus()).isEqualTo(400);
    }

    @Test
    void entityExpansionIsRefusedWith400() {
      assertThat(rejected("<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY a \"aaaaaaaaaa\">"
          + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
          + doc("full", 1, "<conference-description><subject>&c;</subject></conference-description>"), LIMITS)
          .sipStatus()).isEqualTo(400);
    }

    @Test
    void malformedXmlAndAWrongRootAreRefused() {
      assertThat(rejected("<conference-info xmlns=\"" + NS + "\"", LIMITS).sipStatus()).isEqualTo(400);
      assertThat(rejected("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"x\"/>", LIMITS).reason())
          .contains("not a conference-info");
    }

    @Test
    void theRootNeedsAnEntityAVersionAndAKnownState() {
      assertThat(rejected("<conference-info xmlns=\"" + NS + "\" version=\"1\"/>", LIMITS).reason()).contains("entity");
      assertThat(rejected("<conference-info xmlns=\"" + NS + "\" entity=\"" + CONF + "\"/>", LIMITS).reason())
          .contains("version");
      assertThat(rejected(doc("deleted", 1, ""), LIMITS).reason()).contains("neither full nor partial");
    }

    @Test
    void keyedElementsNeedTheirKeys() {
      assertThat(rejected(doc("full", 1, "<users><user><display-text>x</display-text></user></users>"), LIMITS)
          .reason()).contains("user of users has no key");
      assertThat(rejected(doc("full", 1, "<users><user entity=\"sip:a@x\"><endpoint/></user></users>"), LIMITS)
          .reason()).contains("endpoint");
      assertThat(rejected(doc("full", 1, "<users><user entity=\"sip:a@x\"><endpoint entity=\"sip:a@y\">"
          + "<media><type>audio</type></media></endpoint></user></users>"), LIMITS).reason()).contains("media");
      assertThat(rejected(doc("full", 1, "<sidebars-by-ref><entry><display-text>x</display-text></entry>"
          + "</sidebars-by-ref>"), LIMITS).reason()).contains("entry");
    }

    @Test
    void anUnknownElementStateIsRefused() {
      assertThat(rejected(doc("partial", 2, "<users state=\"gone\"/>"), LIMITS).reason()).contains("state gone");
    }

    @Test
    void tooManyUsersOrBytesGet413() {
      ConferenceLimits small = new ConferenceLimits(300, 1);
      assertThat(rejected(doc("full", 1, "<users><user entity=\"sip:a@x\"/><user entity=\"sip:b@x\"/></users>"),
          small).sipStatus()).isEqualTo(413);
      assertThat(rejected(doc("full", 1, "<conference-description><subject>" + "x".repeat(400)
          + "</subject></conference-description>"), small).sipStatus()).isEqualTo(413);
    }
  }
}
