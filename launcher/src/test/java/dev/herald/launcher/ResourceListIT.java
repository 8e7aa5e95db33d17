package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testkit.FlowAgent;
import dev.herald.testkit.FlowAgent.Message;
import dev.herald.testkit.ListNotify;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource list subscriptions (RFC 4662) against a running Herald with its embedded broker: lists
 * put with {@code herald lists}, phones that subscribe to them over UDP from behind a NAT and over
 * TCP, members that PUBLISH. Every list NOTIFY body is read with mime4j and the JDK's DOM parser.
 */
class ResourceListIT {

  private static final Duration ANSWER = Duration.ofSeconds(15);
  private static final String PRIVATE = "127.0.0.2";
  private static final String LIST_ACCEPT = "Accept: application/pidf+xml, application/rlmi+xml, multipart/related";

  @TempDir
  static Path dataDir;

  @TempDir
  static Path files;

  private static Herald herald;
  private static InetSocketAddress sip;
  private static int adminPort;

  @BeforeAll
  static void start() throws Exception {
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    adminPort = settings.adminPort();
    herald = new Herald(settings).start();
    sip = new InetSocketAddress("127.0.0.1", settings.sipPort());
    await().atMost(ANSWER).until(() -> SipChecks.healthy(adminPort));
  }

  @AfterAll
  static void stop() {
    if (herald != null) {
      herald.close();
    }
  }

  @Test
  void aFiftyMemberListGivesFullStateThenPartialNotifiesAndOneMemberChangeArrivesOnce() throws Exception {
    String list = "sip:buddies@rls.example.com";
    List<String> members = IntStream.range(0, 50).mapToObj(i -> "sip:m%02d@rls.example.com".formatted(i)).toList();
    putList(list, members);
    try (FlowAgent watcher = FlowAgent.udp("buddy-watcher", sip, PRIVATE);
         FlowAgent publisher = FlowAgent.udp("buddy-publisher", sip, "127.0.0.1")) {
      for (String member : members.subList(0, 10)) {
        publish(publisher, member, "open", "note of " + member, null);
      }

      String toTag = subscribe(watcher, list);
      Message first = nextNotify(watcher);
      assertThat(first.header("require")).isEqualTo("eventlist");
      ListNotify full = read(first);
      assertThat(full.fullState()).isTrue();
      assertThat(full.version()).isZero();
      assertThat(full.uris()).containsExactlyElementsOf(members);

      // The members' back-end subscriptions report; their states arrive as partial NOTIFYs, at most one a second.
      Set<String> heard = new HashSet<>();
      long version = full.version();
      List<Message> partials = new ArrayList<>();
      while (heard.size() < members.size()) {
        Message next = nextNotify(watcher);
        partials.add(next);
        ListNotify partial = read(next);
        assertThat(partial.fullState()).isFalse();
        assertThat(partial.version()).as("versions rise by one").isEqualTo(++version);
        partial.resources().stream().filter(r -> r.state().equals("active")).forEach(r -> heard.add(r.uri()));
      }
      assertThat(partials).as("50 members' first states merged into few NOTIFYs").hasSizeLessThanOrEqualTo(5);
      assertThat(watcher.droppedFromElsewhere()).as("every NOTIFY from the address the phone sent to").isZero();

      publish(publisher, members.get(7), "closed", "gone home", null);
      ListNotify change = read(nextNotify(watcher));
      assertThat(change.fullState()).isFalse();
      assertThat(change.version()).isEqualTo(++version);
      assertThat(change.uris()).containsExactly(members.get(7));
      assertThat(change.resource(members.get(7)).orElseThrow().text()).contains("gone home");
      assertThat(watcher.next(Duration.ofSeconds(3))).as("the change reaches the list subscriber once").isNull();

      CliRun removed = CliRun.herald(adminPort, "lists", "remove", list, members.get(49));
      assertThat(removed.exitCode()).as(removed.err()).isZero();
      ListNotify after = read(nextNotify(watcher));
      assertThat(after.fullState()).as("only full state can say a resource left").isTrue();
      assertThat(after.version()).isEqualTo(++version);
      assertThat(after.uris()).containsExactlyElementsOf(members.subList(0, 49));
      assertThat(after.resource(members.get(7)).orElseThrow().text()).contains("gone home");

      unsubscribe(watcher, list, toTag);
    }
  }

  @Test
  void aSubscribeToAListWithoutEventlistGets421RequiringIt() throws Exception {
    String list = "sip:plain@rls.example.com";
    putList(list, List.of("sip:someone@rls.example.com"));
    try (FlowAgent watcher = FlowAgent.udp("plain-watcher", sip, "127.0.0.1")) {
      watcher.send("SUBSCRIBE", list, null, List.of("Event: presence", "Expires: 600"), null);
      Message answer = watcher.next(ANSWER);
      assertThat(answer).isNotNull();
      assertThat(answer.status()).as(answer.startLine() + "\n" + answer.headers() + "\n" + answer.body()).isEqualTo(421);
      assertThat(answer.header("require")).isEqualTo("eventlist");
    }
  }

  @Test
  void aNestedListOverTcpArrivesOnThePhonesConnectionAsANestedRlmiList() throws Exception {
    String team = "sip:team@rls.example.com";
    String all = "sip:everyone@rls.example.com";
    putList(team, List.of("sip:tina@rls.example.com", "sip:tom@rls.example.com"));
    putList(all, List.of("sip:ann@rls.example.com", team));
    try (FlowAgent watcher = FlowAgent.tcp("nested-watcher", sip, PRIVATE);
         FlowAgent publisher = FlowAgent.udp("nested-publisher", sip, "127.0.0.1")) {
      publish(publisher, "sip:tom@rls.example.com", "open", "tom at work", null);

      subscribe(watcher, all);
      ListNotify full = read(nextNotify(watcher));
      assertThat(full.uris()).containsExactly("sip:ann@rls.example.com", team);
      assertThat(full.resource(team).orElseThrow().nested().uris())
          .containsExactly("sip:tina@rls.example.com", "sip:tom@rls.example.com");

      ListNotify.Resource tom = null;
      while (tom == null || tom.document() == null) {
        ListNotify.Resource nested = read(nextNotify(watcher)).resource(team).map(ListNotify.Resource::nested)
            .flatMap(n -> n.resource("sip:tom@rls.example.com")).orElse(null);
        tom = nested != null ? nested : tom;
      }
      assertThat(tom.text()).contains("tom at work");
    }
  }

  @Test
  void aListCarriedInTheSubscribeAsLinphoneSendsItIsServedToItsSubscriberAlone() throws Exception {
    String rlsUri = "sip:friends@adhoc.example.com";
    String ann = "sip:ann@adhoc.example.com";
    String ben = "sip:ben@adhoc.example.com";
    String cid = "sip:cid@adhoc.example.com";
    try (FlowAgent phone = FlowAgent.udp("linphone-like", sip, PRIVATE);
         FlowAgent other = FlowAgent.tcp("other-phone", sip, PRIVATE);
         FlowAgent publisher = FlowAgent.udp("adhoc-publisher", sip, "127.0.0.1")) {
      publish(publisher, ann, "open", "ann at her desk", null);
      publish(publisher, cid, "open", "cid on the road", null);

      String toTag = subscribeWithList(phone, rlsUri, List.of(ann, ben));
      subscribeWithList(other, rlsUri, List.of(cid));

      ListNotify full = read(nextNotify(phone));
      assertThat(full.fullState()).isTrue();
      assertThat(full.uri()).isEqualTo(rlsUri);
      assertThat(full.uris()).containsExactly(ann, ben);
      ListNotify.Resource annState = null;
      while (annState == null || annState.document() == null) {
        annState = read(nextNotify(phone)).resource(ann).filter(r -> r.document() != null).orElse(annState);
      }
      assertThat(annState.text()).contains("ann at her desk");
      ListNotify othersFull = read(nextNotify(other));
      assertThat(othersFull.uris()).as("the other phone's own list").containsExactly(cid);

      publish(publisher, ann, "closed", "ann gone home", null);
      ListNotify change = null;
      while (change == null || change.resource(ann).isEmpty()) {
        change = read(nextNotify(phone));
      }
      assertThat(change.resource(ann).orElseThrow().text()).contains("ann gone home");

      // RFC 5367 §3.2: the refresh and the end of the dialog carry no list.
      unsubscribe(phone, rlsUri, toTag);
    }
  }

  @Test
  void aListSubscribeWhoseBodyIsNoResourceListGets415NamingTheFormat() throws Exception {
    try (FlowAgent phone = FlowAgent.udp("wrong-body", sip, "127.0.0.1")) {
      phone.send("SUBSCRIBE", "sip:friends@adhoc.example.com", null, List.of("Event: presence", "Expires: 600",
          "Supported: eventlist", "Require: recipient-list-subscribe", LIST_ACCEPT, "Content-Type: text/plain"),
          "sip:ann@adhoc.example.com");
      Message answer = phone.next(ANSWER);
      assertThat(answer).isNotNull();
      assertThat(answer.status()).as(answer.startLine()).isEqualTo(415);
      assertThat(answer.header("accept")).isEqualTo("application/resource-lists+xml");
    }
  }

  /** SUBSCRIBEs as Linphone does with rls_uri set (RFC 5367 §3): the friends in the body; returns the To tag. */
  private static String subscribeWithList(FlowAgent phone, String rlsUri, List<String> friends) throws Exception {
    StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        + "<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\" "
        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\r\n<list>\r\n");
    friends.forEach(f -> body.append("<entry uri=\"").append(f).append("\"/>\r\n"));
    body.append("</list>\r\n</resource-lists>\r\n");
    phone.send("SUBSCRIBE", rlsUri, null, List.of("Event: presence", "Expires: 600", "Supported: eventlist",
        "Require: recipient-list-subscribe", LIST_ACCEPT, "Content-Type: application/resource-lists+xml",
        "Content-Disposition: recipient-list"), body.toString());
    Message answer = phone.next(ANSWER);
    assertThat(answer).as("an answer to the SUBSCRIBE").isNotNull();
    assertThat(answer.status()).as(answer.startLine()).isEqualTo(200);
    assertThat(answer.header("require")).isEqualTo("eventlist");
    return answer.toTag();
  }

  private static void putList(String uri, List<String> members) throws Exception {
    StringBuilder document = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list>");
    members.forEach(m -> document.append("<entry uri=\"").append(m).append("\"/>"));
    document.append("</list></resource-lists>");
    Path file = Files.writeString(files.resolve(uri.replaceAll("\\W", "_") + ".xml"), document);
    CliRun put = CliRun.herald(adminPort, "lists", "put", uri, file.toString());
    assertThat(put.exitCode()).as(put.err()).isZero();
  }

  /** SUBSCRIBEs to {@code list} as a phone that takes list NOTIFYs; returns the To tag of the 200. */
  private static String subscribe(FlowAgent watcher, String list) throws Exception {
    watcher.send("SUBSCRIBE", list, null, List.of("Event: presence", "Expires: 600", "Supported: eventlist",
        LIST_ACCEPT), null);
    Message answer = watcher.next(ANSWER);
    assertThat(answer).as("an answer to the SUBSCRIBE").isNotNull();
    assertThat(answer.status()).as(answer.startLine()).isEqualTo(200);
    assertThat(answer.header("require")).isEqualTo("eventlist");
    return answer.toTag();
  }

  /** Ends the list dialog; its last NOTIFY says terminated. */
  private static void unsubscribe(FlowAgent watcher, String list, String toTag) throws Exception {
    watcher.send("SUBSCRIBE", list, toTag, List.of("Event: presence", "Expires: 0", "Supported: eventlist",
        LIST_ACCEPT), null);
    assertThat(watcher.next(ANSWER).status()).isEqualTo(200);
    Message last = nextNotify(watcher);
    assertThat(last.header("subscription-state")).startsWith("terminated");
  }

  private static void publish(FlowAgent publisher, String presentity, String basic, String note, String ifMatch)
      throws Exception {
    FlowsIT.publish(publisher, presentity, basic, note, ifMatch);
  }

  private static Message nextNotify(FlowAgent agent) throws InterruptedException {
    Message message = agent.next(ANSWER);
    assertThat(message).as("a NOTIFY within %s", ANSWER).isNotNull();
    assertThat(message.isRequest("NOTIFY")).as("a NOTIFY, not %s", message.startLine()).isTrue();
    return message;
  }

  private static ListNotify read(Message notify) {
    return ListNotify.parse(notify.header("content-type"), notify.body().getBytes(StandardCharsets.UTF_8));
  }
}
