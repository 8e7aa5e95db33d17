package dev.herald.packages.presence.winfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.packages.presence.winfo.WatcherEntry.Status;
import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class WatcherInfoDocumentTest {

  private static final String ALICE = "sip:alice@example.com";

  private static final WatcherEntry BOB = new WatcherEntry(WatcherEntry.idFor("dialog-bob"),
      "sip:bob@example.org", "Bob", Status.ACTIVE, WinfoEvent.APPROVED, 509, OptionalLong.of(20));
  private static final WatcherEntry CAROL = new WatcherEntry(WatcherEntry.idFor("dialog-carol"),
      "sip:carol@example.net", null, Status.PENDING, WinfoEvent.SUBSCRIBE, 0, OptionalLong.of(3600));
  private static final WatcherEntry DAVE = new WatcherEntry(WatcherEntry.idFor("dialog-dave"),
      "sip:dave@example.net", null, Status.TERMINATED, WinfoEvent.TIMEOUT, 1800, OptionalLong.empty());

  private record Parsed(Element root, Element list, List<WatcherEntry> watchers) {}

  private static Parsed parse(byte[] body) {
    ParseResult result = SafeXml.parse(body);
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    Element root = ((ParseResult.Parsed) result).document().getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(WatcherInfoDocument.NS);
    assertThat(root.getLocalName()).isEqualTo("watcherinfo");
    NodeList lists = root.getElementsByTagNameNS(WatcherInfoDocument.NS, "watcher-list");
    assertThat(lists.getLength()).isEqualTo(1);
    Element list = (Element) lists.item(0);
    List<WatcherEntry> watchers = new ArrayList<>();
    NodeList elements = list.getElementsByTagNameNS(WatcherInfoDocument.NS, "watcher");
    for (int i = 0; i < elements.getLength(); i++) {
      Element w = (Element) elements.item(i);
      watchers.add(new WatcherEntry(
          w.getAttribute("id"),
          w.getTextContent(),
          w.hasAttribute("display-name") ? w.getAttribute("display-name") : null,
          Status.valueOf(w.getAttribute("status").toUpperCase(Locale.ROOT)),
          WinfoEvent.valueOf(w.getAttribute("event").toUpperCase(Locale.ROOT)),
          Long.parseLong(w.getAttribute("duration-subscribed")),
          w.hasAttribute("expiration") ? OptionalLong.of(Long.parseLong(w.getAttribute("expiration")))
              : OptionalLong.empty()));
    }
    return new Parsed(root, list, watchers);
  }

  @Test
  void fullDocumentParsesBackToTheSameWatchersOfThePresencePackage() {
    Parsed parsed = parse(WatcherInfoDocument.full(ALICE, 0, List.of(BOB, CAROL, DAVE)));

    assertThat(parsed.root().getAttribute("state")).isEqualTo("full");
    assertThat(parsed.list().getAttribute("resource")).isEqualTo(ALICE);
    assertThat(parsed.list().getAttribute("package")).isEqualTo("presence");
    assertThat(parsed.watchers()).containsExactly(BOB, CAROL, DAVE);
  }

  @Test
  void partialDocumentCarriesOnlyTheChangedWatchersAndSaysPartial() {
    Parsed parsed = parse(WatcherInfoDocument.partial(ALICE, 3, List.of(DAVE)));

    assertThat(parsed.root().getAttribute("state")).isEqualTo("partial");
    assertThat(parsed.watchers()).containsExactly(DAVE);
  }

  @Test
  void versionAttributeIsTheCallersCounter() {
    assertThat(parse(WatcherInfoDocument.full(ALICE, 0, List.of(BOB))).root().getAttribute("version"))
        .isEqualTo("0");
    assertThat(parse(WatcherInfoDocument.partial(ALICE, 41, List.of(BOB))).root().getAttribute("version"))
        .isEqualTo("41");
  }

  @Test
  void negativeVersionIsRefused() {
    assertThatThrownBy(() -> WatcherInfoDocument.full(ALICE, -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noWatchersStillGivesTheWatcherListOfTheResource() {
    Parsed parsed = parse(WatcherInfoDocument.full(ALICE, 0, List.of()));

    assertThat(parsed.list().getAttribute("resource")).isEqualTo(ALICE);
    assertThat(parsed.watchers()).isEmpty();
  }

  @Test
  void hostileUriAndDisplayNameComeBackAsTextWithoutInjectingMarkup() {
    String uri = "sip:x@y\"></watcher><watcher id=\"evil\" status=\"active\" event=\"approved\">sip:evil@z&amp;";
    String name = "Mallory <script> & \"friends\" 'all'";
    WatcherEntry hostile = new WatcherEntry(WatcherEntry.idFor("d1"), uri, name, Status.PENDING,
        WinfoEvent.SUBSCRIBE, 0, OptionalLong.empty());

    Parsed parsed = parse(WatcherInfoDocument.full("sip:alice@example.com;x=\"<&>\"", 0, List.of(hostile)));

    assertThat(parsed.watchers()).containsExactly(hostile);
    assertThat(parsed.list().getAttribute("resource")).isEqualTo("sip:alice@example.com;x=\"<&>\"");
  }

  @Test
  void charactersXmlCannotCarryAreReplacedSoTheDocumentStillParses() {
    WatcherEntry controls = new WatcherEntry(WatcherEntry.idFor("d2"), "sip:a\u0000b@example.com",
        "Eve\u0001\uD800", Status.ACTIVE, WinfoEvent.SUBSCRIBE, 5, OptionalLong.of(60));

    WatcherEntry back = parse(WatcherInfoDocument.full(ALICE, 1, List.of(controls))).watchers().get(0);

    assertThat(back.uri()).isEqualTo("sip:a\uFFFDb@example.com");
    assertThat(back.displayName()).isEqualTo("Eve\uFFFD\uFFFD");
  }

  @Test
  void watcherIdIsStablePerSubscriptionAndDistinctAcrossSubscriptions() {
    assertThat(WatcherEntry.idFor("dialog-bob")).isEqualTo(WatcherEntry.idFor("dialog-bob"));
    assertThat(WatcherEntry.idFor("dialog-bob")).isNotEqualTo(WatcherEntry.idFor("dialog-carol"));
    assertThat(WatcherEntry.idFor("dialog-bob")).matches("w[0-9a-f]{16}");
  }
}
