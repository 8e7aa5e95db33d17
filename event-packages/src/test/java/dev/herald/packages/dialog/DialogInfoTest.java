package dev.herald.packages.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

class DialogInfoTest {

  private static final String BOB = "sip:bob@example.com";
  private static final String SA = "urn:ietf:params:xml:ns:sa-dialog-info";

  /** A proxy reports Bob's desk phone in a call with Alice, identities and targets included. */
  private static final String DESK_CALL = """
      <?xml version="1.0" encoding="UTF-8"?>
      <dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="3" state="full"
          entity="sip:bob@example.com">
        <dialog id="desk-1" call-id="a84b4c76e66710" local-tag="1928301774" remote-tag="456248"
            direction="recipient">
          <state event="remote-bye" code="200">confirmed</state>
          <duration>42</duration>
          <local>
            <identity display="Bob">sip:bob@example.com</identity>
            <target uri="sip:bob@192.0.2.4:5060"><param pname="+sip.rendering" pval="yes"/></target>
          </local>
          <remote>
            <identity display="Alice &amp; Co">sip:alice@example.com</identity>
          </remote>
        </dialog>
      </dialog-info>
      """;

  /** Bob's softphone rings, on shared line appearance 1 (RFC 7463). */
  private static final String SOFT_RINGING = """
      <dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info"
          xmlns:sa="urn:ietf:params:xml:ns:sa-dialog-info"
          version="0" state="full" entity="sip:bob@example.com">
        <dialog id="soft-1" direction="recipient">
          <state>early</state>
          <sa:appearance>1</sa:appearance>
          <sa:exclusive>false</sa:exclusive>
        </dialog>
      </dialog-info>
      """;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static String publication(String dialogs) {
    return "<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"0\" state=\"full\""
        + " entity=\"sip:bob@example.com\">" + dialogs + "</dialog-info>";
  }

  private static String dialog(String id, String state) {
    return "<dialog id=\"" + id + "\"><state>" + state + "</state></dialog>";
  }

  private static DialogValidation.Rejected rejected(String body, int status) {
    DialogValidation validation = DialogInfo.validate(utf8(body));
    assertThat(validation).isInstanceOf(DialogValidation.Rejected.class);
    DialogValidation.Rejected rejected = (DialogValidation.Rejected) validation;
    assertThat(rejected.sipStatus()).isEqualTo(status);
    return rejected;
  }

  private static DialogValidation.Valid valid(byte[] body) {
    DialogValidation validation = DialogInfo.validate(body);
    assertThat(validation).isInstanceOf(DialogValidation.Valid.class);
    return (DialogValidation.Valid) validation;
  }

  private static List<String> states(byte[] composed) {
    return valid(composed).dialogs().stream().map(d -> d.id() + "=" + d.state().token()).toList();
  }

  private static byte[] compose(String... publications) {
    return DialogInfo.compose(BOB, List.of(publications).stream().map(DialogInfoTest::utf8).toList(), 0);
  }

  @Nested
  class Validate {

    @Test
    void aProxyPublicationIsValidWithItsDialogsInDocumentOrder() {
      DialogValidation.Valid valid = valid(utf8(publication(dialog("x", "trying") + dialog("y", "terminated"))));

      assertThat(valid.dialogs()).extracting(Dialog::id).containsExactly("x", "y");
      assertThat(valid.dialogs()).extracting(Dialog::state)
          .containsExactly(Dialog.State.TRYING, Dialog.State.TERMINATED);
      assertThat(valid(utf8(DESK_CALL)).dialogs().get(0).element().getAttribute("call-id")).isEqualTo("a84b4c76e66710");
    }

    @Test
    void everyStateOfRfc4235IsAcceptedWhitespaceAroundItIgnored() {
      for (Dialog.State state : Dialog.State.values()) {
        assertThat(valid(utf8(publication(dialog("d", "\n  " + state.token() + "\n")))).dialogs())
            .extracting(Dialog::state).containsExactly(state);
      }
    }

    @Test
    void aStateOutsideRfc4235sValuesIs400() {
      assertThat(rejected(publication(dialog("d", "ringing")), 400).reason()).contains("dialog 1", "state");
      rejected(publication(dialog("d", "Confirmed")), 400);
    }

    @Test
    void aDialogWithoutStateOrWithTwoIs400() {
      rejected(publication("<dialog id=\"d\"/>"), 400);
      rejected(publication("<dialog id=\"d\"><state>early</state><state>confirmed</state></dialog>"), 400);
    }

    @Test
    void aStateOfAnotherNamespaceDoesNotCount() {
      rejected(publication("<dialog id=\"d\"><x:state xmlns:x=\"urn:x\">early</x:state></dialog>"), 400);
    }

    @Test
    void aDialogWithoutIdIs400AndNamesItsPosition() {
      String body = publication(dialog("a", "early") + "<dialog><state>early</state></dialog>");

      assertThat(rejected(body, 400).reason()).contains("dialog 2 has no id");
      rejected(publication("<dialog id=\" \"><state>early</state></dialog>"), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "state=\"full\" entity=\"sip:bob@example.com\"",
        "version=\"-1\" state=\"full\" entity=\"sip:bob@example.com\"",
        "version=\"one\" state=\"full\" entity=\"sip:bob@example.com\"",
        "version=\"0\" entity=\"sip:bob@example.com\"",
        "version=\"0\" state=\"diff\" entity=\"sip:bob@example.com\"",
        "version=\"0\" state=\"full\"",
        "version=\"0\" state=\"full\" entity=\"\""})
    void aRootWithoutItsRequiredAttributesIs400(String attributes) {
      rejected("<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" " + attributes + "/>", 400);
    }

    @Test
    void aPartialDocumentIsValid() {
      valid(utf8(publication("").replace("\"full\"", "\"partial\"")));
    }

    @Test
    void aRootThatIsNotDialogInfoOfItsNamespaceIs400() {
      rejected("<dialog xmlns=\"urn:ietf:params:xml:ns:dialog-info\" id=\"d\"><state>early</state></dialog>", 400);
      rejected(publication("").replace(DialogInfo.NS, "urn:ietf:params:xml:ns:pidf"), 400);
      rejected("<dialog-info version=\"0\" state=\"full\" entity=\"sip:bob@example.com\"/>", 400);
    }

    @Test
    void malformedAndEmptyBodiesAre400() {
      rejected(publication(dialog("d", "early")).replace("</dialog-info>", ""), 400);
      rejected("", 400);
    }

    @Test
    void anExternalEntityIs400() {
      String body = "<!DOCTYPE dialog-info [<!ENTITY e SYSTEM \"http://attacker.example/secret\">]>"
          + publication(dialog("&e;", "early"));

      assertThat(rejected(body, 400).reason()).contains("DOCTYPE");
    }

    @Test
    void entityExpansionIs400Quickly() {
      String entities = IntStream.rangeClosed(1, 9)
          .mapToObj(i -> "<!ENTITY x" + i + " \"" + ("&x" + (i - 1) + ";").repeat(10) + "\">")
          .collect(Collectors.joining("", "<!DOCTYPE dialog-info [<!ENTITY x0 \"ha\">", "]>"));

      assertTimeoutPreemptively(
          Duration.ofSeconds(2), () -> rejected(entities + publication(dialog("&x9;", "early")), 400));
    }

    @Test
    void aBodyOverTheSizeLimitIs413() {
      byte[] body = utf8(publication(dialog("d", "early")));

      DialogValidation small = DialogInfo.validate(body, new DialogLimits(body.length - 1, 10));

      assertThat(small).isEqualTo(new DialogValidation.Rejected(413, "body exceeds " + (body.length - 1) + " bytes"));
      assertThat(DialogInfo.validate(body, new DialogLimits(body.length, 10))).isInstanceOf(DialogValidation.Valid.class);
    }

    @Test
    void moreDialogsThanTheLimitIs413() {
      byte[] body = utf8(publication(dialog("a", "early") + dialog("b", "early")));

      assertThat(DialogInfo.validate(body, new DialogLimits(1024, 1)))
          .isInstanceOfSatisfying(DialogValidation.Rejected.class, r -> assertThat(r.sipStatus()).isEqualTo(413));
      assertThat(DialogInfo.validate(body, new DialogLimits(1024, 2))).isInstanceOf(DialogValidation.Valid.class);
    }

    @Test
    void limitsMustBePositive() {
      assertThatThrownBy(() -> new DialogLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new DialogLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Compose {

    @Test
    void theDialogsOfEveryPublicationMakeOneFullDocumentOfTheEntity() {
      byte[] composed = compose(DESK_CALL, SOFT_RINGING);

      Element root = valid(composed).doc().getDocumentElement();
      assertThat(root.getAttribute("entity")).isEqualTo(BOB);
      assertThat(root.getAttribute("state")).isEqualTo("full");
      assertThat(states(composed)).containsExactly("desk-1=confirmed", "soft-1=early");
    }

    @Test
    void aLaterPublicationsDialogReplacesAnEarlierOneWithTheSameId() {
      String ringing = publication(dialog("call", "early") + dialog("other", "confirmed"));
      String answered = publication("<dialog id=\"call\"><state>confirmed</state><duration>1</duration></dialog>");

      byte[] composed = compose(ringing, answered);

      assertThat(states(composed)).containsExactly("other=confirmed", "call=confirmed");
      assertThat(text(composed)).contains("<duration>1</duration>").containsOnlyOnce("id=\"call\"");
      assertThat(states(compose(answered, ringing))).containsExactly("call=early", "other=confirmed");
    }

    @Test
    void aRemovedPublicationsDialogsAreGone() {
      assertThat(states(compose(DESK_CALL, SOFT_RINGING))).contains("desk-1=confirmed");

      assertThat(states(compose(SOFT_RINGING))).containsExactly("soft-1=early");
    }

    @Test
    void eachDialogIsKeptAsPublishedWithForeignElementsAndAttributes() {
      String sla = SOFT_RINGING.replace("<dialog id=\"soft-1\"", "<dialog sa:line=\"2\" id=\"soft-1\"");

      byte[] composed = compose(DESK_CALL, sla);

      Element soft = valid(composed).dialogs().get(1).element();
      assertThat(soft.getAttributeNS(SA, "line")).isEqualTo("2");
      assertThat(soft.getElementsByTagNameNS(SA, "appearance").item(0).getTextContent()).isEqualTo("1");
      assertThat(soft.getElementsByTagNameNS(SA, "exclusive").item(0).getTextContent()).isEqualTo("false");
      Element desk = valid(composed).dialogs().get(0).element();
      Element identity = (Element) desk.getElementsByTagNameNS(DialogInfo.NS, "identity").item(1);
      assertThat(identity.getAttribute("display")).isEqualTo("Alice & Co");
      assertThat(((Element) desk.getElementsByTagNameNS(DialogInfo.NS, "param").item(0)).getAttribute("pval"))
          .isEqualTo("yes");
      assertThat(text(composed)).contains("<state code=\"200\" event=\"remote-bye\">confirmed</state>");
    }

    @Test
    void aPrefixedPublicationKeepsItsPrefixesMeaning() {
      String prefixed = """
          <d:dialog-info xmlns:d="urn:ietf:params:xml:ns:dialog-info" xmlns:x="urn:example:x"
              version="0" state="full" entity="sip:bob@example.com">
            <d:dialog id="p1"><d:state>trying</d:state><x:note>x:value</x:note><plain/></d:dialog>
          </d:dialog-info>""";
      String otherX = publication("<dialog id=\"p2\" xmlns:x=\"urn:example:other\"><state>early</state>"
          + "<x:note/></dialog>");

      byte[] composed = compose(prefixed, otherX);

      List<Dialog> dialogs = valid(composed).dialogs();
      assertThat(dialogs).extracting(Dialog::id).containsExactly("p1", "p2");
      Element first = dialogs.get(0).element();
      assertThat(first.getElementsByTagNameNS("urn:example:x", "note").getLength()).isEqualTo(1);
      assertThat(first.lookupNamespaceURI("x")).isEqualTo("urn:example:x");
      assertThat(first.getElementsByTagNameNS(null, "plain").getLength()).isEqualTo(1);
      assertThat(dialogs.get(1).element().getElementsByTagNameNS("urn:example:other", "note").getLength())
          .isEqualTo(1);
    }

    @Test
    void theEntityIsEscapedAndMadeLegalXml() {
      String entity = "sip:\"b&o<b>\"\u0001@example.com";

      byte[] composed = DialogInfo.compose(entity, List.of(), 0);

      assertThat(valid(composed).doc().getDocumentElement().getAttribute("entity"))
          .isEqualTo("sip:\"b&o<b>\"\uFFFD@example.com");
      assertThat(text(composed)).contains("&amp;o&lt;b&gt;");
    }

    @Test
    void anEmptyListGivesAValidDocumentWithoutDialogs() {
      byte[] composed = DialogInfo.compose(BOB, List.of(), 0);

      assertThat(valid(composed).dialogs()).isEmpty();
      assertThat(text(composed)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><dialog-info ");
    }

    @Test
    void invalidAndHostilePublicationsAreLeftOut() {
      String hostile = "<!DOCTYPE dialog-info [<!ENTITY e \"boom\">]>" + publication(dialog("evil", "early"));

      byte[] composed = compose(hostile, publication(dialog("ok", "early")), "not xml", publication(dialog("", "early")));

      assertThat(states(composed)).containsExactly("ok=early");
    }

    @Test
    void terminatedDialogsAreKeptSoWatchersSeeTheCallEnd() {
      byte[] composed = compose(publication(dialog("ended", "terminated")), SOFT_RINGING);

      assertThat(states(composed)).containsExactly("ended=terminated", "soft-1=early");
    }

    @Test
    void fromLastPublicationOnlyDropsTheTerminatedDialogsOfEarlierPublications() {
      List<byte[]> publications = List.of(
          utf8(publication(dialog("old", "terminated") + dialog("live", "confirmed"))),
          utf8(publication(dialog("live", "terminated"))),
          utf8(publication(dialog("new", "terminated"))));

      byte[] composed = DialogInfo.compose(BOB, publications, DialogInfo.Terminated.FROM_LAST_PUBLICATION_ONLY);

      assertThat(states(composed)).containsExactly("new=terminated");
      assertThat(states(DialogInfo.compose(BOB, publications)))
          .containsExactly("old=terminated", "live=terminated", "new=terminated");
    }
  }

  @Nested
  class Version {

    @Test
    void composeStampsTheVersionGiven() {
      byte[] composed = DialogInfo.compose(BOB, List.of(utf8(DESK_CALL)), 17);

      assertThat(valid(composed).doc().getDocumentElement().getAttribute("version")).isEqualTo("17");
    }

    @Test
    void withVersionChangesOnlyTheRootsVersion() {
      String versioned = publication("<dialog id=\"v\" version=\"9\"><state>early</state></dialog>");
      byte[] once = DialogInfo.compose(" version=\"5\"", List.of(utf8(versioned)));

      byte[] stamped = DialogInfo.withVersion(once, 1234567890123L);

      assertThat(text(stamped)).isEqualTo(text(once).replace("\" version=\"0\"", "\" version=\"1234567890123\""));
      Element root = valid(stamped).doc().getDocumentElement();
      assertThat(root.getAttribute("version")).isEqualTo("1234567890123");
      assertThat(root.getAttribute("entity")).isEqualTo(" version=\"5\"");
      assertThat(text(stamped)).startsWith("<?xml version=\"1.0\"").contains("id=\"v\" version=\"9\"");
    }

    @Test
    void restampingAStampedDocumentGivesTheSameBytesAsComposingAtThatVersion() {
      List<byte[]> publications = List.of(utf8(DESK_CALL), utf8(SOFT_RINGING));

      byte[] restamped = DialogInfo.withVersion(DialogInfo.compose(BOB, publications, 12345), 7);

      assertThat(restamped).isEqualTo(DialogInfo.compose(BOB, publications, 7));
    }

    @Test
    void aNegativeVersionOrADocumentNotComposedHereIsAProgrammingError() {
      byte[] composed = DialogInfo.compose(BOB, List.of());

      assertThatThrownBy(() -> DialogInfo.withVersion(composed, -1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> DialogInfo.withVersion(utf8("<presence/>"), 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
