package dev.herald.packages.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.conference.ConferenceDocument;
import dev.herald.packages.conference.ConferenceInfo;
import dev.herald.packages.conference.ConferenceLimits;
import dev.herald.packages.dialog.DialogInfo;
import dev.herald.packages.presence.pidf.Pidf;
import dev.herald.packages.presence.pidf.RegistrationPidf;
import dev.herald.packages.presence.pidf.RegistrationPidf.BindingView;
import dev.herald.packages.presence.winfo.WatcherEntry;
import dev.herald.packages.presence.winfo.WatcherInfoDocument;
import dev.herald.packages.presence.winfo.WinfoEvent;
import dev.herald.packages.rls.ListMember;
import dev.herald.packages.rls.ResourceListDocument;
import dev.herald.packages.rls.RlmiDocument;
import dev.herald.packages.rls.RlmiInstance;
import dev.herald.packages.rls.RlmiList;
import dev.herald.packages.rls.RlmiResource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Every kind of document Herald composes, written by {@link DomWriter} and by the JDK's Transformer
 * that wrote them before: the bytes must be the same.
 */
class DomWriterCorpusTest {

  private static final String ALICE = "sip:alice@example.com";
  private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

  /** RPID (RFC 4480) and CIPID (RFC 4482) under prefixes declared on the root, non-ASCII and escaped text. */
  private static final String RPID_PUBLICATION = """
      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
          xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" xmlns:c="urn:ietf:params:xml:ns:pidf:cipid"
          entity="sip:alice@example.com">
        <tuple id="t1"><status><basic>open</basic></status>
          <contact priority="0.8">sip:alice@192.0.2.10:5060;transport=tcp</contact>
          <note xml:lang="fr">Réunion — café &amp; croissants &lt;9h&gt; "à l'étage"</note>
          <timestamp>2026-12-07T10:00:00Z</timestamp></tuple>
        <dm:person id="p1"><rpid:activities><rpid:on-the-phone/></rpid:activities>
          <rpid:mood><rpid:happy/></rpid:mood><c:homepage>http://example.com/?a=1&amp;b=2</c:homepage>
          <dm:note>会議中 😀</dm:note></dm:person>
        <dm:device id="d1"><rpid:user-input idle-threshold="600" last-input="2026-12-07T09:58:00Z">idle</rpid:user-input>
          <dm:deviceID>urn:uuid:00000000-0000-1000-8000-000000000001</dm:deviceID></dm:device>
      </presence>""";

  /**
   * A prefixed PIDF root, so the default namespace is redeclared on the copies; the prefix rpid bound
   * to another namespace than in {@link #RPID_PUBLICATION}; attributes in namespaces; a comment, CDATA
   * sections, a processing instruction, and whitespace and markup characters in attribute values.
   */
  private static final String CONFLICTING_PUBLICATION = """
      <p:presence xmlns:p="urn:ietf:params:xml:ns:pidf" xmlns:rpid="urn:example:not-rpid"
          xmlns:e="urn:example:ext" entity="sip:alice@example.com">
        <p:tuple id="t1" e:source="desk &quot;2&quot; &amp; more"><!-- published by a softphone - second line --><p:status><p:basic>closed</p:basic>
          <e:reason>gone	away
      </e:reason></p:status><rpid:class>work</rpid:class>
          <p:note><![CDATA[<b>bold</b> & ]]]]><![CDATA[> kept]]></p:note></p:tuple>
        <person xmlns="urn:ietf:params:xml:ns:pidf:data-model" id="p1">
          <activities xmlns="urn:ietf:params:xml:ns:pidf:rpid"><busy/></activities><?app hint?></person>
        <e:extension e:level="2" plain="a&gt;b&#9;c&#10;d&#13;e 😀 &lt;'">x&#13;y&#x85;z</e:extension>
      </p:presence>""";

  /** A tuple without status text the watchers accept, which the composer drops, and an id already taken. */
  private static final String UNKNOWN_BASIC_PUBLICATION = """
      <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">
      <tuple id="t1"><status><basic>unknown</basic></status><contact>sip:alice@[2001:db8::1]</contact></tuple>
      </presence>""";

  private static final String DIALOG_PUBLICATION = """
      <dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" xmlns:sa="urn:ietf:params:xml:ns:sa-dialog-info"
          version="3" state="full" entity="sip:bob@example.com">
        <dialog id="d1" call-id="a84b4c76e66710@pc33.example.com" local-tag="1928301774" direction="initiator">
          <sa:exclusive>false</sa:exclusive><sa:appearance>1</sa:appearance>
          <state event="replaced">confirmed</state><duration>274</duration>
          <local><identity display="Bob &quot;B&quot; Müller">sip:bob@example.com</identity>
            <target uri="sip:bob@192.0.2.4"><param pname="+sip.rendering" pval="yes"/></target></local>
          <remote><identity display="Alice &amp; Co &lt;sales&gt;">sip:alice@example.com</identity></remote>
        </dialog>
        <dialog id="d2"><state>terminated</state></dialog>
      </dialog-info>""";

  private static final String CONFERENCE_FULL = """
      <conference-info xmlns="urn:ietf:params:xml:ns:conference-info" xmlns:x="urn:example:conf-ext"
          entity="sip:conf42@example.com" state="full" version="1">
        <conference-description><subject>Wöchentlich &amp; "planning"</subject><x:room>4.01</x:room>
        </conference-description>
        <users><user entity="sip:alice@example.com"><display-text>Alice</display-text>
          <endpoint entity="sip:alice@192.0.2.1"><status>connected</status>
            <media id="1"><type>audio</type><status>sendrecv</status></media></endpoint></user></users>
      </conference-info>""";

  private static final String CONFERENCE_PARTIAL = """
      <conference-info xmlns="urn:ietf:params:xml:ns:conference-info" xmlns:y="urn:example:partial-ext"
          entity="sip:conf42@example.com" state="partial" version="2">
        <users state="partial"><user entity="sip:bob@example.com"><display-text>Bob &lt;3</display-text>
          <y:badge y:colour="blue">guest</y:badge>
          <endpoint entity="sip:bob@192.0.2.2"><status>dialing-in</status></endpoint></user></users>
      </conference-info>""";

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertWrittenAsTheTransformerWritesIt(Supplier<byte[]> composer) {
    byte[] byTransformer = TransformerOracle.composedByTransformer(composer);
    byte[] byWriter = TransformerOracle.composedByWriter(composer);

    assertThat(new String(byWriter, StandardCharsets.UTF_8)).isEqualTo(new String(byTransformer, StandardCharsets.UTF_8));
    assertThat(byWriter).isEqualTo(byTransformer);
  }

  @Test
  void presenceCompositionsOfRpidAndConflictingPrefixes() {
    assertWrittenAsTheTransformerWritesIt(() -> Pidf.compose(ALICE, List.of(bytes(RPID_PUBLICATION))));
    assertWrittenAsTheTransformerWritesIt(() -> Pidf.compose(ALICE,
        List.of(bytes(RPID_PUBLICATION), bytes(CONFLICTING_PUBLICATION), bytes(UNKNOWN_BASIC_PUBLICATION))));
    assertWrittenAsTheTransformerWritesIt(() -> Pidf.compose(ALICE,
        List.of(bytes(CONFLICTING_PUBLICATION), bytes(RPID_PUBLICATION))));
    assertWrittenAsTheTransformerWritesIt(() -> Pidf.compose("sip:a&b@example.com;x=\"<y>\"", List.of()));
  }

  @Test
  void theCorpusComposesWhatItClaimsTo() {
    String composed = new String(TransformerOracle.composedByWriter(() -> Pidf.compose(ALICE,
        List.of(bytes(RPID_PUBLICATION), bytes(CONFLICTING_PUBLICATION)))), StandardCharsets.UTF_8);

    assertThat(composed)
        .contains("<rpid:on-the-phone/>", "xmlns:rpid=\"urn:example:not-rpid\"", "<!--", "<![CDATA[", "<?app hint?>",
            "&#128512;", "&#13;", "&#9;", "xmlns=\"\"");
    assertThat(new String(TransformerOracle.composedByWriter(() -> DialogInfo.compose("sip:bob@example.com",
        List.of(bytes(DIALOG_PUBLICATION)))), StandardCharsets.UTF_8)).contains("<sa:appearance>1</sa:appearance>");
  }

  @Test
  void registrationPresence() {
    assertWrittenAsTheTransformerWritesIt(() -> RegistrationPidf.document("sip:alice@example.com;x=\u0001", List.of(
        new BindingView("sip:alice@192.0.2.10:5060;transport=tcp;ob", "0.5",
            "<urn:uuid:00000000-0000-1000-8000-000000000001>", 1_765_000_000_000L),
        new BindingView("sip:alice@[2001:db8::1]:5061;x=\"a&b<c>\"", "high", null, 1_765_000_123_456L))));
  }

  @Test
  void dialogInformation() {
    assertWrittenAsTheTransformerWritesIt(() -> DialogInfo.compose("sip:bob@example.com", List.of(bytes(DIALOG_PUBLICATION))));
    assertWrittenAsTheTransformerWritesIt(() -> DialogInfo.compose("sip:bob@example.com",
        List.of(bytes(DIALOG_PUBLICATION), bytes(DIALOG_PUBLICATION.replace("confirmed", "early"))),
        DialogInfo.Terminated.FROM_LAST_PUBLICATION_ONLY));
  }

  @Test
  void conferenceInformationFullPartialAndEmpty() {
    ConferenceLimits limits = ConferenceLimits.DEFAULTS;
    Supplier<byte[]> stored = () -> ((ConferenceInfo.Update.Applied) ConferenceInfo.apply(null,
        (ConferenceDocument.Valid) ConferenceInfo.parse(bytes(CONFERENCE_FULL), limits), bytes(CONFERENCE_FULL),
        limits)).full();

    assertWrittenAsTheTransformerWritesIt(stored);
    byte[] storedFull = stored.get();
    assertWrittenAsTheTransformerWritesIt(() -> ((ConferenceInfo.Update.Applied) ConferenceInfo.apply(storedFull,
        (ConferenceDocument.Valid) ConferenceInfo.parse(bytes(CONFERENCE_PARTIAL), limits), bytes(CONFERENCE_PARTIAL),
        limits)).full());
    assertWrittenAsTheTransformerWritesIt(() -> ConferenceInfo.empty("sip:conf42@example.com;a=\"b&c\""));
  }

  @Test
  void watcherInformation() {
    List<WatcherEntry> watchers = List.of(
        new WatcherEntry(WatcherEntry.idFor("dialog-bob"), "sip:bob@example.org", "Bob \"the builder\" & Sons <ltd>",
            WatcherEntry.Status.ACTIVE, WinfoEvent.APPROVED, 509, OptionalLong.of(20)),
        new WatcherEntry(WatcherEntry.idFor("dialog-carol"), "sip:carol@example.net;x=é", "Carol 😀",
            WatcherEntry.Status.PENDING, WinfoEvent.SUBSCRIBE, 0, OptionalLong.of(3600)),
        new WatcherEntry(WatcherEntry.idFor("dialog-dave"), "sip:dave@example.net", null,
            WatcherEntry.Status.TERMINATED, WinfoEvent.TIMEOUT, 1800, OptionalLong.empty()));

    assertWrittenAsTheTransformerWritesIt(() -> WatcherInfoDocument.full(ALICE, 7, watchers));
    assertWrittenAsTheTransformerWritesIt(() -> WatcherInfoDocument.partial(ALICE, 8, watchers.subList(1, 3)));
  }

  @Test
  void resourceListsAndRlmi() {
    RlmiList list = new RlmiList("sip:friends@example.com;x=\"<y>\"", 3, true, "Tom & Jerry <3 — ami·e·s",
        List.of(new RlmiResource("sip:bob@example.com", "Bob", List.of(RlmiInstance.active("b1", "bob@example.com"))),
            new RlmiResource("sip:carol@example.com", null, List.of(RlmiInstance.pending("c1"))),
            new RlmiResource("sip:dave@example.com", "Dave\u0007", List.of(RlmiInstance.terminated("d1", "rejected")))));

    assertWrittenAsTheTransformerWritesIt(() -> RlmiDocument.write(list));
    assertWrittenAsTheTransformerWritesIt(() -> ResourceListDocument.toXml("Friends & \"family\"", List.of(
        new ListMember("sip:bob@example.com", "Bob <b>"), new ListMember("sip:carol@example.com", null))));
  }

  /** A tree made with createElementNS and no declaration at all: every one comes from fix-up. */
  @Test
  void aTreeWithoutDeclarations() {
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(Pidf.NS, "presence");
    root.setAttribute("entity", ALICE);
    doc.appendChild(root);
    Element person = doc.createElementNS(Pidf.DATA_MODEL_NS, "dm:person");
    person.setAttributeNS("urn:example:ext", "e:since", "2026");
    person.setAttributeNS("urn:example:unprefixed", "rank", "1");
    root.appendChild(person);
    Element activities = doc.createElementNS("urn:ietf:params:xml:ns:pidf:rpid", "rpid:activities");
    person.appendChild(activities);
    activities.appendChild(doc.createElementNS("urn:ietf:params:xml:ns:pidf:rpid", "rpid:away"));
    activities.appendChild(doc.createElementNS(null, "unqualified"));
    Element conflicting = doc.createElementNS("urn:example:other", "dm:person");
    root.appendChild(conflicting);
    conflicting.appendChild(doc.createElementNS(Pidf.DATA_MODEL_NS, "dm:note"));

    assertThat(TransformerOracle.write(doc)).isEqualTo(TransformerOracle.transform(doc));
  }

  /** An element imported from a document where its prefix is declared on an ancestor only. */
  @Test
  void anImportedElementWhosePrefixIsDeclaredOnlyInItsSourceDocument() {
    Document source = ((ParseResult.Parsed) SafeXml.parse(bytes(RPID_PUBLICATION))).document();
    Element activities = (Element) source.getElementsByTagNameNS("urn:ietf:params:xml:ns:pidf:rpid", "activities").item(0);
    Document doc = SafeXml.newDocument();
    Element root = doc.createElementNS(Pidf.NS, "presence");
    root.setAttributeNS(XMLNS, "xmlns", Pidf.NS);
    doc.appendChild(root);
    root.appendChild(doc.importNode(activities, true));
    root.appendChild(doc.importNode(source.getElementsByTagNameNS(Pidf.NS, "note").item(0), true));

    assertThat(TransformerOracle.write(doc)).isEqualTo(TransformerOracle.transform(doc))
        .contains("<rpid:activities xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\">");
  }
}
